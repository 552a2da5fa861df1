using System.Diagnostics;
using System.Runtime.InteropServices;
using Analytics.Tests.Support;

namespace Analytics.Cluster.Tests.Support;

/// <summary>
/// A silo or API process started from the Release build (<c>dotnet silo/bin/Release/net10.0/Analytics.Silo.dll</c>),
/// as an operator starts it. Its output goes to a log file, named in assertion messages.
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _closed;

    private ProductProcess(Process process, StreamWriter log, string logFile, string name)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
        Name = name;
    }

    public string Name { get; }

    public string LogFile { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ProductProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var path = Path.Combine(Repo.Root, dll);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: build Release first (./test.sh does: dotnet build Cluster.sln -c Release).");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        // Nothing inherited may point the process at another cluster or database.
        foreach (var key in new[] { "ANALYTICS_MODE", "ANALYTICS_PG", "ANALYTICS_CLUSTER_ID", "ANALYTICS_BUNDLE", "ANALYTICS_DATA_DIR", "SILO_ADDRESS", "ASPNETCORE_URLS" })
            info.Environment.Remove(key);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var logFile = Path.Combine(logDirectory, $"{name}.log");
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var started = new ProductProcess(process, log, logFile, name);
        process.OutputDataReceived += (_, e) => started.Write(e.Data);
        process.ErrorDataReceived += (_, e) => started.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started.Write($"--- started {name} (pid {process.Id}) at {DateTime.UtcNow:HH:mm:ss.fff}");
        return started;
    }

    /// <summary>Adds a line of the test's own to this process's log.</summary>
    public void Note(string text) => Write($"--- {text} at {DateTime.UtcNow:HH:mm:ss.fff}");

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            if (!_closed) _log.WriteLine(line);
        }
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        await _process.WaitForExitAsync().WaitAsync(patience);
        // The asynchronous readers may still be delivering the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>kill -9: the process ends at once, without leaving the cluster or closing anything.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        Write($"--- SIGKILL at {DateTime.UtcNow:HH:mm:ss.fff}");
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd or docker stop sends it: the silo leaves the cluster and exits.</summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (_process.HasExited) return;
        Write($"--- SIGTERM at {DateTime.UtcNow:HH:mm:ss.fff}");
        if (SysKill(_process.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed.");
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"{Name} did not stop within {patience} of SIGTERM; killed. Log: {LogFile}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
