using System.Diagnostics;

namespace Analytics.Bench;

/// <summary>
/// The baseline's side of a run: a throwaway PostgreSQL with fsync and synchronous_commit on (scripts/postgres.sh,
/// DURABLE=1), unless BASELINE_PG names a server, and the baseline API (bench/Baseline, Release build) on a free
/// loopback port. Both stopped on dispose.
/// </summary>
public sealed class BaselineProcesses(string root) : IAsyncDisposable
{
    private string? _postgresDirectory;
    private Process? _api;

    public string ConnectionString { get; private set; } = "";

    public Uri ApiUrl { get; private set; } = null!;

    public Process Api => _api!;

    public async Task StartAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable("BASELINE_PG") ?? await StartPostgresAsync();
        var port = ClusterProcesses.FreePort();
        var info = new ProcessStartInfo("dotnet", Path.Combine(root, "bench/Baseline/bin/Release/net10.0/Analytics.Baseline.dll"))
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["BASELINE_PG"] = ConnectionString;
        info.Environment["BASELINE_PORT"] = port.ToString();
        info.Environment["BASELINE_DATA"] = Path.Combine(root, "data");
        _api = Process.Start(info)!;
        _api.OutputDataReceived += (_, e) => { if (e.Data is not null && Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "1") Console.Error.WriteLine($"[baseline] {e.Data}"); };
        _api.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[baseline] {e.Data}"); };
        _api.BeginOutputReadLine();
        _api.BeginErrorReadLine();
        ApiUrl = new Uri($"http://127.0.0.1:{port}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            if (_api.HasExited) throw new InvalidOperationException($"The baseline exited with {_api.ExitCode}.");
            try { if ((await http.GetAsync(new Uri(ApiUrl, "/health"))).IsSuccessStatusCode) return; }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The baseline did not answer /health within a minute.");
            await Task.Delay(200);
        }
    }

    /// <summary>VACUUM ANALYZE after a bulk load, as autovacuum would soon do: the planner then knows the tables' sizes.</summary>
    public async Task SettleAsync()
    {
        await using var connection = await OpenWhenFreeAsync();
        foreach (var table in new[] { "observation", "revision" })
        {
            // One statement per command: VACUUM refuses to run inside a multi-statement batch.
            await using var command = new Npgsql.NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A connection of the benchmark's own. After the step search the baseline's pool can hold every connection the
    /// server allows (Npgsql's default of 100 is also PostgreSQL's), until it closes the idle ones (within 5 minutes):
    /// a run that had measured everything once ended on "too many clients" here.
    /// </summary>
    private async Task<Npgsql.NpgsqlConnection> OpenWhenFreeAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        while (true)
        {
            var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            try
            {
                await connection.OpenAsync();
                return connection;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.TooManyConnections && DateTime.UtcNow < deadline)
            {
                await connection.DisposeAsync();
                await Task.Delay(TimeSpan.FromSeconds(10));
            }
        }
    }

    private async Task<string> StartPostgresAsync()
    {
        _postgresDirectory = Directory.CreateTempSubdirectory("analytics-bench-pg").FullName;
        var (code, output) = await ScriptAsync("start", new() { ["DURABLE"] = "1" });
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("ANALYTICS_PG=", StringComparison.Ordinal));
        if (code != 0 || line is null) throw new InvalidOperationException($"scripts/postgres.sh start failed ({code}):\n{output}");
        return line["ANALYTICS_PG=".Length..].Trim();
    }

    private async Task<(int Code, string Output)> ScriptAsync(string command, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "scripts", "postgres.sh"));
        info.ArgumentList.Add(command);
        info.ArgumentList.Add(_postgresDirectory!);
        // postgres.sh reuses the server in ANALYTICS_PG; the baseline gets a durable one of its own.
        info.Environment.Remove("ANALYTICS_PG");
        foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is { HasExited: false })
        {
            _api.Kill(entireProcessTree: true);
            await _api.WaitForExitAsync();
        }
        if (_postgresDirectory is null) return;
        Npgsql.NpgsqlConnection.ClearAllPools();
        await ScriptAsync("stop", []);
        // The data may live where the server's user could write (DIR/data links there).
        var data = Path.Combine(_postgresDirectory, "data");
        try
        {
            var target = new FileInfo(data).LinkTarget;
            if (target is not null) Directory.Delete(target, true);
            Directory.Delete(_postgresDirectory, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
