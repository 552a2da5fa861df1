using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Analytics.Silo.Storage;

/// <summary>
/// Applies the project's own schema scripts (Sql/**/*.sql, embedded in this assembly) that the Orleans
/// ADO.NET providers need: tables plus the stored queries they load from <c>OrleansQuery</c>.
/// The scripts are idempotent, so a silo applies them on every start.
/// </summary>
public static class SqlSchema
{
    /// <summary>Orleans' invariant for SQLite; Orleans 10 loads Microsoft.Data.Sqlite for it.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans' invariant for PostgreSQL through Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Grain persistence on SQLite.</summary>
    public const string SqlitePersistence = "sqlite/persistence.sql";

    /// <summary>Cluster membership and the clients' gateway list on PostgreSQL.</summary>
    public const string PostgresClustering = "postgres/clustering.sql";

    /// <summary>Grain persistence on PostgreSQL.</summary>
    public const string PostgresPersistence = "postgres/persistence.sql";

    /// <summary>Applies <paramref name="scripts"/>, in order, to the database.</summary>
    /// <param name="invariant"><see cref="SqliteInvariant"/> or <see cref="PostgresInvariant"/>.</param>
    /// <param name="connectionString">The same connection string the Orleans providers get.</param>
    /// <param name="scripts">Script names such as <see cref="PostgresClustering"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task ApplyAsync(
        string invariant, string connectionString, IEnumerable<string> scripts, CancellationToken cancellationToken = default)
    {
        DbProviderFactory factory = invariant switch
        {
            SqliteInvariant => SqliteFactory.Instance,
            PostgresInvariant => NpgsqlFactory.Instance,
            _ => throw new ArgumentException($"No schema scripts for the ADO.NET invariant '{invariant}'.", nameof(invariant)),
        };
        if (invariant == SqliteInvariant)
        {
            EnsureSqliteDirectory(connectionString);
        }

        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);

        foreach (var script in scripts)
        {
            // PostgreSQL: all or nothing, and the script's advisory lock lasts until commit. SQLite
            // cannot switch to WAL inside a transaction; its statements are each idempotent, so a
            // script cut short is completed by the next run.
            await using var transaction = invariant == PostgresInvariant
                ? await connection.BeginTransactionAsync(cancellationToken)
                : null;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ReadScript(script);
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    /// <summary>SQLite creates a missing database file, but not its directory.</summary>
    private static void EnsureSqliteDirectory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            return;
        }

        var file = Path.GetFullPath(builder.DataSource);
        var directory = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        OwnerOnly(file);
    }

    /// <summary>
    /// The database (and its -wal and -shm files, which SQLite creates with the database's mode) readable by this
    /// user only: it holds every figure and the keys' hashes. A missing file is created empty with that mode (an empty
    /// file is an empty SQLite database); an existing one from before is narrowed.
    /// </summary>
    public static void OwnerOnly(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(file))
        {
            using (new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode })) { }
            return;
        }
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(f) && File.GetUnixFileMode(f) != mode) File.SetUnixFileMode(f, mode);
    }

    private static string ReadScript(string script)
    {
        // MSBuild names an embedded file <RootNamespace>.Sql.<folder>.<file>; match the part we own.
        var suffix = ".Sql." + script.Replace('/', '.');
        var assembly = typeof(SqlSchema).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(name => name.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No embedded schema script '{script}'.", nameof(script));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }
}
