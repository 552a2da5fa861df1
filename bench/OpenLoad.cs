using System.Diagnostics;

namespace Analytics.Bench;

/// <summary>What one open-loop load measured: latencies from when each request was due, and how many failed.</summary>
public sealed record LoadResult(int Rate, double Seconds, double[] Latencies, int Errors)
{
    /// <summary>From the first request's due time until the last answer arrived (longer than Seconds when a queue built up).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Good answers per second of wall time: what was served, whatever was asked.</summary>
    public double Achieved => WallSeconds > 0 ? (Latencies.Length - Errors) / WallSeconds : double.NaN;

    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);
    public double Max => Latencies.Length == 0 ? double.NaN : Latencies.Max();

    public double Percentile(double p) => Percentile(Latencies, p);

    /// <summary>
    /// The p99 of every <paramref name="seconds"/>-second window of the load, in order (requests by when they were
    /// due): a pause shows in the window it fell in instead of melting into the whole load's p99.
    /// </summary>
    public double[] WindowP99(double seconds = 5) =>
        [.. Latencies.Chunk(Math.Max(1, (int)(seconds * Rate))).Select(window => Percentile(window, 0.99))];

    private static double Percentile(double[] latencies, double p)
    {
        if (latencies.Length == 0) return double.NaN;
        var sorted = latencies.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>
/// The open-loop generator the side-by-side run drives both services with: requests are sent on a fixed schedule
/// from a thread of its own (usleep, not Task.Delay, which wakes late on a busy pool) and timed from when they were
/// due, so a slow answer cannot hide the queue behind it. Unlike BenchmarkRun's, a failed request is counted (and
/// timed) rather than ending the run: the step search drives services past what they sustain. An answer can also
/// be checked (<c>accept</c>, given the body): one that fails counts as an error, so a broken page cannot look fast.
/// </summary>
public static class OpenLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient http, string[] paths, int rate, TimeSpan warmUp, TimeSpan duration, Func<byte[], bool>? accept = null)
    {
        if (warmUp > TimeSpan.Zero) await PacedAsync(http, paths, rate, warmUp, accept);
        return await PacedAsync(http, paths, rate, duration, accept);
    }

    /// <summary>Doubles the rate while p99 stays under the limit with no errors, then halves the gap twice.</summary>
    public static async Task<(int Rate, List<LoadResult> Steps)> HighestSustainedAsync(
        HttpClient http, string[] paths, int startRate, int maxRate, double p99LimitMs, TimeSpan warmUp, TimeSpan stepDuration,
        Action<string> log, Func<byte[], bool>? accept = null)
    {
        var steps = new List<LoadResult>();
        async Task<bool> Holds(int rate)
        {
            var result = await RunAsync(http, paths, rate, warmUp, stepDuration, accept);
            steps.Add(result);
            log($"  step {rate}/s: p99 {result.P99:F2} ms, errors {result.Errors}");
            await Task.Delay(1000); // let a backlog and its garbage clear before the next step
            return result.Errors == 0 && result.P99 < p99LimitMs;
        }

        int held = 0, failed = 0;
        for (var rate = startRate; rate <= maxRate; rate *= 2)
        {
            if (await Holds(rate)) held = rate;
            else { failed = rate; break; }
        }
        // Bisections on a grid of 50/s, or 10/s below 200/s (pages are slower than JSON answers).
        var grid = failed > 200 ? 50 : 10;
        for (var i = 0; i < 2 && failed > 0 && failed - held > Math.Max(grid, held / 8); i++)
        {
            var middle = (held + failed) / 2 / grid * grid;
            if (middle <= held) break;
            if (await Holds(middle)) held = middle; else failed = middle;
        }
        return (held, steps);
    }

    private static async Task<LoadResult> PacedAsync(HttpClient http, string[] paths, int rate, TimeSpan duration, Func<byte[], bool>? accept)
    {
        var count = Math.Max(1, (int)(duration.TotalSeconds * rate));
        var interval = Stopwatch.Frequency / (double)rate;
        var latencies = new double[count];
        var requests = new Task[count];
        var errors = 0;
        var start = Stopwatch.GetTimestamp();
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                for (var ahead = due - Stopwatch.GetTimestamp(); ahead > 0; ahead = due - Stopwatch.GetTimestamp())
                    SleepMicroseconds((uint)(ahead * 1_000_000 / Stopwatch.Frequency));
                requests[i] = TimeOneAsync(paths[i % paths.Length], due, i);
            }
        }) { IsBackground = true, Name = "side-by-side pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(requests);
        return new LoadResult(rate, duration.TotalSeconds, latencies, errors) { WallSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds };

        async Task TimeOneAsync(string path, long due, int index)
        {
            try
            {
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode || (accept is not null && !accept(body))) Interlocked.Increment(ref errors);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref errors);
            }
            latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "usleep")]
    private static extern int SleepMicroseconds(uint microseconds);
}
