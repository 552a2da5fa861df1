using Analytics.Hosting;

namespace Analytics.Silo.Storage;

/// <summary>Which database the silo's ADO.NET providers use, and the project's scripts that prepare it.</summary>
public sealed record StorageSetup(string Invariant, string ConnectionString, string[] Scripts)
{
    public static StorageSetup For(ClusterSettings settings) => settings.Mode switch
    {
        ClusterMode.Embedded => new(SqlSchema.SqliteInvariant, settings.SqliteConnection, ["sqlite/persistence.sql"]),
        ClusterMode.Postgres => new(SqlSchema.PostgresInvariant, settings.PostgresConnection!, ["postgres/clustering.sql", "postgres/persistence.sql"]),
        _ => throw new ArgumentOutOfRangeException(nameof(settings)),
    };

    /// <summary>Idempotent: runs on every silo start, and is safe against a database other silos are using.</summary>
    public Task ApplySchemaAsync(CancellationToken cancellationToken = default) =>
        SqlSchema.ApplyAsync(Invariant, ConnectionString, Scripts, cancellationToken);
}
