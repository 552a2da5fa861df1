using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Analytics.Bench;

/// <summary>
/// The product beside the conventional design: the same generated data loaded into both through their
/// POST endpoints, their answers compared, then the same open-loop loads at the same rates against each in turn
/// (never both at once), and a step search for the highest rate each sustains with p99 under the limit.
/// Prints a Markdown table with product ÷ baseline ratios and writes the figures as JSON beside it.
/// </summary>
public static class SideBySideRun
{
    private sealed record Target(string Name, HttpClient Http, Func<IEnumerable<Process>> Processes);

    public static async Task<int> MainAsync(string[] args)
    {
        var o = SideBySideOptions.Parse(args);
        var root = FindRoot();
        var dataset = GeneratedDataset.Create(o.Series, o.Seed, Path.Combine(root, "data"));
        Log($"dataset: {dataset.Indicators.Count:N0} indicators, {dataset.SeriesCount:N0} series, {dataset.ObservationCount:N0} observations (seed {o.Seed})");
        var started = DateTimeOffset.UtcNow;

        await using var baselineProcesses = new BaselineProcesses(root);
        await baselineProcesses.StartAsync();
        Log($"baseline on {baselineProcesses.ApiUrl}");

        // Declared before the cluster, so removed after its processes have stopped, however the run ends.
        using var scratch = new ScratchDirectory(Directory.CreateTempSubdirectory("analytics-side-by-side").FullName);
        var dataDir = scratch.Path;
        var env = new Dictionary<string, string>(o.ProductEnvironment) { ["ANALYTICS_BUNDLE"] = o.Bundle, ["ANALYTICS_DATA_DIR"] = dataDir };
        if (o.Mode == "postgres")
        {
            env["ANALYTICS_MODE"] = "postgres";
            var run = "side_by_side_" + Guid.NewGuid().ToString("n")[..8];
            // A server of the caller's (ANALYTICS_PG) may hold an earlier run's keys and grains: each run gets a database of its own there.
            env["ANALYTICS_PG"] = Environment.GetEnvironmentVariable("ANALYTICS_PG") is { } server
                ? await FreshDatabaseAsync(server, run)
                : baselineProcesses.ConnectionString;
            env["ANALYTICS_CLUSTER_ID"] = run.Replace('_', '-');
        }
        await using var cluster = new ClusterProcesses(root);
        await cluster.StartAsync(env, o.Silos);
        Log($"product on {cluster.ApiUrl} ({o.Mode}, {o.Silos} silo(s))");

        using var productHttp = Client(cluster.ApiUrl);
        cluster.Authorize(productHttp);
        using var baselineHttp = Client(baselineProcesses.ApiUrl);
        var product = new Target("product", productHttp, () => [.. cluster.Silos, cluster.Api!]);
        var baseline = new Target("baseline", baselineHttp, () => [baselineProcesses.Api]);
        Target[] targets = [product, baseline];

        // The shipped data first (seed reports and GSO tables, read by the product's own readers), copied to the
        // baseline through both APIs, and the answers compared on it: real indicators, real ties, Hà Tây.
        AnswerCheck? bundled = null;
        if (o.Bundle == "all")
        {
            await WaitForIdleModelAsync(productHttp, TimeSpan.FromMinutes(30));
            var copied = await BundleCopy.CopyAsync(productHttp, baselineHttp);
            Log($"bundled data copied to the baseline: {copied.Indicators:N0} indicators, {copied.Series:N0} series, {copied.Observations:N0} figures");
            var pick = new Random(o.Seed);
            var withYears = copied.SeriesYears.Where(s => s.Years.Length > 0).ToList();
            string[] variants = ["", "&region=Red%20River%20Delta", "&top=10"];
            var questions = Enumerable.Range(0, o.Checks).Select(_ =>
            {
                var s = withYears[pick.Next(withYears.Count)];
                var year = s.Years[pick.Next(s.Years.Length)];
                // One question in five leaves the year out: each side must then choose the latest year the same way.
                // The bundled data is the 63 provinces' (2025 targets too): asked in their geography, as the baseline knows no other.
                return pick.Next(5) == 0 ? $"/api/rankings/{s.Indicator}?geography=vn-63" : $"/api/rankings/{s.Indicator}?year={year}&geography=vn-63{variants[pick.Next(variants.Length)]}";
            }).ToList();
            var seriesPaths = Enumerable.Range(0, o.Checks).Select(_ => copied.SeriesYears[pick.Next(copied.SeriesYears.Count)])
                .Select(s => $"/api/series/{s.Province}/{s.Indicator}?geography=vn-63").ToList();
            bundled = await CompareAnswersAsync(productHttp, baselineHttp, questions, seriesPaths);
            Log($"answers on the bundled data: {bundled.RankingsEqual}/{bundled.Rankings} rankings and {bundled.SeriesEqual}/{bundled.Series} series identical{(bundled.FirstDifference is null ? "" : "; first difference: " + bundled.FirstDifference)}");
        }

        // The same definitions and the same batches, one service after the other so neither loads the other's cores:
        // the dataset as GSO tables arrive (~70 series a batch), then more indicators with every row of a batch a
        // different series (each a new series: the product's worst case, a grain activation and a write per row).
        var yearIndicators = GeneratedDataset.Beyond(dataset, o.NewSeriesObservations, o.Seed, Path.Combine(root, "data"));
        var ingest = new Dictionary<string, IngestFigure>();
        async Task IngestAsync(string phase, string shape, IReadOnlyList<GeneratedDataset.Indicator> indicators)
        {
            var batches = GeneratedDataset.Rows(indicators, shape).Chunk(o.BatchSize).Select(c => (Csv: GeneratedDataset.Csv(c), Count: c.Length)).ToList();
            var count = batches.Sum(b => b.Count);
            foreach (var t in targets)
            {
                foreach (var chunk in indicators.Chunk(500))
                    (await t.Http.PostAsJsonAsync("/api/indicators", chunk.Select(i => i.Definition))).EnsureSuccessStatusCode();
                var clock = Stopwatch.StartNew();
                await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (b, ct) =>
                {
                    using var response = await t.Http.PostAsync("/api/observations", new StringContent(b.Csv, Encoding.UTF8, "text/csv"), ct);
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"{t.Name}: batch failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                });
                var seconds = clock.Elapsed.TotalSeconds;
                ingest[$"{t.Name}/{phase}"] = new IngestFigure(count, seconds, count / seconds);
                Log($"{t.Name}: ingested {count:N0} observations ({phase}) in {seconds:F1} s");
                // Settle before measuring anything: the product retrains its model 5 s after an ingest (a core for a while),
                // PostgreSQL wants its statistics after a bulk load.
                if (t == product) await WaitForIdleModelAsync(productHttp, TimeSpan.FromMinutes(60));
                else await baselineProcesses.SettleAsync();
            }
        }
        await IngestAsync("table", "table", dataset.Indicators);
        await IngestAsync("year", "year", yearIndicators);

        var random = new Random(o.Seed);
        // Different questions in turn: the product's API asks the indicator grain the first time and then keeps each
        // answer until its indicator changes (RankingCache); the baseline runs its query every time. Run with
        // --product-env Analytics__RankingCacheSeconds=0 for the product without that cache.
        var rankingQuestions = RankingQuestions(dataset, random, VariedQuestions);
        var seriesQuestions = Distinct(VariedQuestions, () =>
        {
            var i = dataset.Indicators[random.Next(dataset.Indicators.Count)];
            // Every generated figure is of a year before the 2025 merger, so it lives in a series of the 63 (a code of
            // the 34 asked in today's geography would be the derived series of the unit's members instead).
            return $"/api/series/{i.Units[random.Next(i.Units.Count)].Code}/{i.Code}?geography=vn-63";
        });
        var answers = await CompareAnswersAsync(productHttp, baselineHttp, rankingQuestions.Take(o.Checks), seriesQuestions.Take(o.Checks));
        Log($"answers: {answers.RankingsEqual}/{answers.Rankings} rankings and {answers.SeriesEqual}/{answers.Series} series identical{(answers.FirstDifference is null ? "" : "; first difference: " + answers.FirstDifference)}");

        if (o.AnswersOnly) return answers.RankingsEqual == answers.Rankings && answers.SeriesEqual == answers.Series
            && (bundled is null || (bundled.RankingsEqual == bundled.Rankings && bundled.SeriesEqual == bundled.Series)) ? 0 : 1;

        var oneQuestion = new[] { $"/api/rankings/{dataset.Indicators[0].Code}?year={GeneratedDataset.LastYear}" };
        var loads = new List<(string Target, string What, LoadResult Result)>();
        var warmUp = TimeSpan.FromSeconds(o.WarmUp);
        var duration = TimeSpan.FromSeconds(o.Seconds);
        foreach (var rate in o.Rates)
        {
            foreach (var t in targets)
            {
                foreach (var (what, paths) in new[] { ("health", new[] { "/health" }), ("ranking-one", oneQuestion), ("ranking-varied", rankingQuestions), ("series", seriesQuestions) })
                {
                    var result = await OpenLoad.RunAsync(t.Http, paths, rate, warmUp, duration);
                    loads.Add((t.Name, what, result));
                    Log($"{t.Name} {what} at {rate}/s: p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, max {result.Max:F1} ms, errors {result.Errors}; " +
                        $"p99 of each 5 s: {string.Join(" ", result.WindowP99().Select(w => w.ToString("F1", CultureInfo.InvariantCulture)))} ms");
                }
            }
        }

        // Keyed "product/ranking", "baseline/series", …: the highest rate each sustains for rankings and for series reads.
        var sustained = new Dictionary<string, (int Rate, List<LoadResult> Steps)>();
        foreach (var (what, paths) in new[] { ("ranking", rankingQuestions), ("series", seriesQuestions) })
            foreach (var t in targets)
            {
                sustained[$"{t.Name}/{what}"] = await OpenLoad.HighestSustainedAsync(t.Http, paths, o.StartRate, o.MaxRate, o.P99LimitMs,
                    TimeSpan.FromSeconds(Math.Min(o.WarmUp, 2)), TimeSpan.FromSeconds(o.StepSeconds), Log);
                Log($"{t.Name}: highest rate with {what} p99 < {o.P99LimitMs} ms: {sustained[$"{t.Name}/{what}"].Rate}/s");
            }

        var memory = targets.ToDictionary(t => t.Name, t => t.Processes().Sum(p => { p.Refresh(); return p.WorkingSet64; }) / 1024.0 / 1024.0);

        // Last, as many figures again as GSO tables of other indicators: the first ingest ran on processes just started,
        // while the JIT compiled what each uses for the first time; this one shows each service warm. Run after the
        // reads and the memory count, so those are measured as before it was added.
        await IngestAsync("table-warm", "table",
            GeneratedDataset.Beyond(dataset, dataset.ObservationCount, o.Seed, Path.Combine(root, "data"), skipObservations: o.NewSeriesObservations));

        var table = Table(o, dataset, ingest, answers, bundled, loads, sustained, memory, (rankingQuestions.Length, seriesQuestions.Length));
        Console.WriteLine();
        Console.WriteLine($"Product ({o.Mode}, {o.Silos} silo(s)) beside the baseline (ASP.NET Core + PostgreSQL, fsync on); {dataset.SeriesCount:N0} series, " +
                          $"{dataset.ObservationCount:N0} observations; {Environment.ProcessorCount} cores shared by the load generator, both services and PostgreSQL.");
        Console.WriteLine();
        table.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Ratios are product ÷ baseline: below 1 for latency and memory, above 1 for rates, favour the product.");

        var json = JsonSerializer.Serialize(new
        {
            startedAt = started, finishedAt = DateTimeOffset.UtcNow, cores = Environment.ProcessorCount, options = o,
            dataset = new { indicators = dataset.Indicators.Count, series = dataset.SeriesCount, observations = dataset.ObservationCount, seed = o.Seed },
            ingest, answers, bundledAnswers = bundled,
            loads = loads.Select(l => new { target = l.Target, what = l.What, rate = l.Result.Rate, seconds = l.Result.Seconds, requests = l.Result.Latencies.Length,
                errors = l.Result.Errors, p50 = l.Result.P50, p90 = l.Result.Percentile(0.9), p99 = l.Result.P99, max = l.Result.Max, p99Per5Seconds = l.Result.WindowP99() }),
            highestSustained = sustained.ToDictionary(s => s.Key, s => new
            {
                rate = s.Value.Rate,
                steps = s.Value.Steps.Select(r => new { rate = r.Rate, p50 = r.P50, p99 = r.P99, errors = r.Errors }),
            }),
            workingSetMiB = memory,
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        await File.WriteAllTextAsync(o.JsonPath, json);
        Console.WriteLine();
        Console.WriteLine($"JSON: {Path.GetFullPath(o.JsonPath)}");
        var same = new[] { answers, bundled }.All(a => a is null || (a.RankingsEqual == a.Rankings && a.SeriesEqual == a.Series));
        if (!same) Console.Error.WriteLine("The two services gave different answers (see above): the comparison is not like for like.");
        return same ? 0 : 1;
    }

    /// <summary>An empty database named <paramref name="name"/> on the server of <paramref name="server"/>, as a connection string.</summary>
    internal static async Task<string> FreshDatabaseAsync(string server, string name)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    internal static HttpClient Client(Uri url) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

    public sealed record IngestFigure(int Observations, double Seconds, double PerSecond);

    internal static void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

    private const int VariedQuestions = 6_000;

    /// <summary>Different indicators, years and regions in turn, so neither side answers from a cache of one question.</summary>
    internal static string[] RankingQuestions(GeneratedDataset dataset, Random random, int count)
    {
        string[] regions = ["", "&region=Red%20River%20Delta", "&region=Mekong%20River%20Delta", "&top=10"];
        return Distinct(count, () =>
        {
            var i = dataset.Indicators[random.Next(dataset.Indicators.Count)];
            var year = random.Next(i.FirstYear, i.LastYear + 1);
            return $"/api/rankings/{i.Code}?year={year}{regions[random.Next(regions.Length)]}";
        });
    }

    /// <summary>Up to <paramref name="count"/> different paths (fewer when a small dataset has fewer questions to ask).</summary>
    internal static string[] Distinct(int count, Func<string> next)
    {
        var paths = new List<string>(count);
        var seen = new HashSet<string>();
        for (var attempts = 0; paths.Count < count && attempts < count * 20; attempts++)
            if (next() is var path && seen.Add(path)) paths.Add(path);
        return [.. paths];
    }

    public sealed record AnswerCheck(int Rankings, int RankingsEqual, int Series, int SeriesEqual, string? FirstDifference);

    /// <summary>The fields both must agree on: ranks, values, previous ranks; a series' figures (not its version or times).</summary>
    private static async Task<AnswerCheck> CompareAnswersAsync(HttpClient product, HttpClient baseline, IEnumerable<string> rankings, IEnumerable<string> series)
    {
        string? first = null;
        int r = 0, rEqual = 0, s = 0, sEqual = 0;
        foreach (var path in rankings)
        {
            r++;
            var (a, b) = (RankingKey(await GetAsync(product, "product", path)), RankingKey(await GetAsync(baseline, "baseline", path)));
            if (a == b) rEqual++; else first ??= $"{path}: product {a[..Math.Min(300, a.Length)]} / baseline {b[..Math.Min(300, b.Length)]}";
        }
        foreach (var path in series)
        {
            s++;
            var (a, b) = (SeriesKey(await GetAsync(product, "product", path)), SeriesKey(await GetAsync(baseline, "baseline", path)));
            if (a == b) sEqual++; else first ??= $"{path}: product {a[..Math.Min(300, a.Length)]} / baseline {b[..Math.Min(300, b.Length)]}";
        }
        return new AnswerCheck(r, rEqual, s, sEqual, first);
    }

    /// <summary>The answer's body; a failure names the service, the question and what it said.</summary>
    private static async Task<string> GetAsync(HttpClient http, string service, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body
            : throw new InvalidOperationException($"{service} answered {path} with {(int)response.StatusCode}: {body[..Math.Min(500, body.Length)]}");
    }

    private static string RankingKey(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var key = new StringBuilder($"{root.GetProperty("year")} {root.GetProperty("kind")} ranked {root.GetProperty("ranked")} unranked {root.GetProperty("unranked")}:");
        foreach (var row in root.GetProperty("rows").EnumerateArray())
            key.Append($" {row.GetProperty("rank")}|{row.GetProperty("province")}|{row.GetProperty("value")}|{row.GetProperty("previousRank")}|{row.GetProperty("rankChange")}");
        return key.ToString();
    }

    private static string SeriesKey(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var key = new StringBuilder($"{doc.RootElement.GetProperty("province")}/{doc.RootElement.GetProperty("indicator")}:");
        foreach (var point in doc.RootElement.GetProperty("observations").EnumerateArray())
            key.Append($" {point.GetProperty("year")}|{point.GetProperty("quarter")}|{point.GetProperty("kind")}|{point.GetProperty("value")}|{point.GetProperty("revisions").GetArrayLength()}");
        return key.ToString();
    }

    private sealed record ModelState(bool Training, DateTimeOffset? DataChangedAt, DateTimeOffset? DataAsOf);

    internal static async Task WaitForIdleModelAsync(HttpClient http, TimeSpan patience)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var model = await http.GetFromJsonAsync<ModelState>("/api/models/current", options);
            if (model is { Training: false, DataAsOf: { } asOf } && (model.DataChangedAt is not { } changed || asOf > changed)) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("The product's model did not finish retraining.");
    }

    private static List<string> Table(
        SideBySideOptions o, GeneratedDataset dataset, Dictionary<string, IngestFigure> ingest, AnswerCheck answers, AnswerCheck? bundled,
        List<(string Target, string What, LoadResult Result)> loads, Dictionary<string, (int Rate, List<LoadResult> Steps)> sustained,
        Dictionary<string, double> memory, (int Ranking, int Series) questions)
    {
        string F(double v) => v.ToString(v >= 100 ? "N0" : "F2", CultureInfo.InvariantCulture);
        string Ratio(double a, double b) => b > 0 && double.IsFinite(a) ? (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×" : "–";
        double PerSecond(string name) => ingest[name].PerSecond;
        var lines = new List<string>
        {
            "| what | product | baseline | product ÷ baseline |",
            "|---|---:|---:|---:|",
            $"| ingest: {ingest["product/table"].Observations:N0} observations of new series as GSO tables arrive (~70 series a batch), CSV batches of {o.BatchSize:N0}, {o.Concurrency} senders (observations/s, higher is better) | {F(PerSecond("product/table"))} | {F(PerSecond("baseline/table"))} | {Ratio(PerSecond("product/table"), PerSecond("baseline/table"))} |",
            $"| ingest: {ingest["product/year"].Observations:N0} observations, every row of a batch a new series (observations/s) | {F(PerSecond("product/year"))} | {F(PerSecond("baseline/year"))} | {Ratio(PerSecond("product/year"), PerSecond("baseline/year"))} |",
            $"| ingest: {ingest["product/table-warm"].Observations:N0} observations as GSO tables of other indicators, after everything else (each service warm) | {F(PerSecond("product/table-warm"))} | {F(PerSecond("baseline/table-warm"))} | {Ratio(PerSecond("product/table-warm"), PerSecond("baseline/table-warm"))} |",
        };
        var names = new Dictionary<string, string>
        {
            ["health"] = "`GET /health` (the floor)", ["ranking-one"] = "ranking, one question", ["ranking-varied"] = $"ranking, {questions.Ranking:N0} different questions in turn", ["series"] = $"series, {questions.Series:N0} different in turn",
        };
        foreach (var rate in o.Rates)
        {
            foreach (var what in names.Keys)
            {
                var p = loads.First(l => l.Target == "product" && l.What == what && l.Result.Rate == rate).Result;
                var b = loads.First(l => l.Target == "baseline" && l.What == what && l.Result.Rate == rate).Result;
                var errors = p.Errors + b.Errors > 0 ? $" (errors: product {p.Errors}, baseline {b.Errors})" : "";
                lines.Add($"| {names[what]}, {rate:N0} requests/s for {o.Seconds} s: p50 ms{errors} | {F(p.P50)} | {F(b.P50)} | {Ratio(p.P50, b.P50)} |");
                lines.Add($"| {names[what]}, {rate:N0} requests/s for {o.Seconds} s: p99 ms | {F(p.P99)} | {F(b.P99)} | {Ratio(p.P99, b.P99)} |");
            }
            var pf = loads.First(l => l.Target == "product" && l.What == "health" && l.Result.Rate == rate).Result;
            var pr = loads.First(l => l.Target == "product" && l.What == "ranking-varied" && l.Result.Rate == rate).Result;
            var bf = loads.First(l => l.Target == "baseline" && l.What == "health" && l.Result.Rate == rate).Result;
            var br = loads.First(l => l.Target == "baseline" && l.What == "ranking-varied" && l.Result.Rate == rate).Result;
            lines.Add($"| ranking p99 ÷ its own `/health` p99 at {rate:N0} requests/s | {Ratio(pr.P99, pf.P99)} | {Ratio(br.P99, bf.P99)} | |");
        }
        foreach (var (what, count) in new[] { ("ranking", questions.Ranking), ("series", questions.Series) })
        {
            var (p, b) = (sustained[$"product/{what}"].Rate, sustained[$"baseline/{what}"].Rate);
            lines.Add($"| highest rate with {what} p99 < {o.P99LimitMs} ms and no errors ({count:N0} different {(what == "ranking" ? "questions" : "series")} in turn; step search, {o.StepSeconds} s a step) | {p:N0}/s | {b:N0}/s | {Ratio(p, b)} |");
        }
        lines.Add($"| working set after the run, MiB (product: silos + API; baseline: its API, PostgreSQL not counted) | {memory["product"]:N0} | {memory["baseline"]:N0} | {Ratio(memory["product"], memory["baseline"])} |");
        lines.Add($"| the same answers on the generated data: rankings identical (rank, value, previous rank) / series identical (figures, revisions) | {answers.RankingsEqual}/{answers.Rankings} | {answers.SeriesEqual}/{answers.Series} | |");
        if (bundled is not null)
            lines.Add($"| the same answers on the bundled data (seeds + GSO): rankings / series | {bundled.RankingsEqual}/{bundled.Rankings} | {bundled.SeriesEqual}/{bundled.Series} | |");
        return lines;
    }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }
}

/// <summary>The product's data directory for one run, removed when disposed.</summary>
public sealed class ScratchDirectory(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}

/// <summary>Options of <c>side-by-side</c>; <c>--quick</c> is a smoke run of a few seconds a step.</summary>
public sealed record SideBySideOptions(
    int Series, int Seed, int[] Rates, int Seconds, int WarmUp, int StepSeconds, int StartRate, int MaxRate, double P99LimitMs,
    int Concurrency, int BatchSize, string Mode, int Silos, int Checks, string JsonPath, string Bundle, bool AnswersOnly, int NewSeriesObservations,
    Dictionary<string, string> ProductEnvironment)
{
    public static SideBySideOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        int Int(string name, int normal, int quick) => int.Parse(Get(name) ?? (args.Contains("--quick") ? quick : normal).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var quick = args.Contains("--quick");
        var mode = Get("--mode") ?? "embedded";
        return new SideBySideOptions(
            Int("--series", 10_000, 500), Int("--seed", 16, 16),
            [.. (Get("--rates") ?? (quick ? "100,200" : "500,2000")).Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))],
            Int("--seconds", 20, 2), Int("--warmup", 5, 1), Int("--step-seconds", 5, 1), Int("--start-rate", 500, 100), Int("--max-rate", 32_000, 400),
            double.Parse(Get("--p99-limit") ?? "10", CultureInfo.InvariantCulture),
            Int("--concurrency", 4, 4), Int("--batch", 1000, 1000), mode, Int("--silos", mode == "postgres" ? 3 : 1, mode == "postgres" ? 3 : 1),
            Int("--checks", 200, 20), Get("--json") ?? $"side-by-side-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json",
            Get("--bundle") ?? "all", args.Contains("--answers-only"), Int("--new-series", 50_000, 2_000),
            // --product-env KEY=VALUE (repeatable): settings for the product's processes.
            args.Select((a, i) => (a, i)).Where(x => x.a == "--product-env" && x.i + 1 < args.Length).Select(x => args[x.i + 1].Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""));
    }
}
