namespace Analytics.Cluster.Tests.Support;

/// <summary>Three silos and the API, started once for the tests of a class that leave the cluster running.</summary>
public sealed class ThreeSiloClusterFixture : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PostgresCluster.StartAsync(silos: 3);

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}

/// <summary>The test classes that share one running cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ThreeSiloCluster : ICollectionFixture<ThreeSiloClusterFixture>
{
    public const string Name = "three silos";
}
