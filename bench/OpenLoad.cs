using System.Diagnostics;

namespace Analytics.Bench;

/// <summary>What one open-loop load measured: latencies from when each request was due, and how many failed.</summary>
public sealed record LoadResult(int Rate, double Seconds, double[] Latencies, int Errors)
{
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);
    public double Max => Latencies.Length == 0 ? double.NaN : Latencies.Max();

    public double Percentile(double p)
    {
        if (Latencies.Length == 0) return double.NaN;
        var sorted = Latencies.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>
/// The open-loop generator the side-by-side run drives both services with: requests are sent on a fixed schedule
/// from a thread of its own (usleep, not Task.Delay, which wakes late on a busy pool) and timed from when they were
/// due, so a slow answer cannot hide the queue behind it. Unlike BenchmarkRun's, a failed request is counted (and
/// timed) rather than ending the run: the step search drives services past what they sustain.
/// </summary>
public static class OpenLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient http, string[] paths, int rate, TimeSpan warmUp, TimeSpan duration)
    {
        if (warmUp > TimeSpan.Zero) await PacedAsync(http, paths, rate, warmUp);
        return await PacedAsync(http, paths, rate, duration);
    }

    private static async Task<LoadResult> PacedAsync(HttpClient http, string[] paths, int rate, TimeSpan duration)
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
        return new LoadResult(rate, duration.TotalSeconds, latencies, errors);

        async Task TimeOneAsync(string path, long due, int index)
        {
            try
            {
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
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
