using System.Diagnostics;
using System.Net.Http.Json;
using Analytics.Cluster.Tests.Support;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>
/// The embedded SQLite database under faults an operator meets: a file emptied, cut short or overwritten in part must
/// stop the silo with a message naming the file and the remedy, never start it on a silently reloaded or half-readable
/// database; and a backup taken while the silo runs restores into a fresh data folder with its figures.
/// </summary>
public sealed class EmbeddedDatabaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(90);

    public enum Damage { Emptied, CutInHalf, Overwritten64KiB, RowsGone }

    [Theory]
    [InlineData(Damage.Emptied, "is empty")]
    [InlineData(Damage.CutInHalf, "")]
    [InlineData(Damage.Overwritten64KiB, "")]
    [InlineData(Damage.RowsGone, "none of the data it held")]
    public async Task A_damaged_database_stops_the_silo_with_a_message_naming_the_file_and_the_remedy(Damage damage, string says)
    {
        await using var product = new EmbeddedProduct($"damaged-{damage}");
        var data = product.NewDataDirectory("data");
        var file = EmbeddedProduct.DatabaseIn(data);
        await product.StartAsync(data);
        await product.FillAsync(["damage-a", "damage-b", "damage-c"], years: 20);
        await product.StopAsync();
        Compact(file);
        var before = File.ReadAllBytes(file);
        Harm(file, damage);
        var harmed = File.ReadAllBytes(file);

        var silo = product.StartSilo(data);
        var exit = await silo.WaitForExitAsync(ExitPatience);
        var log = await product.ReadLogAsync(silo);
        output.WriteLine($"{damage}: database of {before.Length:N0} bytes; silo exit code {exit}; log:\n{log}");

        Assert.NotEqual(0, exit);
        Assert.Contains($"The database {Path.GetFullPath(file)} ", log);
        Assert.Contains(says, log);
        Assert.Contains("restore the latest backup", log);
        Assert.Contains("--reset-database", log);
        Assert.DoesNotContain("   at ", log); // no stack frames
        Assert.Equal(harmed, File.ReadAllBytes(file)); // refused, not "repaired" or reloaded
    }

    [Fact]
    public async Task Health_is_unhealthy_when_a_grains_state_cannot_be_read()
    {
        await using var product = new EmbeddedProduct("unreadable-state");
        var data = product.NewDataDirectory("data");
        await product.StartAsync(data);
        await product.StopAsync();
        // A whole database (quick_check passes) whose catalog state is garbage: only reading the grain finds it.
        using (var connection = new SqliteConnection($"Data Source={EmbeddedProduct.DatabaseIn(data)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE OrleansStorage SET PayloadBinary = randomblob(200) WHERE GrainTypeString = 'catalog'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        // Without the bundle step, which would stop the silo on the same unreadable catalog.
        var silo = product.StartSilo(data, new Dictionary<string, string> { ["ANALYTICS_BUNDLE"] = "none" });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (status, _) = await PostgresCluster.PollAsync(async () =>
        {
            Assert.False(silo.HasExited, $"the silo exited; log: {silo.LogFile}");
            using var response = await http.GetAsync(product.SiloHealth);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter);
        }, r => true, PostgresCluster.StartPatience, "the silo's /health");
        output.WriteLine($"{status.StatusCode} {status.Item2}");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Contains("unhealthy", status.Item2);
        Assert.NotNull(status.RetryAfter);
    }

    [Fact]
    public async Task Reset_moves_an_unusable_database_aside_and_starts_afresh_but_keeps_a_whole_one()
    {
        await using var product = new EmbeddedProduct("reset");
        var data = product.NewDataDirectory("data");
        var file = EmbeddedProduct.DatabaseIn(data);
        File.WriteAllBytes(file, []);

        var silo = product.StartSilo(data);
        Assert.NotEqual(0, await silo.WaitForExitAsync(ExitPatience));

        // The documented way to start afresh: the setting (the same as --reset-database on the command line).
        var reset = new Dictionary<string, string> { ["ANALYTICS_RESET_DATABASE"] = "true" };
        await product.StartAsync(data, reset);
        var aside = Directory.GetFiles(data, "analytics.db.unusable-*").Where(f => !f.EndsWith("-wal") && !f.EndsWith("-shm")).ToList();
        Assert.Single(aside);
        Assert.Equal(0, new FileInfo(aside[0]).Length);
        Assert.True((await product.Http.GetFromJsonAsync<List<ProvinceView>>("/api/provinces", Json.Options))!.Count > 60, "the bundle was loaded into the new database");
        await product.StopAsync();

        // The setting left on by mistake must not throw away a whole database.
        await product.StartAsync(data, reset);
        await product.StopAsync();
        Assert.Single(Directory.GetFiles(data, "analytics.db.unusable-*"));
        Assert.Contains("is whole, so it is kept", await product.ReadLogAsync(product.Silo!));
    }

    [Fact]
    public async Task A_backup_taken_while_the_silo_runs_restores_into_a_fresh_data_folder_with_every_figure()
    {
        await using var product = new EmbeddedProduct("backup");
        var data = product.NewDataDirectory("data");
        await product.StartAsync(data);
        var rows = new[] { "01", "60", "79" }.Select((p, n) => new Row(p, "internet-users-rate", 2021, "actual", 40.5 + n)).ToList();
        (await product.Http.PostAsync("/api/observations", PostgresCluster.Csv(rows))).EnsureSuccessStatusCode();

        var backup = Path.Combine(product.LogDirectory, "backups", "analytics-backup.db");
        var (exit, text) = await RunCliAsync("backup", "--out", backup, "--data-dir", data);
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains(backup, text);
        // Written after the backup: a restore must not have it.
        (await product.Http.PostAsync("/api/observations", PostgresCluster.Csv([new Row("01", "internet-users-rate", 2022, "actual", 77)]))).EnsureSuccessStatusCode();
        await product.StopAsync();

        // The documented restore: the silo stopped, the backup copied in as the database, the silo started.
        var restored = product.NewDataDirectory("restored");
        File.Copy(backup, EmbeddedProduct.DatabaseIn(restored));
        File.Copy(Path.Combine(data, TestKeys.FileName), Path.Combine(restored, TestKeys.FileName)); // the keys are in the backup
        await product.StartAsync(restored);
        foreach (var row in rows)
        {
            var series = await product.Http.GetFromJsonAsync<SeriesView>($"/api/series/{row.Province}/{row.Indicator}?geography=vn-63", Json.Options);
            var point = Assert.Single(series!.Observations);
            Assert.Equal((2021, row.Value), (point.Year, point.Value));
        }
        var ranking = await product.Http.GetFromJsonAsync<RankingView>("/api/rankings/internet-users-rate?year=2021", Json.Options);
        Assert.Equal([42.5, 41.5, 40.5], ranking!.Rows.Where(r => r.Value is not null).Select(r => r.Value!.Value));
        await product.StopAsync();
    }

    [Fact]
    public async Task Backup_refuses_to_overwrite_a_file_and_names_a_missing_database()
    {
        var folder = Directory.CreateTempSubdirectory("analytics-backup-").FullName;
        var existing = Path.Combine(folder, "exists.db");
        File.WriteAllText(existing, "keep");
        var (exit, text) = await RunCliAsync("backup", "--out", existing, "--data-dir", folder);
        Assert.Equal(2, exit);
        Assert.Contains("no database at " + Path.Combine(folder, "analytics.db"), text);
        Assert.Equal("keep", File.ReadAllText(existing));
    }

    /// <summary>A single file without a WAL beside it, so the damage below lands on the database's own pages.</summary>
    private static void Compact(string file)
    {
        var compact = file + ".compact";
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"VACUUM INTO '{compact}'";
            command.ExecuteNonQuery();
        }
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        File.Move(compact, file);
    }

    private static void Harm(string file, Damage damage)
    {
        switch (damage)
        {
            case Damage.Emptied:
                File.WriteAllBytes(file, []);
                break;
            case Damage.CutInHalf:
                using (var stream = File.Open(file, FileMode.Open)) stream.SetLength(stream.Length / 2);
                break;
            case Damage.Overwritten64KiB:
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.Length > 3 * 65536, $"the database is too small ({bytes.Length} bytes) to overwrite 64 KiB inside it");
                new Random(15).NextBytes(bytes.AsSpan(bytes.Length / 2, 65536));
                File.WriteAllBytes(file, bytes);
                break;
            case Damage.RowsGone:
                using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "DELETE FROM OrleansStorage; VACUUM;";
                    command.ExecuteNonQuery();
                }
                break;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Repo.Root, "cli/bin/Release/net10.0/analytics.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("ANALYTICS_DATA_DIR");
        info.Environment["ANALYTICS_LANG"] = "en"; // the messages asserted on are the English ones
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
