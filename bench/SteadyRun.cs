using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Analytics.Bench;

/// <summary>
/// Whether the product's tails stay steady while it does its own work: one open-loop load of rankings and series
/// reads at a fixed rate for many minutes, with the product's background work falling inside it — the retrain after
/// an ingest, an operator's retrain, and the idle waves in which the series nobody reads deactivate (the idle time
/// is shortened so that several fall in one run). Every 5 seconds it reads each process's garbage collections and
/// pauses, and the silo's activations, and prints the p99 of the requests due in that window beside them, so a slow
/// window shows what the product was doing at the time.
/// </summary>
public static class SteadyRun
{
    public static async Task<int> MainAsync(string[] args)
    {
        var o = SteadyOptions.Parse(args);
        var root = SideBySideRun.FindRoot();
        var dataset = GeneratedDataset.Create(o.Series, o.Seed, Path.Combine(root, "data"));
        using var scratch = new ScratchDirectory(Directory.CreateTempSubdirectory("analytics-steady").FullName);
        var env = new Dictionary<string, string>(o.ProductEnvironment)
        {
            ["ANALYTICS_BUNDLE"] = o.Bundle,
            ["ANALYTICS_DATA_DIR"] = scratch.Path,
            ["ANALYTICS_SERIES_IDLE_MINUTES"] = o.IdleMinutes.ToString(CultureInfo.InvariantCulture),
            // None kept resident, so the series nobody reads do leave and the run has its idle waves
            // (the product keeps as many as fit in a fifth of its memory; --product-env may set it).
            ["ANALYTICS_RESIDENT_SERIES"] = o.ProductEnvironment.GetValueOrDefault("ANALYTICS_RESIDENT_SERIES", "0"),
        };
        await using var cluster = new ClusterProcesses(root);
        await cluster.StartAsync(env, silos: 1);
        using var http = SideBySideRun.Client(cluster.ApiUrl);
        cluster.Authorize(http);
        Log($"product on {cluster.ApiUrl}; series idle after {o.IdleMinutes} min");
        await SideBySideRun.WaitForIdleModelAsync(http, TimeSpan.FromMinutes(30));

        foreach (var chunk in dataset.Indicators.Chunk(500))
            (await http.PostAsJsonAsync("/api/indicators", chunk.Select(i => i.Definition))).EnsureSuccessStatusCode();
        var batches = GeneratedDataset.Rows(dataset.Indicators, "table").Chunk(1000).Select(GeneratedDataset.Csv).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (csv, ct) =>
            (await http.PostAsync("/api/observations", new StringContent(csv, Encoding.UTF8, "text/csv"), ct)).EnsureSuccessStatusCode());
        Log($"ingested {dataset.ObservationCount:N0} figures of {dataset.SeriesCount:N0} series in {clock.Elapsed.TotalSeconds:F0} s; the load starts now, beside the retrain it set off");

        // Rankings of every indicator (their leaderboards stay active), series of a few only: the others go idle.
        var random = new Random(o.Seed);
        var rankings = SideBySideRun.RankingQuestions(dataset, random, 6_000);
        var readSeries = dataset.Indicators.SelectMany(i => i.Units.Select(u => (u.Code, i.Code))).OrderBy(_ => random.Next()).Take(o.ReadSeries).ToArray();
        var series = readSeries.Select(s => $"/api/series/{s.Item1}/{s.Item2}?geography=vn-63").ToArray();
        var paths = Enumerable.Range(0, Math.Max(rankings.Length, series.Length) * 2)
            .Select(i => i % 2 == 0 ? rankings[i / 2 % rankings.Length] : series[i / 2 % series.Length]).ToArray();

