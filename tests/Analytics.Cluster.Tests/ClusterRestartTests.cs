using System.Text;
using Analytics.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>Stopping every silo and starting them again: the state is in PostgreSQL, not in the processes.</summary>
[Collection(ThreeSiloCluster.Name)]
public sealed class ClusterRestartTests(ThreeSiloClusterFixture fixture, ITestOutputHelper output)
{
    private const int Years = 20;

    [Fact]
    public async Task Stopping_all_silos_and_starting_them_again_keeps_every_figure_and_ranking()
    {
        var cluster = fixture.Cluster;
        var provinces = await cluster.CurrentProvincesAsync();
        var indicators = new[] { "restart-a", "restart-b", "restart-c" };
        await cluster.DefineIndicatorsAsync(indicators);
        var rows = (from i in indicators from p in provinces from y in Enumerable.Range(2000, Years)
                    select new Row(p, i, y, "actual", (p.GetHashCode() & 0xffff) % 100 + y % 7 / 10.0)).ToList();
        foreach (var batch in rows.Chunk(1_000))
            (await cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv(batch))).EnsureSuccessStatusCode();
        // Corrections of a tenth of the figures, so revisions with their sources must survive too.
        foreach (var batch in rows.Where((_, n) => n % 10 == 0).Select(r => r with { Value = r.Value / 2, Source = "correction" }).Chunk(1_000))
            (await cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv(batch))).EnsureSuccessStatusCode();
        var data = await ReadEverythingAsync(cluster, indicators, provinces);
        var previousSilos = (await cluster.GetClusterAsync()).Silos.Select(s => (s.SiloPort, s.Generation)).ToHashSet();

        await cluster.StopSilosAsync();
        await cluster.StartSilosAsync(0, 1, 2);

        // The API kept running: it finds the new silos through the membership table.
        var (view, reconnected) = await PostgresCluster.PollAsync(cluster.GetClusterAsync, v => v.Active == 3, TimeSpan.FromSeconds(60), "three active silos again");
        output.WriteLine($"the API answered with three active silos {reconnected.TotalSeconds:F1} s after they started");
        Assert.All(cluster.Ports, p => Assert.DoesNotContain((p.Silo, view.Current(p)!.Generation), previousSilos));
        Assert.All(view.Silos.Where(s => previousSilos.Contains((s.SiloPort, s.Generation))), s => Assert.Equal("dead", s.Status));
        var after = await ReadEverythingAsync(cluster, indicators, provinces);
        Assert.Equal(data.Length, after.Length);
        Assert.True(data == after, $"the data read back after the restart differs, first at: {FirstDifference(data, after)}");
        Assert.Contains("\"correction\"", after);
    }

    /// <summary>The first line that differs, with the path it belongs to: what a failure needs to say.</summary>
    private static string FirstDifference(string before, string after)
    {
        var (a, b) = (before.Split('\n'), after.Split('\n'));
        for (var n = 0; n < Math.Min(a.Length, b.Length); n++)
            if (a[n] != b[n])
            {
                var path = a.Take(n).LastOrDefault(l => l.StartsWith("/api/", StringComparison.Ordinal));
                int at = Enumerable.Range(0, Math.Min(a[n].Length, b[n].Length)).FirstOrDefault(i => a[n][i] != b[n][i]);
                return $"{path}: …{a[n][Math.Max(0, at - 80)..Math.Min(a[n].Length, at + 200)]}… became …{b[n][Math.Max(0, at - 80)..Math.Min(b[n].Length, at + 200)]}…";
            }
        return "(lengths differ)";
    }

    /// <summary>Every series of the test's indicators, their rankings for every year, and the province and catalog views, as JSON text.</summary>
    private static async Task<string> ReadEverythingAsync(PostgresCluster cluster, string[] indicators, List<string> provinces)
    {
        var paths = (from i in indicators from p in provinces select PostgresCluster.SeriesPath(p, i))
            .Concat(from i in indicators from y in Enumerable.Range(2000, Years) select $"/api/rankings/{i}?year={y}")
            .Append("/api/provinces/60").Append("/api/indicators").ToList();
        var texts = new string[paths.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (n, _) => texts[n] = await cluster.GetTextAsync(paths[n]));
        var all = new StringBuilder();
        for (var n = 0; n < paths.Count; n++) all.Append(paths[n]).Append('\n').Append(texts[n]).Append('\n');
        return all.ToString();
    }
}
