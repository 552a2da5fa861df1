using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Analytics.Cluster.Tests.Support;
using Analytics.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>
/// kill -9 of the embedded silo while a 5,000-row batch is being applied. It once left 2,785 of the 5,000 figures
/// stored, citing an audit entry that stayed "batch-applying" for ever, and the sender waited 31 s for its 503. Now a
/// batch is journaled before it is applied: after the restart, without any re-send, the batch is whole (or, cut
/// before it was journaled, wholly absent), and its audit entry says which.
/// </summary>
public sealed class BatchJournalTests(ITestOutputHelper output)
{
    private static readonly string[] Indicators = ["journal-a", "journal-b", "journal-c", "journal-d"];
    private const int Rows = 5_000;

    [Fact]
    public async Task A_batch_cut_by_a_kill_is_whole_or_absent_after_the_restart_and_its_audit_entry_says_which()
    {
        await using var product = new EmbeddedProduct("batch-journal");
        var data = product.NewDataDirectory("data");
        await product.StartAsync(data);
        await product.FillAsync(Indicators, years: 0);
        var provinces = (await product.Http.GetFromJsonAsync<List<ProvinceView>>("/api/provinces?geography=vn-63", Json.Options))!
            .Where(p => p.ValidTo is null || p.ValidTo.Value.Year >= 2025).Select(p => p.Code).ToList();
        var keys = (from i in Indicators from p in provinces from y in Enumerable.Range(1990, 35) select (p, i, y)).Take(Rows).ToList();
        Assert.Equal(Rows, keys.Count);

        // The first version of every figure, acknowledged; the second is the batch the kill cuts.
        using (var first = await product.Http.PostAsync("/api/observations", PostgresCluster.Csv(keys.Select((k, n) => new Row(k.p, k.i, k.y, "actual", n % 100)))))
            first.EnsureSuccessStatusCode();
        var second = keys.Select((k, n) => new Row(k.p, k.i, k.y, "actual", (n + 37) % 100 + 0.5)).ToList();

        var clock = Stopwatch.StartNew();
        // In English, so the refusal's words can be checked below.
        var cut = product.Http.PostAsync("/api/observations?lang=en", PostgresCluster.Csv(second));
        // Kill once the batch is recorded as applying (so it is being journaled or applied), not before it reached the cluster.
        await Poll.UntilAsync(async () => (await AuditAsync(product)).Any(e => e.Action == "batch-applying") || cut.IsCompleted, TimeSpan.FromMinutes(2));
        await product.Silo!.KillAsync();
        try
        {
            using var response = await cut;
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"the cut batch was answered {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F2} s: {body}");
            if (!response.IsSuccessStatusCode)
            {
                Assert.Equal(503, (int)response.StatusCode);
                Assert.Contains("journal", body, StringComparison.Ordinal);
                Assert.Contains("safe", body, StringComparison.Ordinal);
            }
        }
        catch (HttpRequestException ex)
        {
            output.WriteLine($"the cut batch failed after {clock.Elapsed.TotalSeconds:F2} s: {ex.Message}");
        }
        await product.StopAsync();

        await product.StartAsync(data);
        var stored = await ReadAsync(product, provinces);
        var whole = second.Count(r => stored.TryGetValue((r.Province, r.Indicator, r.Year), out var v) && v == r.Value);
        output.WriteLine($"after the restart {whole} of the cut batch's {Rows} figures are stored");
        var entry = (await AuditAsync(product)).Last(e => e.Action.StartsWith("batch", StringComparison.Ordinal));
        output.WriteLine($"its audit entry: {entry.Action} {entry.Detail}");
        Assert.NotEqual("batch-applying", entry.Action);
        if (entry.Action == "batch-accepted") Assert.Equal(Rows, whole);
        else
        {
            Assert.Equal("batch-rolled-back", entry.Action);
            Assert.Equal(0, whole);
        }
        await product.StopAsync();
    }

    private sealed record AuditEntryView(string Id, string Action, string? Detail);

    private sealed record AuditPageView(List<AuditEntryView> Entries);

    private static async Task<List<AuditEntryView>> AuditAsync(EmbeddedProduct product) =>
        (await product.Http.GetFromJsonAsync<AuditPageView>("/api/audit?limit=500", Json.Options))!.Entries;

    private static async Task<Dictionary<(string, string, int), double>> ReadAsync(EmbeddedProduct product, List<string> provinces)
    {
        var points = new System.Collections.Concurrent.ConcurrentDictionary<(string, string, int), double>();
        await Parallel.ForEachAsync(from i in Indicators from p in provinces select (i, p), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
        {
            var series = (await product.Http.GetFromJsonAsync<SeriesView>($"/api/series/{s.p}/{s.i}?geography=vn-63", Json.Options))!;
            foreach (var point in series.Observations) points[(s.p, s.i, point.Year)] = point.Value;
        });
        return new(points);
    }
}
