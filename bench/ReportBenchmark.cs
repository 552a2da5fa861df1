using System.Diagnostics;
using System.Net.Http.Json;

namespace Analytics.Bench;

/// <summary>
/// <c>--reports</c>: time to produce the planning reports through the API, per report and format. "Cold" is the first
/// request for a report in a just-started cluster once its model is trained (grain activations, first renders, and for
/// PDF a Chromium start, as every print has); "warm" the median of the next requests. Then the ministry's batch: the
/// province report of every unit of the geography, two at a time.
/// </summary>
public static class ReportBenchmark
{
    private static readonly string[] Formats = ["html", "xlsx", "pdf"];
    private const int WarmRepeats = 5;
    private const int BatchConcurrency = 2;

    public static async Task<int> MainAsync(string[] args, string root)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var bundle = Get("--bundle") ?? "all";
        var province = Get("--province") ?? "60";
        var indicator = Get("--indicator") ?? "internet-users-rate";
        var batchFormats = (Get("--batch-formats") ?? "xlsx,pdf").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var dataDir = Directory.CreateTempSubdirectory("analytics-bench-reports").FullName;

        await using var cluster = new ClusterProcesses(root);
        await cluster.StartAsync(new() { ["ANALYTICS_BUNDLE"] = bundle, ["ANALYTICS_DATA_DIR"] = dataDir }, 1);
        using var http = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromMinutes(5) };
        await WaitForModelAsync(http, TimeSpan.FromMinutes(10));

        var results = new List<string>();
        foreach (var (kind, code) in args.Contains("--batch-only") ? [] : new[] { ("province", province), ("indicator", indicator) })
        {
            foreach (var format in Formats)
            {
                var path = $"/api/reports/{kind}/{code}?year=2025&format={format}";
                var (cold, size) = await TimeAsync(http, path);
                var warm = new List<double>();
                for (var i = 0; i < WarmRepeats; i++) warm.Add((await TimeAsync(http, path)).Seconds);
                results.Add($"| {kind} report {code}, {format} ({size / 1024.0:N0} kB) | {cold * 1000:N0} ms | {Median(warm) * 1000:N0} ms (max {warm.Max() * 1000:N0}) |");
            }
        }

        // The 63 provinces: every unit that existed on the last day of that geography (Hà Tây ended in 2008).
        var lastDay = new DateOnly(2025, 6, 30);
        var provinces = (await http.GetFromJsonAsync<List<ProvinceRow>>("/api/provinces?geography=vn-63"))!
            .Where(p => p.ValidTo is null || p.ValidTo >= lastDay).Select(p => p.Code).ToList();
        foreach (var format in batchFormats)
        {
            var clock = Stopwatch.StartNew();
            long bytes = 0;
            await Parallel.ForEachAsync(provinces, new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency }, async (code, _) =>
                Interlocked.Add(ref bytes, (await TimeAsync(http, $"/api/reports/province/{code}?year=2025&geography=vn-63&format={format}")).Bytes));
            var seconds = clock.Elapsed.TotalSeconds;
            results.Add($"| batch: the province report of all {provinces.Count} units, {format}, {BatchConcurrency} at a time ({bytes / 1024.0 / 1024.0:N1} MB) | {seconds:N1} s in all | {seconds / provinces.Count * 1000:N0} ms per report |");
        }

        Console.WriteLine();
        Console.WriteLine($"Reports: bundle {bundle}, target year 2025, machine: {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| report | cold (first request) | warm (median of 5) |");
        Console.WriteLine("|---|---:|---:|");
        results.ForEach(Console.WriteLine);
        try { Directory.Delete(dataDir, true); } catch (IOException) { }
        return 0;
    }

    private sealed record ProvinceRow(string Code, DateOnly? ValidTo);

    private sealed record ModelState(bool Training, string? Version);

    private static async Task<(double Seconds, long Bytes)> TimeAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return (clock.Elapsed.TotalSeconds, body.Length);
    }

    private static async Task WaitForModelAsync(HttpClient http, TimeSpan patience)
    {
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await http.GetFromJsonAsync<ModelState>("/api/models/current", json) is { Training: false, Version: not null }) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("The model was not trained in time.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
