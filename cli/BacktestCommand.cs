using Analytics.Domain;
using Analytics.Formats;
using Analytics.Ml;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics backtest</c>: fits every forecasting method on the years up to an origin and scores the years
/// after it, for every series with at least four points. Offline: reads files, talks to no cluster.
/// </summary>
public sealed class BacktestCommand : ICommand
{
    public string Name => "backtest";

    public string Summary => "score every forecasting method on held-out years (MASE, relMAE, OWA, sMAPE, interval coverage)";

    public CommandHelp Help { get; } = new(
        "--input FILE.csv|GSO-DIR [--origin YEAR] [--horizons 1-5] [--json OUT.json] [--markdown OUT.md] [--data DIR]",
        """
        Fits naive, drift, escap-twlr, damped-trend, bounded-trend, mlnet-global and production on each series' years
        up to the origin (series with at least 4 of them), forecasts the origin's following years, and scores them:
        MASE (|actual − forecast| over the series' mean yearly change up to the origin; series whose change is
        below 0.1% of their level left out and named, below 1% floored to it), sMAPE, relMAE (geometric mean over
        series of MAE / naive's MAE), OWA against naive, and how often the 80% and 95% intervals held the actual;
        overall and by horizon. Intervals and the production blend are calibrated on years before the origin
        only, so the scores are out of sample. Rows of a GSO table that are no province are warnings, not errors.
        """,
        [
            new("input", "PATH", "an observation file (data/README.md format), a GSO PX-Web export, or a folder of them", Repeatable: true),
            new("origin", "YEAR", "last year the methods may see (default 2011)"),
            new("horizons", "H", "years after the origin to score: '1-5' or '1,2,5' (default 1-5)"),
            new("json", "FILE", "write the report as JSON"),
            new("markdown", "FILE", "write the report as a Markdown table"),
            new("data", "DIR", "folder with provinces.csv and indicators.csv (default: the repository's data/)"),
        ]);

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var inputs = options.All("input");
        if (inputs.Count == 0) throw new UsageException("--input is required");
        var origin = ParseYear(options.Value("origin") ?? "2011");
        var horizons = ParseHorizons(options.Value("horizons") ?? "1-5");
        var files = inputs.Where(File.Exists).Where(f => !LooksLikeGso(f)).ToList();
        var gso = inputs.Where(p => Directory.Exists(p) || (File.Exists(p) && LooksLikeGso(p))).ToList();
        var missing = inputs.Except(files).Except(gso).ToList();
        if (missing.Count > 0) throw new UsageException($"no such file or folder: {string.Join(", ", missing)}");

        var data = DataDirectory.Locate(options.Value("data"), console.BaseDirectory);
        var provinces = ProvinceCsv.Load(Path.Combine(data, DataDirectory.ProvincesFile));
        var catalog = IndicatorCsv.Load(Path.Combine(data, DataDirectory.IndicatorsFile));
        var read = ImportInputs.Read(files, gso, provinces, catalog);
        // Rows that are no province ("Unidentified"), variant region spellings, skipped cells: said, and not fatal.
        await InputReport.WriteWarningsAsync(console.Error, read.Warnings);
        if (!read.IsValid)
        {
            var problems = read.Errors.ToList();
            await InputReport.WriteProblemsAsync(console.Error, problems);
            await console.Error.WriteLineAsync($"{InputReport.Plural(problems.Count, "problem", "problems")}; nothing was back-tested.");
            return ExitCodes.DataErrors;
        }
        foreach (var d in read.DerivedIndicators) catalog.Upsert(d.Definition);

        var series = read.Inputs.SelectMany(i => i.Observations).Select(o => o.Observation)
            .GroupBy(o => (o.Province, o.Indicator))
            .Select(g =>
            {
                var definition = catalog.Find(g.Key.Indicator)!;
                var (years, values) = SeriesForecaster.Observed(g.Where(o => o.Quarter is null)
                    .Select(o => new YearValue(o.Year, o.Kind, o.Value)));
                return (years, values, definition, id: SeriesKeys.Of(g.Key.Province, g.Key.Indicator));
            })
            .Where(s => s.years.Count >= 2)
            .Select(s => SeriesForecaster.History(s.id, s.definition.Code, s.years, s.values, s.definition.Min, s.definition.Max, s.definition.Direction))
            .ToList();

        await console.Error.WriteLineAsync($"Back-testing {series.Count:N0} series at origin {origin}, horizons {string.Join(",", horizons)}...");
        BacktestReport report;
        try
        {
            report = Backtester.Run(series, origin, horizons);
        }
        catch (ArgumentException e)
        {
            await console.Error.WriteLineAsync($"analytics backtest: {e.Message}");
            return ExitCodes.DataErrors;
        }

        if (options.Value("json") is { } json) await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken);
        var markdown = report.ToMarkdown();
        if (options.Value("markdown") is { } md) await File.WriteAllTextAsync(md, markdown, cancellationToken);
        await console.Out.WriteAsync(markdown);
        return ExitCodes.Ok;
    }

    /// <summary>A PX-Web export starts with a quoted title line; an observation file with its header.</summary>
    private static bool LooksLikeGso(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine()?.TrimStart('\uFEFF') ?? "";
        return first.StartsWith('"') && !first.Contains("province", StringComparison.OrdinalIgnoreCase);
    }

    private static int ParseYear(string text) =>
        int.TryParse(text, out var year) && Years.Accepts(year) ? year : throw new UsageException($"--origin must be a year in {Years.Range}, not '{text}'");

    private static IReadOnlyList<int> ParseHorizons(string text)
    {
        try
        {
            var parts = text.Split('-');
            IReadOnlyList<int> result = parts.Length == 2
                ? Enumerable.Range(int.Parse(parts[0]), int.Parse(parts[1]) - int.Parse(parts[0]) + 1).ToList()
                : text.Split(',').Select(int.Parse).ToList();
            if (result.Count == 0 || result.Any(h => h is < 1 or > 30)) throw new FormatException();
            return result;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new UsageException($"--horizons must look like '1-5' or '1,2,5' (years 1..30), not '{text}'");
        }
    }
}
