using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Analytics.Silo.Storage;

/// <summary>The embedded database cannot be used as it is; the message names the file and what to do.</summary>
public sealed class DatabaseUnusableException(string message) : Exception(message);

/// <summary>
/// Checks the embedded SQLite file before the silo opens it for grains. SQLite itself treats a 0-byte file as a new
/// database and only notices a damaged page when a query reads it, so without this a lost or damaged file would
/// silently become a freshly loaded bundle or a cluster that half works. A missing file is a fresh start; anything
/// else must be a whole database, or the silo stops and says how to restore it or, deliberately, start afresh.
/// </summary>
public sealed class SqliteDatabaseCheck(string file)
{
    /// <summary>The command-line switch that moves an unusable database aside and starts with an empty one.</summary>
    public const string ResetFlag = "--reset-database";

    /// <summary>The same, as a setting (ANALYTICS_RESET_DATABASE=true).</summary>
    public const string ResetSetting = "ANALYTICS_RESET_DATABASE";

    // The product's own bookkeeping table. "held-data" is recorded once the grain table has rows, so a database whose
    // rows later vanish (the tables recreated, a file swapped for an empty one) is told apart from a new one.
    private const string MarkerTable = "AnalyticsDatabase";
    private const string HeldData = "held-data";
    private static ReadOnlySpan<byte> HeaderMagic => "SQLite format 3\0"u8;

    public string File { get; } = Path.GetFullPath(file);

    /// <summary>Throws <see cref="DatabaseUnusableException"/> unless the file is absent (a fresh start) or a whole database.</summary>
    public string Verify()
    {
        if (!System.IO.File.Exists(File)) return $"no database at {File}: starting a new one";
        var length = new FileInfo(File).Length;
        if (length == 0) throw Unusable("is empty (0 bytes); a database the silo made is never empty, so what it held is gone");
        CheckHeader(length);

        var clock = Stopwatch.StartNew();
        string integrity;
        bool hasGrainTable, heldData;
        long rows;
        try
        {
            using var connection = Open();
            integrity = Scalar(connection, "PRAGMA quick_check(1)") as string ?? "no answer";
            if (integrity != "ok") throw Unusable($"is damaged (SQLite quick_check: {Finding(integrity)})");
            hasGrainTable = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'OrleansStorage'") is long n && n > 0;
            heldData = Scalar(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{MarkerTable}'") is long m && m > 0
                       && Scalar(connection, $"SELECT count(*) FROM {MarkerTable} WHERE Key = '{HeldData}'") is long h && h > 0;
            rows = hasGrainTable ? (long)Scalar(connection, "SELECT count(*) FROM (SELECT 1 FROM OrleansStorage LIMIT 1)")! : 0;
        }
        catch (SqliteException ex)
        {
            throw Unusable($"cannot be read ({FirstLine(ex.Message)})");
        }
        if (heldData && rows == 0) throw Unusable("has the product's tables but none of the data it held before");
        return $"database {File} checked in {clock.Elapsed.TotalSeconds:F1}s: {integrity}";
    }

    /// <summary>Records that the database holds data, once it does (idempotent, cheap).</summary>
    public void RecordHeldData()
    {
        if (!System.IO.File.Exists(File)) return;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {MarkerTable} (Key TEXT NOT NULL PRIMARY KEY, Value TEXT NOT NULL);
            INSERT OR IGNORE INTO {MarkerTable} (Key, Value)
            SELECT '{HeldData}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE EXISTS (SELECT 1 FROM OrleansStorage LIMIT 1);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Moves the database (and its WAL files) aside under a dated name; returns where, or null if there was none.</summary>
    public string? MoveAside(DateTimeOffset now)
    {
        if (!System.IO.File.Exists(File)) return null;
        SqliteConnection.ClearAllPools();
        var aside = $"{File}.unusable-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (System.IO.File.Exists(File + suffix)) System.IO.File.Move(File + suffix, aside + suffix);
        }
        return aside;
    }

    /// <summary>The page size and page count in the header against the file's length: a cut-off file is shorter.</summary>
    private void CheckHeader(long length)
    {
        var header = new byte[100];
        int read;
        using (var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || !header.AsSpan(0, 16).SequenceEqual(HeaderMagic))
            throw Unusable("is not a SQLite database (its header is missing or overwritten)");

        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16)) is var p && p == 1 ? 65536 : p;
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        // The page count is only valid when the change counter matches "version-valid-for" (SQLite file format, 1.3.9).
        var counterValid = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24)) == BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0) throw Unusable("is not a SQLite database (its header is overwritten)");
        // After a kill during a checkpoint the header may be ahead of the file while the WAL still holds every page;
        // then quick_check (which reads through the WAL) is the judge.
        var walHoldsPages = System.IO.File.Exists(File + "-wal") && new FileInfo(File + "-wal").Length > 0;
        if (counterValid && pages > 0 && !walHoldsPages && length < (long)pages * pageSize)
            throw Unusable($"is cut short ({length:N0} bytes of the {(long)pages * pageSize:N0} its header declares)");
    }

    private SqliteConnection Open()
    {
        // ReadWrite, not ReadWriteCreate: checking must never create a file.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>quick_check's first finding, without its "*** in database main ***" heading.</summary>
    private static string Finding(string report) =>
        report.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("***", StringComparison.Ordinal)) ?? FirstLine(report);

    public DatabaseUnusableException Unusable(string what) => new($"""
        The database {File} {what}.
        The silo has not started, so nothing was changed. What to do:
          - restore the latest backup: stop every process using it, copy the backup over {File}
            (made with './analytics backup --out FILE'; see docs/operations.md, "Backups and storage faults"), and start again; or
          - start afresh deliberately, losing what the file held: start the silo once with {ResetFlag}
            (or {ResetSetting}=true); the file is moved aside as {Path.GetFileName(File)}.unusable-<time>, not deleted.
        """);
}
