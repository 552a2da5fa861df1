using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Analytics.Bench;

/// <summary>
/// How cost grows with the data: at each size of the generated dataset (10k, 30k, 100k series), a fresh
/// product (one silo on SQLite, the API) whose bundle holds that data, as a deployment with that much data would start.
/// Measured at each size: the first start (the bundle loader ingesting every figure before the silo answers), the
/// retrain that follows, silo memory with every series active (working set and managed heap, per series), ranking and
/// series latency at a fixed open-loop rate, ingest through the API of batches that are new series (GSO-table-shaped,
/// then every row a different series), and optionally memory again after idle series had time to deactivate.
/// </summary>
public static class GrowthRun
{
    public static async Task<int> MainAsync(string[] args)
    {
        var o = GrowthOptions.Parse(args);
        var root = SideBySideRun.FindRoot();
        var data = Path.Combine(root, "data");
        var started = DateTimeOffset.UtcNow;
        var results = new List<GrowthFigures>();

        foreach (var size in o.Sizes)
        {
            var dataset = GeneratedDataset.Create(size, o.Seed, data);
            Log($"size {size:N0}: {dataset.Indicators.Count:N0} indicators, {dataset.SeriesCount:N0} series, {dataset.ObservationCount:N0} observations");
            using var scratch = new ScratchDirectory(Directory.CreateTempSubdirectory("analytics-growth").FullName);
            var bundle = Path.Combine(scratch.Path, "bundle");
            WriteBundle(data, bundle, dataset);
            var env = new Dictionary<string, string>(o.SiloEnvironment)
            {
                ["ANALYTICS_BUNDLE"] = "seeds",
                ["ANALYTICS_BUNDLE_DIR"] = bundle,
                ["ANALYTICS_DATA_DIR"] = Path.Combine(scratch.Path, "db"),
            };
            Directory.CreateDirectory(env["ANALYTICS_DATA_DIR"]);

            await using var cluster = new ClusterProcesses(root) { SiloPatience = TimeSpan.FromMinutes(30) };
            await cluster.StartAsync(env, 1);
            var firstStart = cluster.SiloHealthyAfter!.Value.TotalSeconds;
            Log($"first start with the bundle loaded: {firstStart:F1} s ({dataset.ObservationCount / firstStart:N0} observations/s)");
            using var http = SideBySideRun.Client(cluster.ApiUrl);
            cluster.Authorize(http);
            var silo = cluster.Silos[0];
            var siloUrl = cluster.SiloUrls[0];

            await SideBySideRun.WaitForIdleModelAsync(http, TimeSpan.FromMinutes(60));
            var model = await ModelAsync(http);
            Log($"retrain: {model.TrainingSeconds:F1} s on {model.SeriesUsed:N0} series, forecasting them all {model.ForecastAllSeconds:F2} s");
            var loaded = await MemoryAsync(silo, siloUrl);
            Log($"memory with the data loaded: {loaded}");

            var random = new Random(o.Seed);
            var rankings = SideBySideRun.Distinct(4_000, () =>
            {
                var i = dataset.Indicators[random.Next(dataset.Indicators.Count)];
                return $"/api/rankings/{i.Code}?year={random.Next(i.FirstYear, i.LastYear + 1)}";
            });
            var series = SideBySideRun.Distinct(4_000, () =>
            {
                var i = dataset.Indicators[random.Next(dataset.Indicators.Count)];
                return $"/api/series/{i.Units[random.Next(i.Units.Count)].Code}/{i.Code}?geography=vn-63";
            });
            var warmUp = TimeSpan.FromSeconds(o.WarmUp);
            var duration = TimeSpan.FromSeconds(o.Seconds);
            // Each load with the garbage collections it saw in the silo and the API (their pauses are most of a tail).
            Uri[] processes = [siloUrl, cluster.ApiUrl];
            var gcBefore = await GcAsync(processes);
            var ranking = await OpenLoad.RunAsync(http, rankings, o.Rate, warmUp, duration);
            var rankingGc = Difference(await GcAsync(processes), gcBefore);
            Log($"rankings at {o.Rate}/s: p50 {ranking.P50:F2} ms, p99 {ranking.P99:F2} ms, errors {ranking.Errors}; GC {rankingGc}");
            gcBefore = await GcAsync(processes);
            var seriesLoad = await OpenLoad.RunAsync(http, series, o.Rate, warmUp, duration);
            var seriesGc = Difference(await GcAsync(processes), gcBefore);
            Log($"series at {o.Rate}/s: p50 {seriesLoad.P50:F2} ms, p99 {seriesLoad.P99:F2} ms, errors {seriesLoad.Errors}; GC {seriesGc}");

            // At the largest size, a retrain asked for while rankings are being answered: the silo trains on one core
            // at low priority and keeps answering with the model it has.
            RetrainUnderLoad? retrainUnderLoad = null;
            if (size == o.Sizes.Max())
            {
                using var admin = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromMinutes(10) };
                cluster.Authorize(admin);
                var retrainClock = Stopwatch.StartNew();
                var retrain = TimedAsync(admin.PostAsync("/api/models/retrain", null), retrainClock);
                var during = await OpenLoad.RunAsync(http, rankings, o.Rate, TimeSpan.Zero, TimeSpan.FromSeconds(o.RetrainLoadSeconds));
                var (answered, wall) = await retrain;
                using (answered) answered.EnsureSuccessStatusCode();
                var retrained = await ModelAsync(http);
                retrainUnderLoad = new RetrainUnderLoad(retrained.TrainingSeconds ?? double.NaN, wall, o.Rate, during.P50, during.P99, during.Max, during.Errors);
                Log($"retrain asked during rankings at {o.Rate}/s: trained in {retrainUnderLoad.TrainingSeconds:F1} s (answered after {wall:F1} s); " +
                    $"rankings meanwhile p50 {during.P50:F2} ms, p99 {during.P99:F2} ms, max {during.Max:F1} ms, errors {during.Errors}");
            }

            // Ingest on top of what is there: indicators the bundle did not have, so every row is a figure of a new series.
            var tableIndicators = GeneratedDataset.Beyond(dataset, o.IngestObservations, o.Seed, data);
            var yearIndicators = GeneratedDataset.Beyond(dataset, o.IngestObservations, o.Seed, data, tableIndicators.Sum(i => i.Units.Count * i.Years));
            var table = await IngestAsync(http, tableIndicators, "table", o);
            Log($"ingest, table-shaped: {table.Observations:N0} in {table.Seconds:F1} s = {table.PerSecond:N0}/s");
            var year = await IngestAsync(http, yearIndicators, "year", o);
            Log($"ingest, every row a new series: {year.Observations:N0} in {year.Seconds:F1} s = {year.PerSecond:N0}/s");
            await SideBySideRun.WaitForIdleModelAsync(http, TimeSpan.FromMinutes(60));
            var afterIngest = await MemoryAsync(silo, siloUrl);
            Log($"memory after the ingest: {afterIngest}");

            MemoryFigure? idle = null;
            // Only at the largest size: there it decides whether the data fits in memory, and the wait is minutes.
            if (o.IdleWaitSeconds > 0 && size == o.Sizes.Max())
            {
                Log($"waiting {o.IdleWaitSeconds} s with no requests for idle series to deactivate");
                await Task.Delay(TimeSpan.FromSeconds(o.IdleWaitSeconds));
                idle = await MemoryAsync(silo, siloUrl);
                Log($"memory after {o.IdleWaitSeconds} s idle: {idle}");
            }
            results.Add(new GrowthFigures(size, dataset.Indicators.Count, dataset.SeriesCount, dataset.ObservationCount, firstStart,
                model.TrainingSeconds ?? double.NaN, model.ForecastAllSeconds ?? double.NaN, model.SeriesUsed, loaded,
                Latency(ranking, rankingGc), Latency(seriesLoad, seriesGc), table, year, afterIngest, idle, retrainUnderLoad));
        }

