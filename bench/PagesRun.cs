using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Analytics.Bench;

/// <summary>
/// The analysts' pages under a steady open-loop load: the rankings page of a GSO indicator
/// (63 rows, a trend line each, the map) and a series page (chart, forecast fan, every figure with its quote), each
/// beside the JSON endpoint for the same data, at each rate in turn on the product started as the other benchmarks
/// start it (silo and API processes, full bundle). Every answer is checked (200 and the expected table), so a page
/// that broke cannot look fast. Prints a Markdown table and writes the figures as JSON.
/// </summary>
public static class PagesRun
{
    private sealed record Probe(string Name, string Path, Func<byte[], bool> Accept, int Bytes, string Checked);

    public static async Task<int> MainAsync(string[] args)
    {
        var o = PagesOptions.Parse(args);
        var root = SideBySideRun.FindRoot();
        using var scratch = new ScratchDirectory(Directory.CreateTempSubdirectory("analytics-pages-bench").FullName);
        var env = new Dictionary<string, string> { ["ANALYTICS_BUNDLE"] = "all", ["ANALYTICS_DATA_DIR"] = scratch.Path };
        await using var cluster = new ClusterProcesses(root);
        await cluster.StartAsync(env, 1);
        using var http = SideBySideRun.Client(cluster.ApiUrl);
        SideBySideRun.Log($"product on {cluster.ApiUrl}; waiting for the first model training (the series page shows its forecast)");
        await SideBySideRun.WaitForIdleModelAsync(http, TimeSpan.FromMinutes(30));

        var probes = await ProbesAsync(http, o);
        foreach (var p in probes) SideBySideRun.Log($"{p.Path}: {p.Bytes:N0} bytes, {p.Checked}");

        var loads = new List<(Probe Probe, LoadResult Result, double[] LoadBefore, double[] LoadAfter)>();
        foreach (var rate in o.Rates)
            foreach (var p in probes)
            {
                var before = LoadAverage();
                var result = await OpenLoad.RunAsync(http, [p.Path], rate, TimeSpan.FromSeconds(o.WarmUp), TimeSpan.FromSeconds(o.Seconds), p.Accept);
                var after = LoadAverage();
                loads.Add((p, result, before, after));
                SideBySideRun.Log($"{p.Name} at {rate}/s: achieved {result.Achieved:F0}/s, p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, errors {result.Errors}, load average {after[0]:F1}");
                await Task.Delay(1000); // let a backlog and its garbage clear before the next load
            }

        var sustained = new Dictionary<string, (int Rate, List<LoadResult> Steps)>();
        if (o.Search)
            foreach (var p in probes)
            {
                sustained[p.Name] = await OpenLoad.HighestSustainedAsync(http, [p.Path], o.StartRate, o.MaxRate, o.P99LimitMs,
                    TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(o.StepSeconds), SideBySideRun.Log, p.Accept);
                SideBySideRun.Log($"{p.Name}: highest rate with p99 < {o.P99LimitMs} ms: {sustained[p.Name].Rate}/s");
            }

        // When no step failed, the search stopped at --max-rate: the rate it held is a floor, not the limit.
        bool Capped(string name) => sustained[name].Steps.All(r => r.Errors == 0 && r.P99 < o.P99LimitMs);
        string F(double v) => v.ToString(v >= 100 ? "N0" : "F2", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"Machine: {Environment.ProcessorCount} cores; load generator, API and silo on it; load average (1 min) before → after each load.",
            "",
            "| request | size | asked/s | served/s | p50 ms | p99 ms | max ms | failed | load average |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var (p, r, before, after) in loads)
            lines.Add($"| {p.Name} `{p.Path}` | {p.Bytes / 1024.0:F1} KiB | {r.Rate} | {F(r.Achieved)} | {F(r.P50)} | {F(r.P99)} | {F(r.Max)} | {r.Errors} | {before[0]:F1} → {after[0]:F1} |");
        if (o.Search)
        {
            lines.Add("");
            lines.Add($"| request | highest rate with p99 < {o.P99LimitMs} ms and no failure (steps of {o.StepSeconds} s) | steps |");
            lines.Add("|---|---:|---|");
            foreach (var p in probes)
                lines.Add($"| {p.Name} | {(Capped(p.Name) ? "≥ " : "")}{sustained[p.Name].Rate}/s | {string.Join(", ", sustained[p.Name].Steps.Select(s => $"{s.Rate}: {F(s.P99)} ms"))} |");
        }
        Console.WriteLine();
        lines.ForEach(Console.WriteLine);

        var json = JsonSerializer.Serialize(new
        {
            measuredAt = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount },
            options = o,
            requests = probes.Select(p => new { p.Name, p.Path, p.Bytes, p.Checked }),
            loads = loads.Select(l => new
            {
                request = l.Probe.Name, path = l.Probe.Path, bytes = l.Probe.Bytes, rate = l.Result.Rate, seconds = l.Result.Seconds,
                requests = l.Result.Latencies.Length, served = l.Result.Achieved, wallSeconds = l.Result.WallSeconds,
                p50Ms = l.Result.P50, p99Ms = l.Result.P99, maxMs = l.Result.Max, failed = l.Result.Errors,
                loadAverageBefore = l.LoadBefore, loadAverageAfter = l.LoadAfter,
            }),
            sustained = sustained.Select(s => new
            {
                request = s.Key, rate = s.Value.Rate, atTheSearchCap = Capped(s.Key), p99LimitMs = o.P99LimitMs,
                steps = s.Value.Steps.Select(r => new { rate = r.Rate, p99Ms = r.P99, failed = r.Errors }),
            }),
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        await File.WriteAllTextAsync(o.JsonPath, json);
        Console.WriteLine();
        Console.WriteLine($"JSON: {Path.GetFullPath(o.JsonPath)}");
        return loads.Any(l => l.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// Each request once, checked in full against the JSON answer (63 ranked rows and 63 filled map shapes; one table
    /// row per figure of the series and its chart); the check each answer under load gets is the cheap part of that:
    /// byte counts of the same markers, so the load generator does not steal the server's cores.
    /// </summary>
    private static async Task<List<Probe>> ProbesAsync(HttpClient http, PagesOptions o)
    {
        var rankingJson = $"/api/rankings/{o.Indicator}?year={o.Year}";
        var rankingPage = $"/rankings/{o.Indicator}?year={o.Year}";
        var seriesJson = $"/api/series/{o.Province}/{o.SeriesIndicator}";
        var seriesPage = $"/series/{o.Province}/{o.SeriesIndicator}";

        var ranking = await GetAsync(http, rankingJson);
        int ranked;
        using (var doc = JsonDocument.Parse(ranking)) ranked = doc.RootElement.GetProperty("rows").EnumerateArray().Count(r => r.GetProperty("rank").ValueKind == JsonValueKind.Number);
        if (ranked != o.ExpectedRanked) throw new InvalidOperationException($"{rankingJson} ranks {ranked} provinces, not {o.ExpectedRanked}.");
        var series = await GetAsync(http, seriesJson);
        int figures;
        using (var doc = JsonDocument.Parse(series)) figures = doc.RootElement.GetProperty("observations").GetArrayLength();
        if (figures == 0) throw new InvalidOperationException($"{seriesJson} has no figures.");

        bool RankingPageHolds(byte[] b) =>
            Count(b, "id=\"ranking\"", "</table>", "<tr data-code=\"") == ranked
            && Count(b, "class=\"choropleth", "</svg>", "data-value=\"") == ranked;
        bool SeriesPageHolds(byte[] b) =>
            Count(b, "id=\"figures\"", "</table>", "<tr") == figures + 1 // the header row
            && Count(b, "class=\"series-chart", "</svg>", "band-80") >= 1;
        // The JSON answers are the same bytes every time: their length is a cheap and sharp check.
        var rankingBytes = ranking.Length;
        var seriesBytes = series.Length;

        var probes = new List<Probe>
        {
            new("rankings page (63 rows, trend lines, map)", rankingPage, RankingPageHolds, 0, $"{ranked} ranked rows and {ranked} filled map shapes"),
            new("rankings JSON", rankingJson, b => b.Length == rankingBytes, rankingBytes, $"{ranked} ranked rows"),
            new("series page (chart, fan, figures)", seriesPage, SeriesPageHolds, 0, $"{figures} figure rows and the 80% band"),
            new("series JSON", seriesJson, b => b.Length == seriesBytes, seriesBytes, $"{figures} figures"),
        };
        for (var i = 0; i < probes.Count; i++)
        {
            var body = await GetAsync(http, probes[i].Path);
            if (!probes[i].Accept(body)) throw new InvalidOperationException($"{probes[i].Path} does not hold {probes[i].Checked}; the page is broken, nothing to measure.");
            probes[i] = probes[i] with { Bytes = body.Length };
        }
        return probes;
    }

    private static async Task<byte[]> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
        return body;
    }

    /// <summary>How often <paramref name="needle"/> occurs between the first <paramref name="from"/> and the next <paramref name="to"/>; -1 when either is missing.</summary>
    internal static int Count(ReadOnlySpan<byte> body, string from, string to, string needle)
    {
        var start = body.IndexOf(Encoding.UTF8.GetBytes(from));
        if (start < 0) return -1;
        var section = body[start..];
        var end = section.IndexOf(Encoding.UTF8.GetBytes(to));
        if (end < 0) return -1;
        section = section[..end];
        var pattern = Encoding.UTF8.GetBytes(needle);
        var count = 0;
        for (var at = section.IndexOf(pattern); at >= 0; at = section.IndexOf(pattern))
        {
            count++;
            section = section[(at + pattern.Length)..];
        }
        return count;
    }

    /// <summary>The 1-, 5- and 15-minute load averages: how shared the machine was while a figure was taken.</summary>
    private static double[] LoadAverage()
    {
        try
        {
            return [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        }
        catch (IOException) { return [double.NaN, double.NaN, double.NaN]; }
    }
}

/// <summary>Options of <c>pages</c>: the rates to hold (<c>--rates 100,500</c> or <c>--rate N</c>), and <c>--search</c> for the step search.</summary>
public sealed record PagesOptions(
    int[] Rates, int Seconds, int WarmUp, bool Search, int StartRate, int MaxRate, int StepSeconds, double P99LimitMs,
    string Indicator, int Year, int ExpectedRanked, string Province, string SeriesIndicator, string JsonPath)
{
    public static PagesOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        int Int(string name, int normal) => int.Parse(Get(name) ?? normal.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var rates = Get("--rate") ?? Get("--rates") ?? "100,500";
        return new PagesOptions(
            [.. rates.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))],
            Int("--seconds", 10), Int("--warmup", 3), args.Contains("--search"),
            Int("--start-rate", 10), Int("--max-rate", 3200), Int("--step-seconds", 3),
            double.Parse(Get("--p99-limit") ?? "100", CultureInfo.InvariantCulture),
            Get("--indicator") ?? "gso-average-population-total", Int("--year", 2015), Int("--ranked", 63),
            Get("--province") ?? "60", Get("--series-indicator") ?? "internet-users-rate",
            Get("--json") ?? $"pages-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
    }
}
