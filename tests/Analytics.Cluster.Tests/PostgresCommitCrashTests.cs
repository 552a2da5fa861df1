using System.Collections.Concurrent;
using System.Net;
using Analytics.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>
/// kill -9 of a silo of three on PostgreSQL with one of its group transactions of series writes open (statements sent,
/// commit not): the server rolls the transaction back with the lost connection, the batch is answered with a failure,
/// and the client's resend lands it, every figure of it and of the batches before, rankings agreeing. The silos share
/// one arm, since placement decides which of them holds the batch's series: the first to claim it holds and is killed.
/// </summary>
public sealed class PostgresCommitCrashTests(ITestOutputHelper output)
{
    private const int KillDuringBatch = 3;
    private const int Silos = 3;
    private static readonly string[] Indicators = ["pg-cut-a", "pg-cut-b", "pg-cut-c", "pg-cut-d", "pg-cut-e", "pg-cut-f"];

    [Fact]
    public async Task A_silo_killed_inside_a_group_commit_loses_nothing_acknowledged_and_the_resent_batch_lands_whole()
    {
        var hold = Directory.CreateTempSubdirectory("analytics-commit-hold-").FullName;
        await using var cluster = await PostgresCluster.StartAsync(Silos, _ => new Dictionary<string, string> { ["ANALYTICS_TEST_HOLD_COMMIT"] = hold });
        await cluster.DefineIndicatorsAsync(Indicators);
        var provinces = (await cluster.CurrentProvincesAsync()).Where(p => p != "28").ToList(); // Hà Tây left in 2008

        var batches = CutBatches.Of(Indicators, provinces);
        for (var b = 0; b < KillDuringBatch; b++)
        {
            using var response = await cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv(batches[b]));
            response.EnsureSuccessStatusCode();
        }

        var cut = cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv(batches[KillDuringBatch]));
        var (processId, rows) = await HeldCommit.ArmAndWaitAsync(hold, "series", cut);
        var silo = cluster.SiloWithProcess(processId);
        Assert.True(silo >= 0, $"the holding process ({processId}) is none of the cluster's silos");
        await cluster.KillSiloAsync(silo);
        output.WriteLine($"killed silo {silo} with a transaction of {rows.Length} writes open, e.g. {string.Join(", ", rows.Take(3))}");
        try
        {
            using var response = await cut;
            output.WriteLine($"the cut batch was answered {(int)response.StatusCode}");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            output.WriteLine($"the cut batch failed: {ex.Message}");
        }

        // As a client does after a failure: send the batch again until it is acknowledged (the survivor takes it once
        // the killed silo is declared dead).
        var (_, resent) = await PostgresCluster.PollAsync(async () =>
        {
            using var response = await cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv(batches[KillDuringBatch]));
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, TimeSpan.FromMinutes(2), "the cut batch acknowledged when sent again", TimeSpan.FromSeconds(1));
        output.WriteLine($"the cut batch was acknowledged when sent again, {resent.TotalSeconds:F1} s after the kill");

        var stored = new ConcurrentDictionary<(string, string, int), double>();
        await Parallel.ForEachAsync(from i in Indicators from p in provinces select (i, p), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
        {
            var series = await cluster.GetAsync<SeriesView>(PostgresCluster.SeriesPath(s.p, s.i));
            foreach (var point in series.Observations) stored[(s.p, s.i, point.Year)] = point.Value;
        });
        Assert.All(batches.Take(KillDuringBatch + 1).SelectMany(b => b),
            r => Assert.Equal(r.Value, stored.GetValueOrDefault((r.Province, r.Indicator, r.Year))));

        var disagreements = await CutBatches.DisagreementsAsync(Indicators, stored,
            (i, y) => cluster.GetAsync<RankingView>($"/api/rankings/{i}?year={y}&geography=vn-63"));
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} ranking rows disagree with their series, e.g. {string.Join("; ", disagreements.Take(5))}");
    }
}
