using Analytics.Domain;
using Microsoft.Data.Sqlite;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics backup --out FILE</c>: a consistent copy of the embedded cluster's SQLite database, taken with
/// SQLite's online backup API, so the silo may keep running and writing meanwhile. The copy is checked
/// (<c>PRAGMA quick_check</c>) before the command reports success. Restoring is: stop the silo, copy the backup over
/// the database file, start the silo (docs/operations.md, "Backups and storage faults"). PostgreSQL clusters use pg_dump instead.
/// </summary>
public sealed class BackupCommand : ICommand
{
    /// <summary>The embedded database's name inside the data folder (as the silo names it).</summary>
    public const string DatabaseFile = "analytics.db";

    public string Name => "backup";

    public string Summary => Bilingual.T(
        "sao chép nhất quán cơ sở dữ liệu (SQLite) của cụm máy chủ nhúng, kể cả khi silo đang chạy",
        "copy the embedded cluster's database (SQLite) consistently, even while the silo runs");

    public CommandHelp Help => new(
        "--out FILE [--data-dir DIR]",
        Bilingual.T(
            """
            Sao chép cơ sở dữ liệu SQLite của cụm máy chủ nhúng bằng cơ chế sao lưu trực tuyến của SQLite, từng trang một,
            nên bản sao nhất quán kể cả khi silo đang ghi. Bản sao được kiểm tra trước khi lệnh báo đã xong.
            Khôi phục: dừng silo, chép FILE thành DIR/analytics.db (xóa DIR/analytics.db-wal và DIR/analytics.db-shm), khởi động silo.
            """,
            """
            Copies the embedded cluster's SQLite database with SQLite's online backup, page by page, so the copy is
            consistent even while the silo writes. The copy is checked before the command says it is done.
            Restore: stop the silo, copy FILE to DIR/analytics.db (remove DIR/analytics.db-wal and -shm), start the silo.
            """),
        [
            new("out", "FILE", Bilingual.T("nơi ghi bản sao lưu (không được là tệp đã có)", "where to write the backup (must not exist yet)")),
            new("data-dir", "DIR", DataDirOption),
        ],
        Bilingual.T("Chế độ PostgreSQL: sao lưu bằng pg_dump (docs/cluster.md).", "PostgreSQL mode: back up with pg_dump instead (docs/cluster.md)."));

    /// <summary>The silo's data folder option (here and in <c>keys create --bootstrap</c>).</summary>
    internal static string DataDirOption => Bilingual.T(
        "thư mục dữ liệu của silo (mặc định: ANALYTICS_DATA_DIR, nếu không có thì .data của kho mã)",
        "the silo's data folder (default: ANALYTICS_DATA_DIR, else the repository's .data)");

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var output = options.Value("out") ?? throw new UsageException(Bilingual.T("cần có --out FILE", "--out FILE is required"));
        var source = Path.Combine(LocateDataDirectory(options.Value("data-dir"), console), DatabaseFile);
        if (!File.Exists(source))
            throw new UsageException(Bilingual.T(
                $"không có cơ sở dữ liệu tại {source}; hãy cho --data-dir DIR (ANALYTICS_DATA_DIR của silo)", $"no database at {source}; pass --data-dir DIR (the silo's ANALYTICS_DATA_DIR)"));
        output = Path.GetFullPath(output);
        if (File.Exists(output)) throw new UsageException(Bilingual.T($"--out {output} đã tồn tại; hãy đặt tên một tệp mới", $"--out {output} exists already; name a new file"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        // The copy holds the keys' hashes and every figure: readable by this user only, from its first byte.
        if (!OperatingSystem.IsWindows())
            using (new FileStream(output, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite })) { }
        try
        {
            // ReadWrite without Create: WAL readers need the shared-memory file; a missing database is never created.
            await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = output, Pooling = false }.ToString()))
            {
                await from.OpenAsync(cancellationToken);
                await to.OpenAsync(cancellationToken);
                from.BackupDatabase(to);
            }
            await using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = output, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await check.OpenAsync(cancellationToken);
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            var result = await command.ExecuteScalarAsync(cancellationToken) as string;
            if (result != "ok")
            {
                await console.Error.WriteLineAsync(Bilingual.T(
                    $"analytics backup: bản sao {output} không qua được kiểm tra của SQLite ({result}); {source} có bị hỏng không?",
                    $"analytics backup: the copy {output} fails SQLite's check ({result}); is {source} damaged?"));
                return ExitCodes.DataErrors;
            }
        }
        catch (SqliteException ex)
        {
            await console.Error.WriteLineAsync(Bilingual.T($"analytics backup: không sao chép được {source}: {ex.Message}", $"analytics backup: could not copy {source}: {ex.Message}"));
            return ExitCodes.DataErrors;
        }
        var size = InputReport.Number(new FileInfo(output).Length);
        await console.Out.WriteLineAsync(Bilingual.T($"Đã sao lưu {source} vào {output} ({size} byte, đã kiểm tra).", $"Backed up {source} to {output} ({size} bytes, checked)."));
        return ExitCodes.Ok;
    }

    /// <summary>--data-dir, else ANALYTICS_DATA_DIR (as the silo reads it), else .data in the repository run.sh starts from.</summary>
    internal static string LocateDataDirectory(string? explicitDirectory, CliConsole console)
    {
        if (explicitDirectory is not null) return Path.GetFullPath(explicitDirectory);
        if (console.Environment("ANALYTICS_DATA_DIR") is { Length: > 0 } fromEnvironment) return Path.GetFullPath(fromEnvironment);
        for (var dir = new DirectoryInfo(console.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return Path.Combine(dir.FullName, ".data");
        }
        throw new UsageException(Bilingual.T("không xác định được thư mục dữ liệu của silo; hãy cho --data-dir DIR", "cannot tell where the silo's data folder is; pass --data-dir DIR"));
    }
}
