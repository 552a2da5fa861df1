using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Analytics.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>
/// kill -9 of one of three silos while a client uploads 50,000 observations in batches of 1,000 through the API.
/// </summary>
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private const int Observations = 50_000;
    private const int BatchSize = 1_000;
    private const int Senders = 4;
    private const int FirstYear = 1990;
    private const int Years = 35; // 1990..2024: actuals lie in the past, and in the 63 provinces
    private const int KillAfterAcknowledged = 10;

    /// <summary>Batches are sent on a schedule, so the upload outlasts the outage and shows the cluster taking batches again.</summary>
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(600);
    private const int CrashedSilo = 1;

    private sealed record Outcome(int Batch, HttpStatusCode? Status, string? Error, TimeSpan At, TimeSpan? RetryAfter = null)
    {
        public bool Acknowledged => Status == HttpStatusCode.OK;
    }

    [Fact]
    public async Task A_silo_killed_during_ingest_loses_no_acknowledged_batch_and_queries_answer_within_the_failure_detection_time()
    {
        await using var cluster = await PostgresCluster.StartAsync(silos: 3);
        var detection = (await cluster.GetClusterAsync()).FailureDetection!;
        var deadline = TimeSpan.FromSeconds(detection.DeclaredDeadWithinSeconds);
        var provinces = await cluster.CurrentProvincesAsync();
        var indicators = Enumerable.Range(0, Observations / (provinces.Count * Years) + 1).Select(i => $"crash-{i:00}").ToList();
        await cluster.DefineIndicatorsAsync(indicators);

        // Every observation has a key of its own and a value that says which batch and row it came from. A decade of
        // every series comes before the next, so a batch touches about a hundred series spread over all silos, and
        // each series gets four batches at different times: before, during and after the crash.
        var rows = (from indicator in indicators from province in provinces from year in Enumerable.Range(FirstYear, Years)
                    select (indicator, province, year)).Take(Observations)
                   .OrderBy(r => r.year / 10).ThenBy(r => r.indicator).ThenBy(r => r.province).ThenBy(r => r.year).ToList();
        var batches = rows.Chunk(BatchSize).Select((chunk, b) => chunk.Select((r, i) =>
            new Row(r.province, r.indicator, r.year, "actual", double.Parse($"{b}.{i:000}", CultureInfo.InvariantCulture))).ToArray()).ToArray();

        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<Outcome>();
        var acknowledged = 0;
        var killed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, batches.Length));

        async Task SendAsync()
        {
            using var http = cluster.NewClient();
            while (queue.TryDequeue(out var b))
            {
                var wait = BatchInterval * b - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var outcome = await PostAsync(http, b, batches[b], clock);
                outcomes.Add(outcome);
                if (outcome.Acknowledged && Interlocked.Increment(ref acknowledged) == KillAfterAcknowledged)
                {
                    await cluster.KillSiloAsync(CrashedSilo);
                    killed.SetResult(clock.Elapsed);
                }
                // As a well-behaved client does: after a failure, wait as the API asks before sending more.
                if (!outcome.Acknowledged) await Task.Delay(outcome.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
        }

        var ingest = Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(SendAsync)));
        var killedAt = await killed.Task.WaitAsync(TimeSpan.FromMinutes(3));

        // While the ingest goes on: rankings of every indicator and a series on every silo must answer again within
        // the failure-detection time, and the membership must declare the silo dead within it.
        var declared = Task.Run(async () =>
        {
            await PostgresCluster.PollAsync(cluster.GetClusterAsync, v => v.Current(cluster.Ports[CrashedSilo])?.Status == "dead", deadline * 2, "the killed silo declared dead");
            return clock.Elapsed - killedAt;
        });
        var failedQueries = await QueriesRecoverAsync(cluster, indicators, provinces, deadline * 2);
        var recovery = clock.Elapsed - killedAt;
        var declaredDead = await declared;
        await ingest;
        output.WriteLine($"killed silo {CrashedSilo} at {killedAt.TotalSeconds:F1} s; every query answered again {recovery.TotalSeconds:F1} s later " +
                         $"({failedQueries} failed queries meanwhile); /api/cluster showed it dead after {declaredDead.TotalSeconds:F1} s; upload ended at {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(recovery <= deadline, $"queries answered again only after {recovery.TotalSeconds:F1} s (logs: {cluster.LogDirectory})");
        Assert.True(declaredDead <= deadline, $"the silo was declared dead only after {declaredDead.TotalSeconds:F1} s (logs: {cluster.LogDirectory})");

        var results = outcomes.OrderBy(o => o.Batch).ToList();
        var failed = results.Where(o => !o.Acknowledged).ToList();
        output.WriteLine($"{results.Count(o => o.Acknowledged)} batches acknowledged, {failed.Count} failed: " +
                         string.Join("; ", failed.Select(f => $"#{f.Batch} at {f.At.TotalSeconds:F1} s: {f.Status?.ToString() ?? f.Error}")));
        Assert.Equal(batches.Length, results.Count);
        // A failure is a failure the client can see: a 5xx or a broken connection, never a 4xx or a partial "OK".
        Assert.All(failed, f => Assert.True(f.Status is null || (int)f.Status >= 500, $"batch {f.Batch}: {f.Status}"));
        Assert.Contains(results, o => o.Acknowledged && o.At > killedAt + recovery);

        // Before any re-send: the leaderboards repair themselves from the series the failed batches reached (a
        // leaderboard that lived on the killed silo on its next activation, the others once the batch is stale).
        var repair = Stopwatch.StartNew();
        var (left, _) = await PostgresCluster.PollAsync(
            async () => await DisagreementsAsync(cluster, indicators, await ReadAllAsync(cluster, indicators, provinces), Enumerable.Range(FirstYear, Years)),
            d => d.Count == 0, TimeSpan.FromMinutes(3), "rankings agreeing with their series without a re-send", TimeSpan.FromSeconds(5));
        output.WriteLine($"rankings agreed with the series {repair.Elapsed.TotalSeconds:F1} s after the upload ended, without a re-send");

        // A failed batch may be there in part (the series that answered); the client sends it again. Keys are unique
        // to their batch, so resending the failed ones cannot restore an acknowledged one, and one read afterwards
        // checks both: every acknowledged observation is there exactly once (its value, no revision, no extra
        // point), and so is every resent one (the retry found its applied part unchanged).
        using (var http = cluster.NewClient())
        {
            await Parallel.ForEachAsync(failed, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (f, _) =>
                await PostgresCluster.PollAsync(() => PostAsync(http, f.Batch, batches[f.Batch], clock), o => o.Acknowledged, TimeSpan.FromSeconds(60), $"retry of batch {f.Batch}"));
        }
        var stored = await ReadAllAsync(cluster, indicators, provinces);
        AssertStoredExactlyOnce(stored, [.. results.Where(o => o.Acknowledged).SelectMany(o => batches[o.Batch])]);
        AssertStoredExactlyOnce(stored, [.. failed.SelectMany(o => batches[o.Batch])]);
        Assert.Equal(Observations, stored.Count);
        await AssertRankingsMatchAsync(cluster, indicators, stored);
    }

    private static async Task<Outcome> PostAsync(HttpClient http, int batch, Row[] rows, Stopwatch clock)
    {
        try
        {
            using var response = await http.PostAsync("/api/observations", PostgresCluster.Csv(rows));
            return new Outcome(batch, response.StatusCode, null, clock.Elapsed, response.Headers.RetryAfter?.Delta);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Outcome(batch, null, ex.GetType().Name, clock.Elapsed);
        }
    }

    /// <summary>Polls every ranking and one series per indicator until one round answers in full; returns the failed queries meanwhile.</summary>
    private static async Task<int> QueriesRecoverAsync(
        PostgresCluster cluster, List<string> indicators, List<string> provinces, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var failures = 0;
        var paths = indicators.Select(i => $"/api/rankings/{i}?year={FirstYear}")
            .Concat(indicators.Select((i, n) => $"/api/series/{provinces[n * 7 % provinces.Count]}/{i}")).ToList();
        using var http = cluster.NewClient();
        http.Timeout = deadline;
        while (true)
        {
            var answers = await Task.WhenAll(paths.Select(async p =>
            {
                try
                {
                    using var response = await http.GetAsync(p);
                    return response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }));
            failures += answers.Count(a => !a);
            if (answers.All(a => a) || clock.Elapsed > deadline) return failures;
            await Task.Delay(100);
        }
    }

    private static string Key(Row r) => $"{r.Province}/{r.Indicator}/{r.Year}";

    private static async Task<Dictionary<string, PointView>> ReadAllAsync(PostgresCluster cluster, List<string> indicators, List<string> provinces)
    {
        var points = new ConcurrentDictionary<string, PointView>();
        await Parallel.ForEachAsync(
            from i in indicators from p in provinces select (i, p), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
            {
                var series = await cluster.GetAsync<SeriesView>($"/api/series/{s.p}/{s.i}");
                foreach (var point in series.Observations)
                    Assert.True(points.TryAdd($"{s.p}/{s.i}/{point.Year}", point), $"two points for {s.p}/{s.i}/{point.Year}");
            });
        return new(points);
    }

    private static void AssertStoredExactlyOnce(Dictionary<string, PointView> stored, List<Row> rows)
    {
        var missing = rows.Where(r => !stored.ContainsKey(Key(r))).Select(Key).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged observations missing, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var r in rows)
        {
            var point = stored[Key(r)];
            Assert.Equal((r.Value, "actual", 0), (point.Value, point.Kind, point.Revisions.Count));
        }
    }

    /// <summary>The leaderboards (fed by the series grains) hold what the series hold: every indicator, a year of every decade.</summary>
    private static async Task<List<string>> DisagreementsAsync(
        PostgresCluster cluster, List<string> indicators, Dictionary<string, PointView> stored, IEnumerable<int> years)
    {
        var found = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            from i in indicators from y in years select (i, y), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (q, _) =>
            {
                var ranking = await cluster.GetAsync<RankingView>($"/api/rankings/{q.i}?year={q.y}");
                foreach (var row in ranking.Rows)
                {
                    var expected = stored.TryGetValue($"{row.Province}/{q.i}/{q.y}", out var p) ? p.Value : (double?)null;
                    if (expected != row.Value) found.Add($"ranking {q.i} {q.y}: {row.Province} has {row.Value}, its series {expected}");
                }
            });
        return [.. found];
    }

    private static async Task AssertRankingsMatchAsync(PostgresCluster cluster, List<string> indicators, Dictionary<string, PointView> stored)
    {
        await Parallel.ForEachAsync(
            from i in indicators from y in new[] { 1990, 2000, 2010, 2020, 2024 } select (i, y), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (q, _) =>
            {
                var ranking = await cluster.GetAsync<RankingView>($"/api/rankings/{q.i}?year={q.y}");
                foreach (var row in ranking.Rows)
                {
                    var expected = stored.TryGetValue($"{row.Province}/{q.i}/{q.y}", out var p) ? p.Value : (double?)null;
                    Assert.True(expected == row.Value, $"ranking {q.i} {q.y}: {row.Province} has {row.Value}, its series {expected}");
                }
            });
    }
}
