using System.Diagnostics;
using Npgsql;

namespace Analytics.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: the one in ANALYTICS_PG when it answers (./test.sh provides it), otherwise
/// a throwaway server that scripts/postgres.sh starts once for this test process and stops when it exits. So no
/// test is skipped for want of a database. Each fixture gets a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public static class PostgresServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connection;

    /// <summary>A connection string for the server, on its default database.</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_connection is not null) return _connection;
            var configured = Environment.GetEnvironmentVariable("ANALYTICS_PG");
            _connection = configured is { Length: > 0 } && await AnswersAsync(configured) ? configured : await StartThrowawayAsync();
            return _connection;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A fresh, empty database with a random name, dropped when disposed.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string prefix = "analytics_test")
    {
        var server = await ConnectionStringAsync();
        var name = $"{prefix}_{Guid.NewGuid():n}"[..Math.Min(63, prefix.Length + 13)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(server, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, name);
    }

    private static async Task<bool> AnswersAsync(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>scripts/postgres.sh start DIR prints ANALYTICS_PG=...; installs PostgreSQL first when it is missing.</summary>
    private static async Task<string> StartThrowawayAsync()
    {
        var dir = Directory.CreateTempSubdirectory("analytics-tests-pg").FullName;
        var script = Path.Combine(Repo.Root, "scripts", "postgres.sh");
        var (code, output) = await RunAsync(script, "start", dir);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("ANALYTICS_PG=", StringComparison.Ordinal));
        if (code != 0 || line is null)
            throw new InvalidOperationException($"scripts/postgres.sh start {dir} failed ({code}):\n{output}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndRemove(script, dir);
        return line["ANALYTICS_PG=".Length..].Trim();
    }

    /// <summary>
    /// Stops the server and removes its files (DIR/data may link to where the server's user could write). The test
    /// host may be ended soon after this, so it is one shell process that finishes the job on its own.
    /// </summary>
    private static void StopAndRemove(string script, string dir)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = false, RedirectStandardError = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("\"$0\" stop \"$1\" >/dev/null 2>&1; rm -rf \"$(readlink -f \"$1/data\")\" \"$1\"");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(dir);
        using var process = Process.Start(info)!;
        process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private static async Task<(int Code, string Output)> RunAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("ANALYTICS_PG");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A database of its own for one fixture; dropped (connections and all) when disposed.</summary>
public sealed class TestDatabase(string server, string connectionString, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public string Name { get; } = name;

    public async ValueTask DisposeAsync()
    {
        // FORCE ends the sessions still open (a killed silo's, say); clearing the pool first spares this process errors.
        await using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