        var lines = Table(o, results);
        Console.WriteLine();
        Console.WriteLine($"The product (one silo on SQLite and the API, embedded) started fresh at each size with the generated data as its bundle; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        lines.ForEach(Console.WriteLine);
        var json = JsonSerializer.Serialize(new { startedAt = started, finishedAt = DateTimeOffset.UtcNow, cores = Environment.ProcessorCount, options = o, sizes = results },
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        await File.WriteAllTextAsync(o.JsonPath, json);
        Console.WriteLine();
        Console.WriteLine($"JSON: {Path.GetFullPath(o.JsonPath)}");
        return 0;
    }

    public sealed record LatencyFigure(double P50, double P99, int Errors, GcFigure Gc);

    /// <param name="ManagedHeapMiB">The managed heap after the last collection (dotnet_gc_last_collection_heap_size_bytes, all generations).</param>
    /// <param name="PeakWorkingSetMiB">The most the silo process has held since it started (VmHWM), trainings included.</param>
    public sealed record MemoryFigure(double WorkingSetMiB, double ManagedHeapMiB, double Activations, double SeriesActivations, double PeakWorkingSetMiB)
    {
        public override string ToString() =>
            $"working set {WorkingSetMiB:N0} MiB (peak so far {PeakWorkingSetMiB:N0}), managed heap {ManagedHeapMiB:N0} MiB, {Activations:N0} activations ({SeriesActivations:N0} series)";
    }

    public sealed record GrowthFigures(
        int Size, int Indicators, int Series, int Observations, double FirstStartSeconds, double RetrainSeconds, double ForecastAllSeconds,
        int SeriesTrained, MemoryFigure Loaded, LatencyFigure Rankings, LatencyFigure SeriesReads,
        SideBySideRun.IngestFigure IngestTable, SideBySideRun.IngestFigure IngestYear, MemoryFigure AfterIngest, MemoryFigure? AfterIdle,
        RetrainUnderLoad? RetrainUnderLoad);

    /// <param name="TrainingSeconds">The training's own time (the model's trainingSeconds); <paramref name="AnsweredAfter"/> the retrain request's.</param>
    public sealed record RetrainUnderLoad(double TrainingSeconds, double AnsweredAfter, int Rate, double P50, double P99, double Max, int Errors);

    /// <summary>The answer, and the clock's reading when it came (not when the caller got round to awaiting it).</summary>
    private static async Task<(HttpResponseMessage Response, double Seconds)> TimedAsync(Task<HttpResponseMessage> call, Stopwatch clock)
    {
        var response = await call;
        return (response, clock.Elapsed.TotalSeconds);
    }

    private static LatencyFigure Latency(LoadResult r, GcFigure gc) => new(r.P50, r.P99, r.Errors, gc);

    /// <summary>Collections by generation and their total pause, summed over the silo and the API, during one load (warm-up included).</summary>
    public sealed record GcFigure(double Gen0, double Gen1, double Gen2, double PauseMs)
    {
        public override string ToString() => $"gen0 {Gen0:N0}, gen1 {Gen1:N0}, gen2 {Gen2:N0}, paused {PauseMs:N0} ms";
    }

    public static GcFigure Difference(GcFigure after, GcFigure before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.PauseMs - before.PauseMs);

    private static async Task<GcFigure> GcAsync(Uri[] processes)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var sum = new GcFigure(0, 0, 0, 0);
        foreach (var url in processes)
        {
            var one = GcOf(new MetricsText(await http.GetStringAsync(new Uri(url, "/metrics"))));
            sum = new GcFigure(sum.Gen0 + one.Gen0, sum.Gen1 + one.Gen1, sum.Gen2 + one.Gen2, sum.PauseMs + one.PauseMs);
        }
        return sum;
    }

