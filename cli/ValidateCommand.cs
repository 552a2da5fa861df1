using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics validate --file F.csv</c>: the checks of an import, offline, against the bundled catalog
/// (both geographies: data/provinces.csv and data/provinces_2025.csv; indicators: data/indicators.csv and
/// data/ict/indicators.csv). Nothing is sent anywhere.
/// </summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Summary => "check observation files (or GSO tables) offline against data/; nothing is sent";

    public CommandHelp Help { get; } = new(
        "--file FILE.csv | --gso PATH [--data DIR]",
        """
        Checks files exactly as 'import' and the API do (provinces, indicators, numbers, years, quarters, kinds,
        bounds, conflicting duplicates) and prints every problem as 'FILE line N, field: reason'. Then runs the
        quality rules on the files' figures (outliers, unit slips, breaks, parts above wholes, copied rows) and
        lists each suspect figure as a warning with its line: warnings do not stop an import. A row whose
        'confirmed' column says why a figure is real is listed as confirmed instead.
        Checks against the bundled catalog, so indicators that exist only in the cluster are unknown here.
        """,
        [
            new("file", "FILE.csv", "an observation file (format: data/README.md)", Repeatable: true),
            new("gso", "PATH", "a GSO PX-Web export (CSV), or a folder of them", Repeatable: true),
            new("data", "DIR", "folder with provinces.csv, provinces_2025.csv and indicators.csv (default: the repository's data/)"),
        ]);

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var files = options.All("file");
        var gso = options.All("gso");
        InputReport.RequireExisting(files, gso);
        var data = DataDirectory.Locate(options.Value("data"), console.BaseDirectory);

        var layout = new BundleLayout(data);
        Gazetteer provinces;
        IndicatorCatalog catalog;
        try
        {
            provinces = layout.LoadGazetteer();
            catalog = layout.LoadIndicators();
        }
        catch (DataFormatException e)
        {
            await console.Error.WriteLineAsync($"analytics validate: the catalog in {data} is malformed: {e.Message}");
            return ExitCodes.DataErrors;
        }

        var inputs = ImportInputs.Read(files, gso, provinces, catalog);
        await InputReport.WriteWarningsAsync(console.Error, inputs.Warnings);
        var what = InputReport.Describe(inputs.Inputs);
        if (!inputs.IsValid)
        {
            var problems = inputs.Errors.ToList();
            await InputReport.WriteProblemsAsync(console.Error, problems);
            await console.Error.WriteLineAsync(
                $"{InputReport.Plural(problems.Count, "problem", "problems")} in {InputReport.Where(problems)}; " +
                $"{(inputs.Inputs.Count == 1 ? "nothing from it" : "nothing from a file with problems")} would be imported.");
            if (problems.Any(p => p.Field == "indicator" && p.Reason.StartsWith("unknown indicator", StringComparison.Ordinal)))
                await console.Error.WriteLineAsync(
                    $"note: 'validate' knows the indicators of {string.Join(" and ", layout.IndicatorFiles)} only; " +
                    "'import' checks against the cluster's catalog, which also holds indicators defined there (e.g. by a GSO import).");
            return ExitCodes.DataErrors;
        }

        await QualityWarnings.WriteAsync(console, QualityWarnings.Of(inputs, provinces, layout.LoadRelations()));
        var repeats = inputs.Rows - inputs.ObservationCount;
        await console.Out.WriteLineAsync(
            $"{what}: {InputReport.Plural(inputs.Rows, "row", "rows")}, {InputReport.Plural(inputs.ObservationCount, "observation", "observations")}" +
            $"{(repeats > 0 ? $" ({InputReport.Plural(repeats, "identical repeated row", "identical repeated rows")} counted once)" : "")}" +
            $"{(inputs.DerivedIndicators.Count > 0 ? $", {InputReport.Plural(inputs.DerivedIndicators.Count, "indicator", "indicators")} derived from GSO titles" : "")}; no problems.");
        return ExitCodes.Ok;
    }
}
