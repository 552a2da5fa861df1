using Analytics.Hosting;
using Analytics.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Analytics.Tests.Support;

/// <summary>
/// An in-process Orleans test cluster whose grain storage is a real database through the ADO.NET provider,
/// prepared by the project's own schema scripts. Subclasses choose the database.
/// </summary>
public abstract class TestClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's model trainer, which a test can hold mid-training.</summary>
    public GatedTrainer Trainer { get; } = new();

    /// <summary>The grain storage the grains use, as a silo registered it (for specs of the storage contract itself).</summary>
    public IGrainStorage Storage =>
        Cluster.GetActiveSilos().First().ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    protected abstract Task<StorageSetup> PrepareStorageAsync();

    /// <summary>How long activations stay in memory on this cluster's silo; the product's defaults unless a fixture says otherwise.</summary>
    protected virtual ActivationLifetime? Lifetime => null;

    public async Task InitializeAsync()
    {
        var storage = await PrepareStorageAsync();
        await storage.ApplySchemaAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<Analytics.Forecasting.IForecastTrainer>(Trainer);
            storage.AddGrainStorage(silo.AddAnalyticsGrains(Lifetime));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

public sealed class SqliteClusterFixture : TestClusterFixture
{
    private readonly TempDirectory _dir = new();

    protected override Task<StorageSetup> PrepareStorageAsync() =>
        Task.FromResult(StorageSetup.For(new ClusterSettings { DataDir = _dir.Path }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>SQLite grain storage, and series activations that are collected after two seconds idle, none kept resident, 50 a second at most.</summary>
public sealed class ShortIdleClusterFixture : TestClusterFixture
{
    private readonly TempDirectory _dir = new();

    public static readonly ActivationLifetime ShortIdle = new()
    {
        SeriesIdle = TimeSpan.FromSeconds(2), CollectionQuantum = TimeSpan.FromSeconds(1), IdleDeactivationsPerSecond = 50, ResidentSeries = 0,
    };

    protected override ActivationLifetime? Lifetime => ShortIdle;

    protected override Task<StorageSetup> PrepareStorageAsync() =>
        Task.FromResult(StorageSetup.For(new ClusterSettings { DataDir = _dir.Path }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>As <see cref="ShortIdleClusterFixture"/>, but the silo keeps <see cref="Resident"/> series however long idle.</summary>
public sealed class ResidentSeriesClusterFixture : TestClusterFixture
{
    private readonly TempDirectory _dir = new();

    public const int Resident = 100;

    protected override ActivationLifetime? Lifetime => ShortIdleClusterFixture.ShortIdle with { ResidentSeries = Resident };

    protected override Task<StorageSetup> PrepareStorageAsync() =>
        Task.FromResult(StorageSetup.For(new ClusterSettings { DataDir = _dir.Path }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>Grain state in PostgreSQL, in a database of this fixture's own (created fresh, dropped at the end).</summary>
public sealed class PostgresClusterFixture : TestClusterFixture
{
    private TestDatabase? _database;

    protected override async Task<StorageSetup> PrepareStorageAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync("grain_specs");
        return StorageSetup.For(new ClusterSettings { Mode = ClusterMode.Postgres, PostgresConnection = _database.ConnectionString });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
