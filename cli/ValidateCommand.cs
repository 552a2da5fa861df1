using Analytics.Domain;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics validate --file F.csv</c>: the checks of an import, offline, against the bundled catalog
/// (data/provinces.csv, data/indicators.csv). Nothing is sent anywhere.
/// </summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Summary => "check observation files (or GSO tables) offline against data/; nothing is sent";

    public CommandHelp Help { get; } = new(
        "--file FILE.csv | --gso PATH [--data DIR]",
        """
        Checks files exactly as 'import' and the API do (provinces, indicators, numbers, years, quarters, kinds,
        bounds, conflicting duplicates) and prints every problem as 'FILE line N, field: reason'.
        Checks against the bundled catalog, so indicators that exist only in the cluster are unknown here.
        """,
        [
            new("file", "FILE.csv", "an observation file (format: data/README.md)", Repeatable: true),
            new("gso", "PATH", "a GSO PX-Web export (CSV), or a folder of them", Repeatable: true),
            new("data", "DIR", "folder with provinces.csv and indicators.csv (default: the repository's data/)"),
        ]);

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var files = options.All("file");
        var gso = options.All("gso");
        InputReport.RequireExisting(files, gso);
        var data = DataDirectory.Locate(options.Value("data"), console.BaseDirectory);

        ProvinceDirectory provinces;
        IndicatorCatalog catalog;
        try
        {
            provinces = ProvinceCsv.Load(Path.Combine(data, DataDirectory.ProvincesFile));
            catalog = IndicatorCsv.Load(Path.Combine(data, DataDirectory.IndicatorsFile));
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
                    $"note: 'validate' knows the indicators of {Path.Combine(data, DataDirectory.IndicatorsFile)} only; " +
                    "'import' checks against the cluster's catalog, which also holds indicators defined there (e.g. by a GSO import).");
            return ExitCodes.DataErrors;
        }

        var repeats = inputs.Rows - inputs.ObservationCount;
        await console.Out.WriteLineAsync(
            $"{what}: {InputReport.Plural(inputs.Rows, "row", "rows")}, {InputReport.Plural(inputs.ObservationCount, "observation", "observations")}" +
            $"{(repeats > 0 ? $" ({InputReport.Plural(repeats, "identical repeated row", "identical repeated rows")} counted once)" : "")}" +
            $"{(inputs.DerivedIndicators.Count > 0 ? $", {InputReport.Plural(inputs.DerivedIndicators.Count, "indicator", "indicators")} derived from GSO titles" : "")}; no problems.");
        return ExitCodes.Ok;
    }
}
