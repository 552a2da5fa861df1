using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace Analytics.Bench;

/// <summary>
/// What a batch costs, in counters rather than time (which a shared machine blurs): a fresh product (one silo on
/// SQLite and the API, the catalog bundle only) takes the generated dataset as GSO tables arrive, then as many figures
/// again with every row of a batch a different series, then table-shaped again on warm processes, in CSV batches of
/// 1,000 from 4 senders (then every row a new series again, warm). With <c>--postgres</c> the silo stores in a fresh
/// database of the PostgreSQL server in ANALYTICS_PG instead. Around each phase it
/// reads both processes' /metrics and prints, per batch and per 1,000 figures: storage writes and transactions, grain
/// calls, processor time and bytes allocated. The retrain an ingest sets off starts 5 s after the last batch, so it
/// falls outside the phase; the next phase waits for it.
/// </summary>
/// <remarks>
/// <c>… Analytics.Bench.dll ingest-cost [--series 2000] [--batch 1000] [--senders 4] [--postgres] [--keep-metrics DIR] [--root DIR]</c>.
/// With <c>--keep-metrics</c>, each process's /metrics before and after each phase is written there, to diff; with
/// <c>--root</c>, the silo and API of another checkout's Release build are measured (a tree before a change).
/// </remarks>
public static class IngestCostRun
{
    /// <summary>The counters read, by what the table calls them: each the sum of every sample of the metric with the label (all when none).</summary>
    private static readonly (string Name, string Metric, string Label, double Scale)[] Counters =
    [
        ("storage writes", "analytics_storage_transaction_writes_sum", "", 1),
        ("storage transactions", "analytics_storage_transaction_writes_count", "", 1),
        ("storage KB written", "analytics_storage_written_bytes_total", "", 1.0 / 1024),
        ("… of it series", "analytics_storage_written_bytes_total", "state=\"series\"", 1.0 / 1024),
        ("… of it the audit trail", "analytics_storage_written_bytes_total", "state=\"audit\"", 1.0 / 1024),
        ("storage reads from the database", "analytics_storage_reads_total", "source=\"database\"", 1),
        ("storage read queries", "analytics_storage_query_reads_count", "", 1),
        ("grain calls made", "orleans_app_requests_latency_milliseconds_count", "", 1),
        ("messages received", "orleans_messaging_processing_dispatcher_received_total", "", 1),
        ("messages sent", "orleans_messaging_sent_messages_size_bytes_count", "", 1),
        ("processor ms", "dotnet_process_cpu_time_seconds_total", "", 1000),
        ("allocated MB", "dotnet_gc_heap_total_allocated_bytes_total", "", 1.0 / (1 << 20)),
        ("collections", "dotnet_gc_collections_total", "", 1),
    ];

