using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace Analytics.Bench;

/// <summary>
/// Measures the product as deployed: observations/s through POST /api/observations in batches of 1,000, and
/// ranking latency under an open-loop load (requests are sent on a fixed schedule and timed from when they were
/// due, so a slow response cannot hide the queue behind it).
/// </summary>
public static class BenchmarkRun
{
    private const int Provinces = 63;

    public static async Task<int> MainAsync(string[] args)
    {
        var root = FindRoot();
        if (args.Contains("--reports")) return await ReportBenchmark.MainAsync(args, root);
        var options = BenchOptions.Parse(args);
        var dataDir = Directory.CreateTempSubdirectory("analytics-bench").FullName;
        var env = new Dictionary<string, string> { ["ANALYTICS_BUNDLE"] = "catalog", ["ANALYTICS_DATA_DIR"] = dataDir };
        if (options.Mode == "postgres")
        {
            env["ANALYTICS_MODE"] = "postgres";
            env["ANALYTICS_PG"] = Environment.GetEnvironmentVariable("ANALYTICS_PG")
                ?? throw new InvalidOperationException("--mode postgres needs ANALYTICS_PG (scripts/postgres.sh start DIR prints it).");
            env["ANALYTICS_CLUSTER_ID"] = "bench-" + Guid.NewGuid().ToString("n")[..8];
        }

        await using var cluster = new ClusterProcesses(root);
        await cluster.StartAsync(env, options.Silos);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        cluster.Authorize(http);

        Uri[] processes = [cluster.ApiUrl, .. cluster.SiloUrls];
        Task<List<double>> Load(string[] paths) => LoadAsync(http, processes, paths, options.Rate, TimeSpan.FromSeconds(options.Seconds));

        var catalogProvinces = (await http.GetFromJsonAsync<List<ProvinceRow>>("/api/provinces?geography=vn-63"))!;
        var provinces = catalogProvinces
            .Where(p => p.ValidTo is null || p.ValidTo.Value.Year >= 2025).Select(p => p.Code).Take(Provinces).ToList();

        var results = new List<string>();
        // A fresh cluster runs its first seconds on unoptimised (tier-0) code while the JIT recompiles the hot paths,
        // and every batch triggers a model retrain 5 s after the last one, which takes a core for ~15 s. Measured:
        // the first batches on their own (cold), then each shape on warm code with no training beside it.
        var warmUp = options with { Observations = WarmUpObservations };
        var warmUpBatches = Batches("table", await DefineIndicatorsAsync(http, WarmUpObservations / (Provinces * options.Years) + 1, "warmup"), provinces, warmUp).ToList();
        var (coldSeconds, coldObservations) = await IngestAsync(http, warmUpBatches, options.Concurrency);
        results.Add($"| ingest into a just-started cluster (cold: first {coldObservations:N0} observations, table-shaped) | {coldObservations:N0} observations in {coldSeconds:F1} s | {coldObservations / coldSeconds:N0} observations/s |");

        foreach (var shape in options.Shapes)
        {
            await WaitForIdleModelAsync(http, TimeSpan.FromMinutes(5));
            var indicators = await DefineIndicatorsAsync(http, options.Observations / (Provinces * options.Years) + 1, shape);
            var batches = Batches(shape, indicators, provinces, options).ToList();
            var (seconds, observations) = await IngestAsync(http, batches, options.Concurrency);
            var seriesPerBatch = batches.Average(b => b.SeriesCount);
            results.Add($"| ingest, {shape}-shaped batches (~{seriesPerBatch:F0} series per batch of {options.BatchSize}) | {observations:N0} observations in {seconds:F1} s | **{observations / seconds:N0} observations/s** |");
        }

        // The ingest triggers a retrain 5 s after its last batch; latency is measured once the model is idle again
        // (a retrain takes one core for several seconds; docs/performance.md).
        var retrain = await WaitForIdleModelAsync(http, TimeSpan.FromMinutes(5));
        results.Add($"| model retrain after the ingest (all series in the cluster, one core), then a forecast of every series | {retrain.Series:N0} series | {retrain.Seconds:F1} s + {retrain.ForecastAll:F2} s |");

        var rankIndicator = "bench-table-000";
        // The floor: what this machine, the client and Kestrel cost without any grain call.
        var floor = await Load(["/health/live"]);
        results.Add($"| floor: GET /health/live on the API (no grain call), {options.Rate} requests/s for {options.Seconds} s | p50 {Percentile(floor, 0.50):F2} ms, p90 {Percentile(floor, 0.90):F2} ms | p99 {Percentile(floor, 0.99):F2} ms, max {floor.Max():F1} ms |");
        var latencies = await Load([$"/api/rankings/{rankIndicator}?year=2015"]);
        results.Add($"| ranking of {Provinces} provinces, {options.Rate} requests/s for {options.Seconds} s ({latencies.Count:N0} requests) | p50 {Percentile(latencies, 0.50):F2} ms, p90 {Percentile(latencies, 0.90):F2} ms | **p99 {Percentile(latencies, 0.99):F2} ms**, max {latencies.Max():F1} ms |");

        // The API keeps each answer for up to a second; this load asks 560 different questions in turn (every year,
        // kind and region), so each comes round again only after its answer has expired: the grain answers nearly all.
        var regions = catalogProvinces.Select(p => p.Region).Distinct().Prepend(null);
        var varied = (from region in regions
                      from kind in new[] { "actual", "estimate", "plan", "target", "baseline" }
                      from year in Enumerable.Range(2000, options.Years)
                      select $"/api/rankings/{rankIndicator}?year={year}&kind={kind}" + (region is null ? "" : $"&region={Uri.EscapeDataString(region)}")).ToArray();
        var uncached = await Load(varied);
        results.Add($"| ranking, {varied.Length} different questions in turn (the API's 1 s cache misses), {options.Rate} requests/s for {options.Seconds} s | p50 {Percentile(uncached, 0.50):F2} ms, p90 {Percentile(uncached, 0.90):F2} ms | p99 {Percentile(uncached, 0.99):F2} ms, max {uncached.Max():F1} ms |");

        var serverSide = ServerSideP99(await http.GetStringAsync("/metrics"), "analytics_ranking_request_duration_seconds_bucket");
        results.Add($"| both ranking loads as the API itself timed them (histogram buckets) | from request to response inside the API | p99 ≤ {serverSide * 1000:F1} ms |");

        var forecastPaths = provinces.Take(20).Select(p => $"/api/forecasts/{p}/{rankIndicator}?year=2025").ToArray();
        var forecasts = await Load(forecastPaths);
        var forecastServer = ServerSideP99(await http.GetStringAsync("/metrics"), "analytics_forecast_request_duration_seconds_bucket");
        results.Add($"| the same forecasts as the API itself timed them (histogram buckets) | from request to response inside the API | p99 ≤ {forecastServer * 1000:F1} ms |");
        results.Add($"| cached forecast of one series (20 series in turn), {options.Rate} requests/s for {options.Seconds} s | p50 {Percentile(forecasts, 0.50):F2} ms, p90 {Percentile(forecasts, 0.90):F2} ms | **p99 {Percentile(forecasts, 0.99):F2} ms**, max {forecasts.Max():F1} ms |");

        foreach (var p in cluster.Silos) { p.Refresh(); results.Add($"| silo process {p.Id} memory after the run | working set | {p.WorkingSet64 / 1024 / 1024:N0} MiB |"); }

        Console.WriteLine();
        Console.WriteLine($"Mode: {options.Mode}, silos: {options.Silos}, concurrent senders: {options.Concurrency}, machine: {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| what | measured | result |");
        Console.WriteLine("|---|---|---|");
        results.ForEach(Console.WriteLine);
        try { Directory.Delete(dataDir, true); } catch (IOException) { }
        return 0;
    }