        var processes = new (string Name, Uri Url)[] { ("silo", cluster.SiloUrls[0]), ("api", cluster.ApiUrl) };
        var samples = new List<Sample>();
        var events = new List<(double At, string What)>();
        var start = Stopwatch.GetTimestamp();
        double Now() => Stopwatch.GetElapsedTime(start).TotalSeconds;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var metricsHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            while (!stop.IsCancellationRequested)
            {
                samples.Add(await SampleAsync(metricsHttp, processes, Now()));
                try { await Task.Delay(TimeSpan.FromSeconds(o.WindowSeconds), stop.Token); } catch (OperationCanceledException) { }
            }
            samples.Add(await SampleAsync(metricsHttp, processes, Now()));
        });
        var retrain = Task.Run(async () =>
        {
            try { await Task.Delay(TimeSpan.FromMinutes(o.RetrainAtMinute), stop.Token); }
            catch (OperationCanceledException) { return; } // the load ended first
            events.Add((Now(), "operator's retrain asked"));
            // Its own client: a retrain of many series outlasts the load's 30-second timeout, and its answer is only logged.
            using var patient = SideBySideRun.Client(cluster.ApiUrl);
            patient.Timeout = TimeSpan.FromMinutes(10);
            cluster.Authorize(patient);
            try
            {
                using var response = await patient.PostAsync("/api/models/retrain", null);
                events.Add((Now(), $"retrain answered {(int)response.StatusCode}"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                events.Add((Now(), $"retrain not answered: {ex.GetType().Name}"));
            }
        });

        var load = await OpenLoad.RunAsync(http, paths, o.Rate, TimeSpan.Zero, TimeSpan.FromMinutes(o.Minutes));
        stop.Cancel();
        await sampler;
        await retrain;

        var windows = Windows(load, samples, o);
        Console.WriteLine();
        Console.WriteLine($"{o.Rate:N0} requests/s (rankings and series in turn) for {o.Minutes} min, {dataset.SeriesCount:N0} series ({o.ReadSeries:N0} of them read), " +
                          $"idle after {o.IdleMinutes} min, operator's retrain at minute {o.RetrainAtMinute}; {Environment.ProcessorCount} cores shared by the load generator and the product.");
        Console.WriteLine();
        Console.WriteLine("| from s | requests | p99 ms | max ms | silo collections in the window | API collections in the window | series activations | silo working set MiB |");
        Console.WriteLine("|---:|---:|---:|---:|---|---|---:|---:|");
        foreach (var w in windows.Where(w => w.P99 >= o.P99LimitMs || w.Index % 12 == 0))
            Console.WriteLine($"| {w.From:F0} | {w.Requests:N0} | {w.P99:F1} | {w.Max:F1} | {w.Silo} | {w.Api} | {w.SeriesActivations:N0} | {w.SiloWorkingSetMiB:N0} |");
        var over = windows.Count(w => w.P99 >= o.P99LimitMs);
        var p99s = windows.Select(w => w.P99).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"windows: {windows.Count}; p99 of a window: median {p99s[p99s.Length / 2]:F1} ms, worst {p99s[^1]:F1} ms; " +
                          $"windows with p99 ≥ {o.P99LimitMs} ms: {over}; whole run p50 {load.P50:F2} ms, p99 {load.P99:F2} ms, errors {load.Errors}");
        var (first, last) = (samples[0], samples[^1]);
        Console.WriteLine($"processor time per request (all windows): silo {(last.CpuSeconds["silo"] - first.CpuSeconds["silo"]) * 1000 / load.Latencies.Length:F2} ms, " +
                          $"API {(last.CpuSeconds["api"] - first.CpuSeconds["api"]) * 1000 / load.Latencies.Length:F2} ms");
        Console.WriteLine($"most GC pause time in one window: silo {windows.Max(w => w.Silo.PauseMs):F0} ms, API {windows.Max(w => w.Api.PauseMs):F0} ms");
        foreach (var (at, what) in events) Console.WriteLine($"at {at:F0} s: {what}");
        // What an active series costs: memory the silo held with every series active beside what it held once the idle
        // ones had left (after the wave's collection), over how many left.
        var most = samples.MaxBy(s => s.SeriesActivations)!;
        var fewest = samples.Where(s => s.At > most.At).MinBy(s => s.SeriesActivations);
        if (fewest is not null && most.SeriesActivations - fewest.SeriesActivations > 100)
        {
            var gone = most.SeriesActivations - fewest.SeriesActivations;
            Console.WriteLine($"{gone:N0} series deactivated between {most.At:F0} s and {fewest.At:F0} s: managed heap {most.SiloHeapMiB:N0} → {fewest.SiloHeapMiB:N0} MiB " +
                              $"({(most.SiloHeapMiB - fewest.SiloHeapMiB) * 1024 / gone:F1} KB a series), working set {most.SiloWorkingSetMiB:N0} → {fewest.SiloWorkingSetMiB:N0} MiB " +
                              $"({(most.SiloWorkingSetMiB - fewest.SiloWorkingSetMiB) * 1024 / gone:F1} KB a series)");
        }

        await File.WriteAllTextAsync(o.JsonPath, JsonSerializer.Serialize(new
        {
            finishedAt = DateTimeOffset.UtcNow, cores = Environment.ProcessorCount, options = o,
            dataset = new { series = dataset.SeriesCount, observations = dataset.ObservationCount },
            whole = new { p50 = load.P50, p99 = load.P99, max = load.Max, errors = load.Errors, requests = load.Latencies.Length },
            windowsOverLimit = over, events = events.Select(e => new { at = e.At, what = e.What }), windows,
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Console.WriteLine($"JSON: {Path.GetFullPath(o.JsonPath)}");
        return 0;
    }

    /// <summary>What the product's processes said at one moment (seconds since the load began).</summary>
    public sealed record Sample(double At, Dictionary<string, GrowthRun.GcFigure> Gc, Dictionary<string, double> CpuSeconds, double SeriesActivations, double SiloWorkingSetMiB,
        double SiloHeapMiB);

    public sealed record Window(int Index, double From, int Requests, double P99, double Max, GrowthRun.GcFigure Silo, GrowthRun.GcFigure Api,
        double SeriesActivations, double SiloWorkingSetMiB);

    private static async Task<Sample> SampleAsync(HttpClient http, (string Name, Uri Url)[] processes, double at)
    {
        var gc = new Dictionary<string, GrowthRun.GcFigure>();
        var cpu = new Dictionary<string, double>();
        double activations = 0, workingSet = 0, heap = 0;
        foreach (var (name, url) in processes)
        {
            var metrics = new MetricsText(await http.GetStringAsync(new Uri(url, "/metrics")));
            gc[name] = GrowthRun.GcOf(metrics);
            cpu[name] = metrics.Sum("dotnet_process_cpu_time_seconds_total");
            if (name != "silo") continue;
            activations = metrics.Sum("orleans_grains", "grain_type=\"series\"");
            workingSet = metrics.Sum("dotnet_process_memory_working_set_bytes") / 1024 / 1024;
            heap = metrics.Sum("dotnet_gc_last_collection_heap_size_bytes") / 1024 / 1024;
        }
        return new Sample(at, gc, cpu, activations, workingSet, heap);
    }

    /// <summary>
    /// The requests due in each window (the load is paced, so request i was due at i ÷ rate seconds) beside the
    /// collections between the samples around it.
    /// </summary>
    public static List<Window> Windows(LoadResult load, List<Sample> samples, SteadyOptions o)
    {
        var perWindow = (int)(o.Rate * o.WindowSeconds);
        var windows = new List<Window>();
        var chunks = load.Latencies.Chunk(perWindow).ToArray();
        for (var i = 0; i < chunks.Length; i++)
        {
            var from = i * o.WindowSeconds;
            var before = samples.LastOrDefault(s => s.At <= from) ?? samples[0];
            var after = samples.FirstOrDefault(s => s.At >= from + o.WindowSeconds) ?? samples[^1];
            var sorted = chunks[i].Order().ToArray();
            windows.Add(new Window(i, from, sorted.Length, sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1], sorted[^1],
                GrowthRun.Difference(after.Gc["silo"], before.Gc["silo"]), GrowthRun.Difference(after.Gc["api"], before.Gc["api"]),
                after.SeriesActivations, after.SiloWorkingSetMiB));
        }
        return windows;
    }

    private static void Log(string line) => SideBySideRun.Log(line);
}

/// <summary>Options of <c>steady</c>; <c>--quick</c> is a smoke run of a minute.</summary>
public sealed record SteadyOptions(
    int Series, int Seed, int Rate, double Minutes, double IdleMinutes, double RetrainAtMinute, int ReadSeries, int WindowSeconds,
    double P99LimitMs, string Bundle, string JsonPath, Dictionary<string, string> ProductEnvironment)
{
    public static SteadyOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var quick = args.Contains("--quick");
        double Number(string name, double normal, double small) =>
            double.Parse(Get(name) ?? (quick ? small : normal).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return new SteadyOptions(
            (int)Number("--series", 10_000, 500), (int)Number("--seed", 16, 16), (int)Number("--rate", 500, 100),
            Number("--minutes", 30, 1), Number("--idle-minutes", 4, 1), Number("--retrain-at", 15, 0.5), (int)Number("--read-series", 500, 50),
            (int)Number("--window", 5, 5), Number("--p99-limit", 10, 10), Get("--bundle") ?? "seeds",
            Get("--json") ?? $"steady-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json",
            args.Select((a, i) => (a, i)).Where(x => x.a == "--product-env" && x.i + 1 < args.Length).Select(x => args[x.i + 1].Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""));
    }
}
