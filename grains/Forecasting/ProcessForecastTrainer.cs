using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Analytics.Ml;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Forecasting;

/// <summary>
/// How to start a training process: the assembly whose <c>train</c> verb trains (the silo's own), the dotnet host that
/// runs it, the directory for the two files handed over, and how long a training may take before it is killed.
/// </summary>
public sealed record TrainerProcess(string AssemblyPath, string TempDirectory, TimeSpan Timeout)
{
    /// <summary>The host running this process when it is <c>dotnet</c>; else (an apphost, a test host) the one the runtime was started from.</summary>
    public string HostPath { get; init; } = DotnetHost();

    private static string DotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == name) return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdkHost && File.Exists(sdkHost)) return sdkHost;
        // shared/Microsoft.NETCore.App/<version>/ under the dotnet root.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return Path.Combine(root, name);
    }
}

/// <summary>
/// Trains in a child process (ANALYTICS_TRAINING=process, the default): the silo writes the training input to a file,
/// starts its own assembly with the <c>train</c> verb, and reads the model the child writes. Training allocates hundreds
/// of megabytes; in the silo that garbage paused the requests for up to a second per five seconds (docs/performance.md,
/// "Steady tails"); in the child it is the child's. The child runs at a lower priority with a workstation,
/// non-concurrent collector (a batch job needs no short pauses), and dies with the silo: it watches its standard input,
/// which closes when the silo exits however it exits; a silo that stops kills it. A child that fails, times out or is
/// killed fails that training with the reason, and the previous model stays in use.
/// </summary>
public sealed class ProcessForecastTrainer : IForecastTrainer, IDisposable
{
    /// <summary>The verb and arguments the silo's executable answers (silo/TrainCommand.cs).</summary>
    public const string Verb = "train", InputOption = "--input", OutputOption = "--output", ExitWithParentFlag = "--exit-with-parent";

    /// <summary>The child's exit code when there is nothing to train on yet (not a failure; see <see cref="NothingToTrainException"/>).</summary>
    public const int NothingToTrainExitCode = 3;

    /// <summary>How many of the child's last lines on standard error are kept for the reason and the log.</summary>
    private const int KeptErrorLines = 40;

    private readonly TrainerProcess _start;
    private readonly ForecastTrainingOptions _options;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Process, bool> _running = new();

    public ProcessForecastTrainer(TrainerProcess start, ForecastTrainingOptions options, ILogger<ProcessForecastTrainer> log,
        IHostApplicationLifetime? lifetime = null)
    {
        _start = start;
        _options = options;
        _log = log;
        lifetime?.ApplicationStopping.Register(Stop);
    }

    public int MinimumPoints => _options.MinimumPoints;

    public async Task<ForecastModel> TrainAsync(IReadOnlyList<SeriesHistory> series)
    {
        Directory.CreateDirectory(_start.TempDirectory);
        var name = $"training-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var input = Path.Combine(_start.TempDirectory, name + ".input");
        var output = Path.Combine(_start.TempDirectory, name + ".model");
        try
        {
            // Off the grain's scheduler: writing and reading are milliseconds to a few tenths of a second at 10,000 series.
            await Task.Run(() => TrainingInputFile.Write(new TrainingInput(series, _options), input));
            await RunAsync(input, output);
            return await Task.Run(() => ForecastModelFile.Read(output));
        }
        finally
        {
            Delete(input);
            Delete(output);
        }
    }

    private async Task RunAsync(string input, string output)
    {
        var info = new ProcessStartInfo(_start.HostPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { _start.AssemblyPath, Verb, InputOption, input, OutputOption, output, ExitWithParentFlag })
            info.ArgumentList.Add(arg);
        // A batch job: workstation GC, no background collections (nothing else in the process waits on a pause).
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";

        using var child = new Process { StartInfo = info };
        var errors = new Queue<string>();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line) return;
            lock (errors)
            {
                errors.Enqueue(line);
                if (errors.Count > KeptErrorLines) errors.Dequeue();
            }
        };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line) _log.LogInformation("Training process: {Line}", line);
        };
        if (_stopping.IsCancellationRequested) throw new TrainingProcessException("The silo is stopping: no training process was started.");
        child.Start();
        _running[child] = true;
        try
        {
            child.BeginErrorReadLine();
            child.BeginOutputReadLine();
            // Stopped between Start and here: Stop() may have missed it.
            if (_stopping.IsCancellationRequested) Kill(child);
            using var timeout = new CancellationTokenSource(_start.Timeout);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
            try
            {
                await child.WaitForExitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                Kill(child);
                throw new TrainingProcessException(_stopping.IsCancellationRequested
                    ? "The training process was stopped with the silo."
                    : $"The training process did not finish within {_start.Timeout.TotalMinutes:0.#} minutes (ANALYTICS_TRAINING_TIMEOUT_MINUTES) and was killed.");
            }
        }
        finally
        {
            _running.TryRemove(child, out _);
        }

        // Exited: this returns once the last lines it wrote were read (off the grain's scheduler all the same).
        await Task.Run(() => child.WaitForExit());
        var code = child.ExitCode;
        if (code == 0) return;
        string said;
        lock (errors) said = string.Join('\n', errors);
        if (code == NothingToTrainExitCode) throw new NothingToTrainException(said);
        // On Unix a child ended by a signal reports 128 + the signal.
        var how = !OperatingSystem.IsWindows() && code > 128 && code < 160 && said.Length == 0
            ? $"was killed (signal {code - 128})"
            : $"exited with code {code}";
        throw new TrainingProcessException(said.Length > 0 ? $"The training process {how}: {said}" : $"The training process {how}.");
    }

    /// <summary>Kills every training process still running; trainings started afterwards fail at once. Called when the silo stops.</summary>
    public void Stop()
    {
        _stopping.Cancel();
        foreach (var child in _running.Keys) Kill(child);
    }

    public void Dispose() => Stop();

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not delete the training file {Path}: {Reason}", path, ex.Message);
        }
    }
}

/// <summary>A training process failed, timed out or was killed; the message says which and what it said.</summary>
public sealed class TrainingProcessException(string message) : Exception(message);