    public static async Task<int> MainAsync(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var series = Int("--series", 2_000);
        var batchSize = Int("--batch", 1_000);
        var senders = Int("--senders", 4);
        var keep = Get("--keep-metrics");
        if (keep is not null) Directory.CreateDirectory(keep);

        var root = Get("--root") is { } other ? Path.GetFullPath(other) : SideBySideRun.FindRoot();
        var data = Path.Combine(root, "data");
        var dataset = GeneratedDataset.Create(series, 16, data);
        var yearIndicators = GeneratedDataset.Beyond(dataset, dataset.ObservationCount, 16, data);
        using var scratch = new ScratchDirectory(Directory.CreateTempSubdirectory("analytics-ingest-cost").FullName);
        var env = new Dictionary<string, string> { ["ANALYTICS_BUNDLE"] = "catalog", ["ANALYTICS_DATA_DIR"] = scratch.Path };
        if (args.Contains("--postgres"))
        {
            var server = Environment.GetEnvironmentVariable("ANALYTICS_PG")
                         ?? throw new InvalidOperationException("--postgres measures on the server in ANALYTICS_PG (scripts/postgres.sh start DIR prints one).");
            var run = "ingest_cost_" + Guid.NewGuid().ToString("n")[..8];
            env["ANALYTICS_MODE"] = "postgres";
            env["ANALYTICS_PG"] = await SideBySideRun.FreshDatabaseAsync(server, run);
            env["ANALYTICS_CLUSTER_ID"] = run.Replace('_', '-');
        }
        await using var cluster = new ClusterProcesses(root);
        await cluster.StartAsync(env, 1);
        using var http = SideBySideRun.Client(cluster.ApiUrl);
        cluster.Authorize(http);
        using var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var processes = new (string Name, Uri Metrics)[] { ("api", new Uri(cluster.ApiUrl, "/metrics")), ("silo", new Uri(cluster.SiloUrls[0], "/metrics")) };

        var lines = new List<string>
        {
            "| phase | process | batches | figures | " + string.Join(" | ", Counters.Select(c => c.Name + " /batch")) + " | processor ms /1,000 figures | allocated MB /1,000 figures |",
            "|---|---|---:|---:|" + string.Concat(Counters.Select(_ => "---:|")) + "---:|---:|",
        };
        // The first phase runs on processes just started, whose code is compiled as it is first used; the same shape
        // again, on indicators of its own, shows what a batch costs once the processes are warm.
        var againIndicators = GeneratedDataset.Beyond(dataset, dataset.ObservationCount, 16, data, skipObservations: dataset.ObservationCount);
        var yearAgainIndicators = GeneratedDataset.Beyond(dataset, dataset.ObservationCount, 16, data, skipObservations: 2 * dataset.ObservationCount);
        foreach (var (phase, shape, indicators) in new[]
        {
            ("table", "table", (IReadOnlyList<GeneratedDataset.Indicator>)dataset.Indicators), ("year", "year", yearIndicators),
            ("table again", "table", againIndicators), ("year again", "year", yearAgainIndicators),
        })
        {
            foreach (var chunk in indicators.Chunk(500))
                (await http.PostAsJsonAsync("/api/indicators", chunk.Select(i => i.Definition))).EnsureSuccessStatusCode();
            var batches = GeneratedDataset.Rows(indicators, shape).Chunk(batchSize).Select(c => GeneratedDataset.Csv(c)).ToList();
            var figures = indicators.Sum(i => i.Units.Count * i.Years);
            await WaitForIdleModelAsync(http, TimeSpan.FromMinutes(30));
            var before = await ReadAsync(scrape, processes, keep, $"{phase}-before");
            SideBySideRun.Log($"{phase}: sending {batches.Count} batches");
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = senders }, async (csv, ct) =>
            {
                using var response = await http.PostAsync("/api/observations", new StringContent(csv, Encoding.UTF8, "text/csv"), ct);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"batch failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            });
            var seconds = clock.Elapsed.TotalSeconds;
            var after = await ReadAsync(scrape, processes, keep, $"{phase}-after");
            SideBySideRun.Log($"{phase}: {figures:N0} figures in {batches.Count} batches, {seconds:F1} s (time on a shared machine means little)");
            foreach (var (name, _) in processes)
            {
                var delta = Counters.Select(c => (after[name].Sum(c.Metric, c.Label) - before[name].Sum(c.Metric, c.Label)) * c.Scale).ToList();
                string F(double v) => v.ToString(v >= 100 ? "N0" : "F2", CultureInfo.InvariantCulture);
                var cpu = delta[Array.FindIndex(Counters, c => c.Name == "processor ms")];
                var allocated = delta[Array.FindIndex(Counters, c => c.Name == "allocated MB")];
                lines.Add($"| {phase} | {name} | {batches.Count} | {figures:N0} | " + string.Join(" | ", delta.Select(d => F(d / batches.Count))) +
                    $" | {F(cpu / figures * 1000)} | {F(allocated / figures * 1000)} |");
            }
        }
        Console.WriteLine(string.Join('\n', lines));
        return 0;
    }

    private sealed record ModelState(bool Training, DateTimeOffset? DataChangedAt, DateTimeOffset? DataAsOf);

    /// <summary>Until no retrain is running or due: a product that never had data to train on has none due either.</summary>
    private static async Task WaitForIdleModelAsync(HttpClient http, TimeSpan patience)
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var model = await http.GetFromJsonAsync<ModelState>("/api/models/current", options);
            if (model is { Training: false } && (model.DataChangedAt is not { } changed || model.DataAsOf is { } asOf && asOf > changed)) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("The product's model did not finish retraining.");
    }

    private static async Task<Dictionary<string, MetricsText>> ReadAsync(HttpClient http, (string Name, Uri Metrics)[] processes, string? keep, string label)
    {
        var read = new Dictionary<string, MetricsText>();
        foreach (var (name, url) in processes)
        {
            var text = await http.GetStringAsync(url);
            if (keep is not null) await File.WriteAllTextAsync(Path.Combine(keep, $"{name}-{label}.txt"), text);
            read[name] = new MetricsText(text);
        }
        return read;
    }
}
