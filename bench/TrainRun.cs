using System.Diagnostics;
using System.Globalization;
using Analytics.Domain;
using Analytics.Ml;

namespace Analytics.Bench;

/// <summary>
/// <c>train --series N [--seed S] [--threads T] [--max-series M] [--backtest ORIGIN]</c>: trains the forecasting model in-process on the
/// generated dataset's first N series, built as the silo builds them (id province/indicator, the indicator as group,
/// its bounds and direction), then forecasts every series once as the silo does before serving. Prints where the time
/// goes, phase by phase (goal: a retrain of 100,000 series within 60 s). No cluster, no HTTP.
/// --threads defaults to what a silo gives training (one core fewer than the machine's); --max-series overrides
/// <see cref="ForecastTrainingOptions.MaxTrainingSeries"/> (0: train on every series); --backtest scores the model
/// trained as of ORIGIN on the later years instead (what the cap costs in accuracy).
/// </summary>
public static class TrainRun
{
    public static int Run(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var series = Int("--series", 15_000);
        var seed = Int("--seed", 16);
        var threads = Int("--threads", Math.Max(1, Environment.ProcessorCount - 1));
        if (series < 1 || threads < 1) { Console.Error.WriteLine("--series and --threads must be at least 1."); return 2; }
        var defaults = new ForecastTrainingOptions();
        var cap = Int("--max-series", defaults.MaxTrainingSeries);
        if (cap < 0) { Console.Error.WriteLine("--max-series must be 0 (no cap) or more."); return 2; }

        var load = Stopwatch.StartNew();
        var dataset = GeneratedDataset.Create(series, seed, Path.Combine(SideBySideRun.FindRoot(), "data"));
        var histories = Histories(dataset).ToList();
        var loadSeconds = load.Elapsed.TotalSeconds;
        var options = defaults with { GlobalModel = defaults.GlobalModel with { Threads = threads }, MaxTrainingSeries = cap };
        Console.WriteLine($"{histories.Count:N0} series ({histories.Sum(h => h.Count):N0} observations) of {dataset.Indicators.Count:N0} generated indicators, seed {seed}, built in {loadSeconds:F1} s; threads {threads}, max training series {(cap == 0 ? "none" : cap.ToString("N0", CultureInfo.InvariantCulture))}; load average {LoadAverage()}");

        if (Get("--backtest") is { } origin) return Backtest(histories, int.Parse(origin, CultureInfo.InvariantCulture), options);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var model = new ForecastModelTrainer(options).Train(histories);
        var trainSeconds = wall.Elapsed.TotalSeconds;

        wall.Restart();
        foreach (var h in histories) model.Forecast(h, Math.Max(Years.DefaultTarget, h.LastYear + 1));
        var forecastSeconds = wall.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        var t = model.Training;
        Console.WriteLine($"model {model.Version}, data through {model.DataThroughYear}");
        Console.WriteLine($"trained on {t.TrainedSeries:N0} of {t.Series:N0} series: {t.GlobalTrainingRows:N0} global-model rows, {t.RollingOriginModels} rolling-origin models, {t.RollingOriginForecasts:N0} rolling-origin cases");
        Console.WriteLine();
        Console.WriteLine("| phase | seconds |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| group trends (GroupTrends.Build) | {t.GroupTrendSeconds:F2} |");
        Console.WriteLine($"| features (GlobalTrainingRows) | {t.FeatureSeconds:F2} |");
        Console.WriteLine($"| global models (FastTree, {t.RollingOriginModels} + 1) | {t.GlobalModelSeconds:F2} |");
        Console.WriteLine($"| calibration (rolling-origin cases, blend, intervals) | {t.CalibrationSeconds:F2} |");
        Console.WriteLine($"| version hash (VersionOf) | {t.VersionSeconds:F2} |");
        Console.WriteLine($"| **training, wall** (phases {t.TotalSeconds:F2}) | **{trainSeconds:F2}** |");
        Console.WriteLine($"| forecast every series once | {forecastSeconds:F2} |");
        Console.WriteLine($"| **retrain as the silo does (training + forecasts)** | **{trainSeconds + forecastSeconds:F2}** |");
        Console.WriteLine();
        Console.WriteLine($"process CPU {cpuSeconds:F1} s; GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F1} s ({GC.CollectionCount(2)} gen-2 collections); load average {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// What the sample costs in accuracy: the back-test (every method fitted as of <paramref name="origin"/>, scored on
    /// the generated years after it up to 2024) with the given cap, production and the global model against naive.
    /// </summary>
    private static int Backtest(List<SeriesHistory> histories, int origin, ForecastTrainingOptions options)
    {
        if (origin >= GeneratedDataset.LastYear) { Console.Error.WriteLine($"--backtest must be before {GeneratedDataset.LastYear}."); return 2; }
        var report = Backtester.Run(histories, origin, Enumerable.Range(1, GeneratedDataset.LastYear - origin).ToArray(), options);
        Console.WriteLine($"back-test at origin {origin}: {report.Series:N0} series, {report.Points:N0} points, model {report.ModelVersion}, trained in {report.TrainSeconds:F1} s; load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| method | MASE | vs naive | relMAE (geo.) | coverage 80% | coverage 95% |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var m in report.Methods.Where(m => m.Name is "naive" or "damped-trend" or ForecastModel.GlobalMethodName or ForecastModel.ProductionMethodName))
            Console.WriteLine(FormattableString.Invariant($"| {m.Name} | {m.Mase:F3} | {m.MaseVsNaive:F3} | {m.RelMae:F3} | {m.Coverage80:F3} | {m.Coverage95:F3} |"));
        return 0;
    }

    /// <summary>The dataset's series as the silo hands them to training (ForecastModelGrain.CollectHistoriesAsync).</summary>
    public static IEnumerable<SeriesHistory> Histories(GeneratedDataset dataset)
    {
        foreach (var indicator in dataset.Indicators)
        {
            var direction = indicator.HigherIsBetter ? Direction.HigherIsBetter : Direction.LowerIsBetter;
            foreach (var rows in GeneratedDataset.RowsOf(indicator).GroupBy(r => r.Province))
            {
                var years = rows.Select(r => r.Year).ToList();
                var values = rows.Select(r => r.Value).ToList();
                yield return SeriesForecaster.History($"{rows.Key}/{indicator.Code}", indicator.Code, years, values,
                    indicator.Min, indicator.Max, direction);
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
