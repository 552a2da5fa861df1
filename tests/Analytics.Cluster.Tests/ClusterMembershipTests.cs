using Analytics.Cluster.Tests.Support;

namespace Analytics.Cluster.Tests;

/// <summary>Several silo processes on one PostgreSQL membership table form one cluster, and the API, a client, sees it.</summary>
[Collection(ThreeSiloCluster.Name)]
public sealed class ClusterMembershipTests(ThreeSiloClusterFixture fixture)
{
    private readonly PostgresCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Three_silo_processes_join_and_the_API_lists_them_as_active()
    {
        // Each silo answered /health only after joining; the API reads the table through the management grain.
        // (Other tests of this collection may have restarted the silos: earlier generations are listed as dead.)
        var view = await _cluster.GetClusterAsync();

        Assert.Equal(("postgres", _cluster.ClusterId, 3), (view.Mode, view.ClusterId, view.Active));
        Assert.Equal(3, view.Silos.Count(s => s.Status == "active"));
        foreach (var ports in _cluster.Ports)
        {
            var silo = view.Current(ports);
            Assert.NotNull(silo);
            Assert.Equal(("active", "127.0.0.1", ports.Gateway), (silo.Status, silo.Address, silo.GatewayPort));
        }
    }

    [Fact]
    public async Task The_schema_command_can_be_run_again_against_the_live_database()
    {
        var indicator = "schema-" + Guid.NewGuid().ToString("n")[..8];
        await _cluster.DefineIndicatorsAsync([indicator]);
        (await _cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv([new Row("60", indicator, 2020, "actual", 42)]))).EnsureSuccessStatusCode();

        var (exitCode, output) = await _cluster.ApplySchemaAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains("Applied postgres/clustering.sql, postgres/persistence.sql", output);
        Assert.Equal(3, (await _cluster.GetClusterAsync()).Active);
        (await _cluster.Http.PostAsync("/api/observations", PostgresCluster.Csv([new Row("60", indicator, 2021, "actual", 43)]))).EnsureSuccessStatusCode();
        var series = await _cluster.GetAsync<SeriesView>($"/api/series/60/{indicator}");
        Assert.Equal([42.0, 43.0], series.Observations.Select(o => o.Value));
    }

    [Fact]
    public async Task The_cluster_states_how_fast_a_crashed_silo_is_declared_dead()
    {
        var detection = (await _cluster.GetClusterAsync()).FailureDetection;

        Assert.NotNull(detection);
        Assert.Equal(15, detection.DeclaredDeadWithinSeconds);
        // The probe cycles that lead to a suspicion fit well inside the promise, leaving room for the votes and gossip.
        Assert.True(detection.ProbeTimeoutSeconds * detection.MissedProbes <= detection.DeclaredDeadWithinSeconds / 2);
        Assert.True(detection.GatewayListRefreshSeconds < detection.DeclaredDeadWithinSeconds);
    }
}
