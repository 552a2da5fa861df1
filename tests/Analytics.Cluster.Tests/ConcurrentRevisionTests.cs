using System.Net.Http.Json;
using Analytics.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>Two clients revising the same series at the same time, through the API on a three-silo cluster.</summary>
[Collection(ThreeSiloCluster.Name)]
public sealed class ConcurrentRevisionTests(ThreeSiloClusterFixture fixture, ITestOutputHelper output)
{
    private const int RevisionsPerClient = 60;
    private const string Province = "60";
    private const int SharedYear = 2020;

    private readonly PostgresCluster _cluster = fixture.Cluster;

    /// <summary>
    /// Each client sends its revisions one after another, the two clients at once. Every request revises the same
    /// figure (60, 2020, actual) and adds a figure of the client's own to the same series. A lost update, one write
    /// based on state that another had already changed, would drop a value from the figure's revision history, put
    /// a client's values out of its order, or lose a client's own figure.
    /// </summary>
    [Fact]
    public async Task Two_clients_revising_the_same_series_at_once_lose_no_update()
    {
        var indicator = "concurrent-" + Guid.NewGuid().ToString("n")[..8];
        await _cluster.DefineIndicatorsAsync([indicator]);

        var clients = new[] { (Name: "a", OwnKind: "target", Base: 10.0), (Name: "b", OwnKind: "plan", Base: 50.0) };
        var acknowledged = await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            using var http = _cluster.NewClient();
            var values = new List<double>();
            for (var i = 0; i < RevisionsPerClient; i++)
            {
                var value = c.Base + i / 100.0;
                var rows = new[]
                {
                    new Row(Province, indicator, SharedYear, "actual", value, $"client-{c.Name}"),
                    new Row(Province, indicator, 1990 + i, c.OwnKind, i, $"client-{c.Name}"),
                };
                using var response = await http.PostAsync("/api/observations", PostgresCluster.Csv(rows));
                Assert.True(response.IsSuccessStatusCode, $"client {c.Name} revision {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                var result = await response.Content.ReadFromJsonAsync<IngestResult>(Json.Options);
                Assert.Equal(2, result!.Inserted + result.Revised + result.Unchanged);
                values.Add(value);
            }
            return values;
        })));

        var series = await _cluster.GetAsync<SeriesView>($"/api/series/{Province}/{indicator}");
        var shared = Assert.Single(series.Observations, p => p.Year == SharedYear && p.Kind == "actual");
        var history = shared.Revisions.Select(r => r.Value).Append(shared.Value).ToList();
        output.WriteLine($"history of {Province}/{indicator}/{SharedYear}: {string.Join(" ", history)}");

        // Every acknowledged revision is in the history once, and nothing else is.
        Assert.Equal(acknowledged.SelectMany(v => v).Order(), history.Order());
        // Each client's revisions appear in the order it made them: the history is one interleaving of the two.
        for (var c = 0; c < clients.Length; c++)
            Assert.Equal(acknowledged[c], history.Where(v => acknowledged[c].Contains(v)));
        // The current value is the last write: the last revision of one of the clients.
        Assert.Contains(shared.Value, acknowledged.Select(v => v[^1]));
        // Each client's own figures are all there.
        foreach (var c in clients)
            Assert.Equal(Enumerable.Range(0, RevisionsPerClient).Select(i => (double)i),
                series.Observations.Where(p => p.Kind == c.OwnKind).OrderBy(p => p.Year).Select(p => p.Value));
        // The two clients really did interleave.
        Assert.True(history.Zip(history.Skip(1)).Count(p => (p.First < 50) != (p.Second < 50)) > 1, "the clients did not overlap");
    }

    private sealed record IngestResult(int Received, int Inserted, int Unchanged, int Revised);
}