    private const int WarmUpObservations = 20_000;

    private sealed record ProvinceRow(string Code, DateOnly? ValidTo, string Region);

    private sealed record Batch(string Csv, int Count, int SeriesCount);

    private static async Task<List<string>> DefineIndicatorsAsync(HttpClient http, int count, string shape)
    {
        var codes = Enumerable.Range(0, count).Select(i => $"bench-{shape}-{i:000}").ToList();
        var response = await http.PostAsJsonAsync("/api/indicators", codes.Select(c => new
        {
            code = c, nameVi = "Chỉ tiêu đo hiệu năng", nameEn = "Benchmark rate", unit = "%",
            direction = "higher-is-better", min = 0, max = 100, aggregation = "mean", source = "bench",
        }));
        response.EnsureSuccessStatusCode();
        return codes;
    }

    /// <summary>
    /// Table-shaped: rows ordered as a GSO table arrives (indicator, province, year), so a batch touches ~63 series.
    /// Year-shaped: one year of many indicators, so every row of a batch is a different series (the worst case).
    /// </summary>
    private static IEnumerable<Batch> Batches(string shape, List<string> indicators, List<string> provinces, BenchOptions options)
    {
        var rows = from indicator in indicators
                   from province in provinces
                   from year in Enumerable.Range(2000, options.Years)
                   select (indicator, province, year);
        if (shape == "year") rows = rows.OrderBy(r => r.year).ThenBy(r => r.indicator).ThenBy(r => r.province);
        var random = new Random(42);
        foreach (var chunk in rows.Take(options.Observations).Chunk(options.BatchSize))
        {
            var csv = new StringBuilder("province,indicator,year,quarter,kind,value,unit,source,quote\n");
            foreach (var (indicator, province, year) in chunk)
                csv.Append(province).Append(',').Append(indicator).Append(',').Append(year).Append(",,actual,")
                   .Append(Math.Round(random.NextDouble() * 100, 2).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",%,bench,\n");
            yield return new Batch(csv.ToString(), chunk.Length, chunk.Select(r => (r.indicator, r.province)).Distinct().Count());
        }
    }

