using Analytics.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Analytics.Silo.Storage;

/// <summary>Which database the silo's ADO.NET providers use, and the project's scripts that prepare it.</summary>
public sealed record StorageSetup(string Invariant, string ConnectionString, string[] Scripts)
{
    public static StorageSetup For(ClusterSettings settings) => settings.Mode switch
    {
        ClusterMode.Embedded => new(SqlSchema.SqliteInvariant, settings.SqliteConnection, [SqlSchema.SqlitePersistence]),
        ClusterMode.Postgres => new(SqlSchema.PostgresInvariant, WithDefaultPoolSize(settings.PostgresConnection!), [SqlSchema.PostgresClustering, SqlSchema.PostgresPersistence]),
        _ => throw new ArgumentOutOfRangeException(nameof(settings)),
    };

    /// <summary>Connections a silo keeps open to PostgreSQL at most, unless ANALYTICS_PG says otherwise.</summary>
    public const int DefaultMaxPoolSize = 25;

    /// <summary>
    /// Npgsql's pool holds up to 100 connections per process. Three silos under load would open 300, three times
    /// PostgreSQL's default max_connections, and grain writes would fail with "too many clients already". With a
    /// smaller pool the excess waits its turn for a connection instead (up to the connection string's Timeout). An
    /// explicit Maximum Pool Size in ANALYTICS_PG wins; size it so that silos × pool stays under max_connections.
    /// </summary>
    public static string WithDefaultPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal))
            .Any(k => k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
        return given ? connectionString : new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }

    /// <summary>
    /// Registers the product's grain storage on this database. State is stored with Orleans' own serializer: the
    /// provider's default JSON cannot read back dictionaries keyed by records, and the binary form follows the
    /// [Id] attributes, so state classes can evolve the same way messages do.
    /// </summary>
    /// <param name="startWithoutDamagedState">A row that cannot be deserialized gives its grain empty state instead of failing it (<see cref="DamagedStateStorage"/>).</param>
    public ISiloBuilder AddGrainStorage(ISiloBuilder silo, bool startWithoutDamagedState = false)
    {
        var providerName = StorageNames.Default + (Invariant == SqlSchema.SqliteInvariant ? "-sqlite" : "-adonet");
        silo.AddAdoNetGrainStorage(providerName, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = ConnectionString;
                o.GrainStorageSerializer = new TolerantSerializer(new OrleansGrainStorageSerializer(serializer), startWithoutDamagedState);
            }));
        // A singleton of its own, so the host disposes it (committing what is queued) when the silo stops.
        silo.Services.AddKeyedSingleton(providerName, (sp, _) => new GroupCommitGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(providerName),
            Invariant == SqlSchema.SqliteInvariant ? Microsoft.Data.Sqlite.SqliteFactory.Instance : Npgsql.NpgsqlFactory.Instance,
            ConnectionString,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(providerName).GrainStorageSerializer,
            sp.GetRequiredService<AnalyticsMetrics>(),
            CommitHold.FromEnvironment(),
            // Embedded mode has one silo and no other writer, so it may know which grains were never stored.
            soleWriter: Invariant == SqlSchema.SqliteInvariant));
        if (Invariant == SqlSchema.PostgresInvariant)
        {
            silo.Services.AddNpgsqlExceptionSerialization();
        }
        // Writes that arrive together commit together; every grain's storage names a row it cannot read.
        silo.Services.AddGrainStorage(StorageNames.Default, (sp, _) =>
            new DamagedStateStorage(sp.GetRequiredKeyedService<GroupCommitGrainStorage>(providerName), sp,
                sp.GetRequiredService<ILogger<DamagedStateStorage>>()));
        return silo;
    }

    /// <summary>
    /// The keys of the grains of one type that have a stored row (e.g. every indicator with state), read from the table
    /// itself: what the cluster holds even when a grain that lists them (the catalog) lost its row.
    /// </summary>
    public async Task<IReadOnlyList<string>> StoredKeysAsync(string grainType, string serviceId, CancellationToken cancellationToken = default)
    {
        System.Data.Common.DbProviderFactory factory = Invariant == SqlSchema.SqliteInvariant ? Microsoft.Data.Sqlite.SqliteFactory.Instance : Npgsql.NpgsqlFactory.Instance;
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT GrainIdExtensionString FROM OrleansStorage WHERE GrainTypeString = @type AND ServiceId = @service";
        foreach (var (name, value) in new[] { ("@type", grainType), ("@service", serviceId) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (!reader.IsDBNull(0)) keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>Idempotent: runs on every silo start, and is safe against a database other silos are using.</summary>
    public Task ApplySchemaAsync(CancellationToken cancellationToken = default) =>
        SqlSchema.ApplyAsync(Invariant, ConnectionString, Scripts, cancellationToken);
}