    /// <summary>One process's collections so far, from its /metrics page.</summary>
    public static GcFigure GcOf(MetricsText metrics) => new(
        metrics.Sum("dotnet_gc_collections_total", "\"gen0\""), metrics.Sum("dotnet_gc_collections_total", "\"gen1\""),
        metrics.Sum("dotnet_gc_collections_total", "\"gen2\""), metrics.Sum("dotnet_gc_pause_time_seconds_total") * 1000);

    private sealed record ModelState(double? TrainingSeconds, double? ForecastAllSeconds, int SeriesUsed);

    private static async Task<ModelState> ModelAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<ModelState>("/api/models/current", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    private static async Task<MemoryFigure> MemoryAsync(Process silo, Uri siloUrl)
    {
        silo.Refresh();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = new MetricsText(await http.GetStringAsync(new Uri(siloUrl, "/metrics")));
        return new MemoryFigure(silo.WorkingSet64 / 1024.0 / 1024.0, metrics.Sum("dotnet_gc_last_collection_heap_size_bytes") / 1024 / 1024,
            metrics.Sum("orleans_catalog_activations"), metrics.Sum("orleans_grains", "grain_type=\"series\""), silo.PeakWorkingSet64 / 1024.0 / 1024.0);
    }

    private static async Task<SideBySideRun.IngestFigure> IngestAsync(HttpClient http, List<GeneratedDataset.Indicator> indicators, string shape, GrowthOptions o)
    {
        (await http.PostAsJsonAsync("/api/indicators", indicators.Select(i => i.Definition))).EnsureSuccessStatusCode();
        var batches = GeneratedDataset.Rows(indicators, shape).Chunk(o.BatchSize).Select(c => (Csv: GeneratedDataset.Csv(c), Count: c.Length)).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (b, ct) =>
        {
            using var response = await http.PostAsync("/api/observations", new StringContent(b.Csv, Encoding.UTF8, "text/csv"), ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"a batch failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var count = batches.Sum(b => b.Count);
        return new SideBySideRun.IngestFigure(count, seconds, count / seconds);
    }

    /// <summary>
    /// A bundle folder as the silo's loader reads it (formats/BundleLayout.cs): both geography files, the product's
    /// indicator catalog with the generated indicators after it, and the generated figures as seed files.
    /// </summary>
    public static void WriteBundle(string data, string bundle, GeneratedDataset dataset)
    {
        Directory.CreateDirectory(Path.Combine(bundle, "seeds"));
        foreach (var file in new[] { "provinces.csv", "provinces_2025.csv" })
            File.Copy(Path.Combine(data, file), Path.Combine(bundle, file));
        var catalog = new StringBuilder(File.ReadAllText(Path.Combine(data, "indicators.csv")));
        if (catalog.Length > 0 && catalog[^1] != '\n') catalog.Append('\n');
        foreach (var i in dataset.Indicators)
            catalog.Append(CultureInfo.InvariantCulture,
                $"{i.Code},{Quoted(i.NameVi)},{Quoted(i.NameEn)},{Quoted(i.UnitName)},{(i.HigherIsBetter ? "higher" : "lower")},{i.Min},{i.Max},{i.Aggregation},generated,,\n");   // decimals and note left open
        File.WriteAllText(Path.Combine(bundle, "indicators.csv"), catalog.ToString());
        var files = 0;
        foreach (var chunk in dataset.Rows().Chunk(50_000))
            File.WriteAllText(Path.Combine(bundle, "seeds", $"generated-{files++:000}.csv"), GeneratedDataset.Csv(chunk));
    }

    private static string Quoted(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    private static List<string> Table(GrowthOptions o, List<GrowthFigures> r)
    {
        string Row(string what, Func<GrowthFigures, string> cell) => $"| {what} | {string.Join(" | ", r.Select(cell))} |";
        string PerSeries(double mib, int series) => (mib * 1024 / series).ToString("N1", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"| at | {string.Join(" | ", r.Select(x => $"{x.Series:N0} series"))} |",
            $"|---|{string.Concat(r.Select(_ => "---:|"))}",
            Row("indicators / observations", x => $"{x.Indicators:N0} / {x.Observations:N0}"),
            Row("first start: silo process start until it answers, the bundle loaded (s)", x => $"{x.FirstStartSeconds:F1}"),
            Row("… as observations loaded per second", x => $"{x.Observations / x.FirstStartSeconds:N0}"),
            Row("retrain after the first start (s; series trained on)", x => $"{x.RetrainSeconds:F1} ({x.SeriesTrained:N0})"),
            Row("silo working set with every series active (MiB)", x => $"{x.Loaded.WorkingSetMiB:N0}"),
            Row("silo managed heap after the last collection (MiB)", x => $"{x.Loaded.ManagedHeapMiB:N0}"),
            Row("series activations", x => $"{x.Loaded.SeriesActivations:N0}"),
            Row("working set per series (KiB; all of it, fixed costs included)", x => PerSeries(x.Loaded.WorkingSetMiB, x.Series)),
            Row($"ranking, different questions in turn, {o.Rate}/s for {o.Seconds} s: p50 / p99 (ms)", x => $"{x.Rankings.P50:F2} / {x.Rankings.P99:F2}"),
            Row($"series, different in turn, {o.Rate}/s for {o.Seconds} s: p50 / p99 (ms)", x => $"{x.SeriesReads.P50:F2} / {x.SeriesReads.P99:F2}"),
            Row("garbage collections during both loads, silo + API: gen2 count, total pause (ms)", x => $"{x.Rankings.Gc.Gen2 + x.SeriesReads.Gc.Gen2:N0}, {x.Rankings.Gc.PauseMs + x.SeriesReads.Gc.PauseMs:N0}"),
            Row($"ingest through the API, GSO-table-shaped batches of {o.BatchSize:N0}, new series (observations/s)", x => $"{x.IngestTable.PerSecond:N0}"),
            Row($"ingest, every row a new series (observations/s)", x => $"{x.IngestYear.PerSecond:N0}"),
            Row("silo working set / managed heap after the ingest and its retrain (MiB)", x => $"{x.AfterIngest.WorkingSetMiB:N0} / {x.AfterIngest.ManagedHeapMiB:N0}"),
            Row("silo's peak working set since it started, trainings included (MiB)", x => $"{(x.AfterIdle ?? x.AfterIngest).PeakWorkingSetMiB:N0}"),
        };
        if (r.Any(x => x.RetrainUnderLoad is not null))
            lines.Add(Row($"retrain asked while rankings are answered at {o.Rate}/s for {o.RetrainLoadSeconds} s: training s; rankings p50 / p99 / max ms, errors",
                x => x.RetrainUnderLoad is { } t ? $"{t.TrainingSeconds:F1}; {t.P50:F2} / {t.P99:F2} / {t.Max:F0}, {t.Errors}" : "–"));
        if (r.Any(x => x.AfterIdle is not null))
            lines.Add(Row($"after {o.IdleWaitSeconds} s without requests: working set / managed heap (MiB), series activations",
                x => x.AfterIdle is { } m ? $"{m.WorkingSetMiB:N0} / {m.ManagedHeapMiB:N0}, {m.SeriesActivations:N0}" : "–"));
        // How cost grows: each step's cost per added series, and each cost's growth beside the data's.
        lines.Add("");
        lines.Add("| from → to (series) | data × | working set per added series (KiB) | managed heap per added series (KiB) | first start × | retrain × | ranking p99 × | series p99 × |");
        lines.Add("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 1; i < r.Count; i++)
        {
            var (a, b) = (r[i - 1], r[i]);
            var added = b.Series - a.Series;
            lines.Add($"| {a.Series:N0} → {b.Series:N0} | {(double)b.Observations / a.Observations:F2} | {PerSeries(b.Loaded.WorkingSetMiB - a.Loaded.WorkingSetMiB, added)} | " +
                      $"{PerSeries(b.Loaded.ManagedHeapMiB - a.Loaded.ManagedHeapMiB, added)} | {b.FirstStartSeconds / a.FirstStartSeconds:F2} | {b.RetrainSeconds / a.RetrainSeconds:F2} | " +
                      $"{b.Rankings.P99 / a.Rankings.P99:F2} | {b.SeriesReads.P99 / a.SeriesReads.P99:F2} |");
        }
        return lines;
    }

    private static void Log(string line) => SideBySideRun.Log(line);
}

/// <summary>Options of <c>growth</c>.</summary>
public sealed record GrowthOptions(
    int[] Sizes, int Seed, int Rate, int Seconds, int WarmUp, int IngestObservations, int BatchSize, int Concurrency,
    int IdleWaitSeconds, Dictionary<string, string> SiloEnvironment, string JsonPath, int RetrainLoadSeconds)
{
    public static GrowthOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var quick = args.Contains("--quick");
        int Int(string name, int normal, int small) => int.Parse(Get(name) ?? (quick ? small : normal).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // --env KEY=VALUE (repeatable): settings for the product's processes, e.g. a shorter idle age for series.
        var env = args.Select((a, i) => (a, i)).Where(x => x.a == "--env" && x.i + 1 < args.Length).Select(x => args[x.i + 1].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");
        return new GrowthOptions(
            [.. (Get("--sizes") ?? (quick ? "500,1000" : "10000,30000,100000")).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            Int("--seed", 16, 16), Int("--rate", 500, 100), Int("--seconds", 10, 2), Int("--warmup", 3, 1),
            Int("--ingest", 50_000, 3_000), Int("--batch", 1000, 1000), Int("--concurrency", 4, 4), Int("--idle-wait", 0, 0), env,
            Get("--json") ?? $"growth-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json", Int("--retrain-load", 45, 5));
    }
}
