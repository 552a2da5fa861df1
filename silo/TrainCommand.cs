using System.Diagnostics;
using System.Runtime;
using Analytics.Hosting;
using Analytics.Ml;
using static Analytics.Forecasting.ProcessForecastTrainer;

namespace Analytics.Silo;

/// <summary>
/// <c>dotnet Analytics.Silo.dll train --input F --output G [--exit-with-parent]</c>: the training process the silo
/// starts (<see cref="Analytics.Forecasting.ProcessForecastTrainer"/>). Reads the series and options from F, trains,
/// writes the model to G and exits 0; on failure a message on standard error and a non-zero code (3: nothing to train
/// on yet). One line of counters on standard output, which the silo logs.
/// </summary>
public static class TrainCommand
{
    public static bool Asked(string[] args) => args is [Verb, ..];

    public static int Run(string[] args)
    {
        // First, before this process starts threads of its own: they inherit the main thread's lower priority.
        BackgroundPriority.LowerCurrentThread();
        string? input = null, output = null;
        var exitWithParent = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case InputOption when i + 1 < args.Length: input = args[++i]; break;
                case OutputOption when i + 1 < args.Length: output = args[++i]; break;
                case ExitWithParentFlag: exitWithParent = true; break;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: {Verb} {InputOption} FILE {OutputOption} FILE [{ExitWithParentFlag}]");
                    return 2;
            }
        }
        if (input is null || output is null)
        {
            Console.Error.WriteLine($"Usage: {Verb} {InputOption} FILE {OutputOption} FILE [{ExitWithParentFlag}]");
            return 2;
        }
        if (exitWithParent) ExitWhenParentGoes();

        try
        {
            var started = Stopwatch.GetTimestamp();
            var training = TrainingInputFile.Read(input);
            var model = new ForecastModelTrainer(training.Options).Train(training.Series);
            ForecastModelFile.Write(model, output);
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            Console.WriteLine($"model {model.Version} trained on {training.Series.Count:N0} series in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; " +
                $"input {new FileInfo(input).Length / 1024.0:N0} KiB, model {new FileInfo(output).Length / 1024.0:N0} KiB; " +
                $"collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms " +
                $"({(GCSettings.IsServerGC ? "server" : "workstation")} GC); allocated {GC.GetTotalAllocatedBytes() >> 20:N0} MiB; " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 >> 20:N0} MiB");
            return 0;
        }
        catch (NothingToTrainException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return NothingToTrainExitCode;
        }
        catch (Exception ex)
        {
            // The first line is the reason the silo reports; the rest goes to its log.
            Console.Error.WriteLine($"{ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine(ex.StackTrace);
            return 1;
        }
    }

    /// <summary>
    /// The silo holds this process's standard input open and never writes to it: it closes when the silo exits, even
    /// killed, and a training nobody will read is not worth finishing.
    /// </summary>
    private static void ExitWhenParentGoes() => new Thread(() =>
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (stdin.Read(buffer) > 0) { }
        }
        catch (IOException)
        {
            // A broken pipe is the same news.
        }
        Console.Error.WriteLine("The silo that started this training has gone; stopping.");
        Environment.Exit(1);
    }) { IsBackground = true, Name = "parent watch" }.Start();
}