    private static async Task<(double Seconds, int Observations)> IngestAsync(HttpClient http, List<Batch> batches, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var total = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (batch, ct) =>
        {
            var response = await http.PostAsync("/api/observations", new StringContent(batch.Csv, Encoding.UTF8, "text/csv"), ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Batch failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            Interlocked.Add(ref total, batch.Count);
        });
        return (clock.Elapsed.TotalSeconds, total);
    }

    private sealed record ModelState(bool Training, double? TrainingSeconds, int SeriesUsed, DateTimeOffset? TrainedAt, DateTimeOffset? DataChangedAt, double? ForecastAllSeconds, DateTimeOffset? DataAsOf);

    private static async Task<(double Seconds, int Series, double ForecastAll)> WaitForIdleModelAsync(HttpClient http, TimeSpan patience)
    {
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var model = await http.GetFromJsonAsync<ModelState>("/api/models/current", json);
            // Idle, and trained on data read after the last change: the debounced retrain has run.
            if (model is { Training: false, DataAsOf: { } asOf } && (model.DataChangedAt is not { } changed || asOf > changed))
                return (model.TrainingSeconds ?? 0, model.SeriesUsed, model.ForecastAllSeconds ?? double.NaN);
            await Task.Delay(500);
        }
        throw new TimeoutException("The model did not finish retraining.");
    }

    /// <summary>Garbage collections and their total pause per process, from the runtime's own metrics.</summary>
    private static async Task<string[]> GcTotalsAsync(HttpClient http, Uri[] processes)
    {
        var totals = new List<string>();
        foreach (var url in processes)
        {
            var m = new MetricsText(await http.GetStringAsync(new Uri(url, "/metrics")));
            totals.Add($"{url.Port}: gen0 {m.Sum("dotnet_gc_collections_total", "\"gen0\"")} gen1 {m.Sum("dotnet_gc_collections_total", "\"gen1\"")} gen2 {m.Sum("dotnet_gc_collections_total", "\"gen2\"")} pause {m.Sum("dotnet_gc_pause_time_seconds_total") * 1000:F0} ms");
        }
        return [.. totals];
    }

    private static async Task<List<double>> LoadAsync(HttpClient http, Uri[] processes, string[] paths, int rate, TimeSpan duration)
    {
        // Warm-up: the same load for WarmUpSeconds, not counted (connection pool, grain activation, caches, and the
        // tiered JIT recompiling the hot path): what is measured is the steady state.
        await PacedAsync(http, paths, rate, TimeSpan.FromSeconds(WarmUpSeconds));
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") != "1") return [.. await PacedAsync(http, paths, rate, duration)];

        foreach (var line in await GcTotalsAsync(http, processes)) Console.Error.WriteLine("  before " + line);
        var latencies = await PacedAsync(http, paths, rate, duration);
        foreach (var line in await GcTotalsAsync(http, processes)) Console.Error.WriteLine("  after " + line);
        foreach (var second in latencies.Chunk(rate))
            Console.Error.WriteLine($"  {paths[0]}: p50 {Percentile([.. second], 0.5):F2} p99 {Percentile([.. second], 0.99):F2} max {second.Max():F1} ms, over 5 ms: {second.Count(l => l > 5)}");
        return [.. latencies];
    }

    private const int WarmUpSeconds = 5;

    private static async Task<double[]> PacedAsync(HttpClient http, string[] paths, int rate, TimeSpan duration)
    {
        var count = (int)(duration.TotalSeconds * rate);
        var interval = Stopwatch.Frequency / (double)rate;
        var latencies = new double[count];
        var requests = new Task[count];
        var start = Stopwatch.GetTimestamp();

        // Paced by a thread of its own: Task.Delay on a busy thread pool wakes milliseconds late, and a request
        // sent late is charged to the server (latency counts from when it was due, so no queue can hide).
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                for (var ahead = due - Stopwatch.GetTimestamp(); ahead > 0; ahead = due - Stopwatch.GetTimestamp())
                    SleepMicroseconds((uint)(ahead * 1_000_000 / Stopwatch.Frequency));
                requests[i] = TimeOneAsync(http, paths[i % paths.Length], due, latencies, i);
            }
        }) { IsBackground = true, Name = "bench pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(requests);
        return latencies;
    }

    // Thread.Sleep counts whole milliseconds; usleep wakes within ~0.1 ms on Linux without spinning a core.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "usleep")]
    private static extern int SleepMicroseconds(uint microseconds);

    private static async Task TimeOneAsync(HttpClient http, string path, long due, double[] latencies, int index)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
    }

    /// <summary>The upper bound of the bucket holding the 99th percentile, from a Prometheus histogram's cumulative buckets.</summary>
    private static double ServerSideP99(string metrics, string bucketName)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(bucketName, StringComparison.Ordinal)) continue;
            var le = System.Text.RegularExpressions.Regex.Match(line, "le=\"([^\"]+)\"").Groups[1].Value;
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
            var count = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + count;
        }
        if (buckets.Count == 0) return double.NaN;
        var total = buckets.Last().Value;
        return buckets.First(b => b.Value >= 0.99 * total).Key;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }
}

public sealed record BenchOptions(string Mode, int Silos, int Observations, int BatchSize, int Years, int Concurrency, int Rate, int Seconds, string[] Shapes)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var quick = args.Contains("--quick");
        var mode = Get("--mode") ?? "embedded";
        return new BenchOptions(
            mode,
            int.Parse(Get("--silos") ?? (mode == "postgres" ? "3" : "1")),
            int.Parse(Get("--observations") ?? (quick ? "20000" : "100000")),
            int.Parse(Get("--batch") ?? "1000"),
            16,
            int.Parse(Get("--concurrency") ?? "4"),
            int.Parse(Get("--rate") ?? "500"),
            int.Parse(Get("--seconds") ?? (quick ? "5" : "20")),
            (Get("--shapes") ?? "table,year").Split(','));
    }
}
