using Analytics.Domain.Quality;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// <c>./analytics import --file F.csv</c> or <c>--gso DIR</c>: checks every input against the running cluster's own
/// catalog (so indicators defined in the cluster count), sends nothing if any row is bad, then defines the indicators
/// GSO tables derive and sends the observations in batches with a progress bar.
/// </summary>
public sealed class ImportCommand : ICommand
{
    public string Name => "import";

    public string Summary => "check observation files or GSO tables against the cluster's catalog, then load them";

    public CommandHelp Help { get; } = new(
        "--file FILE.csv | --gso PATH [--api URL] [--key KEY] [--batch-size N]",
        """
        Reads the inputs and checks every row against the cluster's provinces and indicators (GET /api/provinces,
        /api/indicators). Any bad row: every problem is printed as 'FILE line N, field: reason' and nothing is sent.
        Otherwise GSO tables first define their indicators (POST /api/indicators), then all observations go to
        POST /api/observations in batches. Importing the same data again changes nothing.
        """,
        [
            new("file", "FILE.csv", "an observation file (format: data/README.md)", Repeatable: true),
            new("gso", "PATH", "a GSO PX-Web export (CSV), or a folder of them", Repeatable: true),
            new("api", "URL", $"the cluster's API (default: $API_URL, else {ClusterApi.DefaultUrl})"),
            new("batch-size", "N", $"observations per request (default {ObservationUpload.DefaultBatchSize:N0})"),
            new("key", "KEY", "a writer key (an admin key when GSO tables define indicators); default: $ANALYTICS_KEY"),
        ],
        "A batch the cluster cannot confirm (503) is retried; if the import stops part-way, running it again is safe.");

    public async Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var files = options.All("file");
        var gso = options.All("gso");
        InputReport.RequireExisting(files, gso);
        var baseAddress = ClusterApi.ResolveBaseAddress(options.Value("api"), console.Environment);
        var batchSize = options.PositiveInt("batch-size", ObservationUpload.DefaultBatchSize);

        using var http = console.CreateHttpClient(baseAddress);
        ClusterApi.UseKey(http, ClusterApi.ResolveKey(options.Value("key"), console.Environment));
        var api = new ClusterApi(http, console.RetryDelays);
        var started = console.Time.GetTimestamp();
        ObservationUpload? upload = null;
        ImportProgress? progress = null;
        try
        {
            var provinces = new Gazetteer(await api.GetUnitsAsync(cancellationToken));
            var known = await api.GetIndicatorsAsync(cancellationToken);
            var inputs = ImportInputs.Read(files, gso, provinces, new IndicatorCatalog(known));
            await InputReport.WriteWarningsAsync(console.Error, inputs.Warnings);
            if (!inputs.IsValid)
            {
                var problems = inputs.Errors.ToList();
                await InputReport.WriteProblemsAsync(console.Error, problems);
                await console.Error.WriteLineAsync(
                    $"{InputReport.Plural(problems.Count, "problem", "problems")} in {InputReport.Where(problems)}; nothing was sent to the cluster.");
                return ExitCodes.DataErrors;
            }

            // Suspect figures are listed, never held back: the file's own series and peers are what can be judged here.
            await QualityWarnings.WriteAsync(console, QualityWarnings.Of(inputs, provinces, IndicatorRelations.None));

            if (await DefineIndicatorsAsync(api, inputs.DerivedIndicators, known, console, cancellationToken) is { } failed)
                return failed;

            progress = new ImportProgress(console.Error, console.ErrorIsTerminal, console.Time, inputs.ObservationCount);
            upload = new ObservationUpload(api, batchSize, progress);
            foreach (var input in inputs.Inputs)
            {
                var rejected = await upload.SendAsync(input, cancellationToken);
                if (rejected.Count == 0) continue;
                progress.Finish();
                await InputReport.WriteProblemsAsync(console.Error, rejected);
                await console.Error.WriteLineAsync(
                    $"The cluster rejected a batch of {input.Name}; the import stopped there. " +
                    $"{AlreadyApplied(upload)} Fix the file and import it again: figures already stored count as unchanged.");
                return ExitCodes.DataErrors;
            }
            progress.Finish();

            var c = upload.Counts;
            await console.Out.WriteLineAsync(
                $"Imported {InputReport.Describe(inputs.Inputs)}: received {InputReport.Number(c.Received)}, inserted {InputReport.Number(c.Inserted)}, " +
                $"unchanged {InputReport.Number(c.Unchanged)}, revised {InputReport.Number(c.Revised)} in {InputReport.Seconds(console.Time.GetElapsedTime(started))}.");
            if (upload.RefusedSeries.Count == 0) return ExitCodes.Ok;
            await InputReport.WriteProblemsAsync(console.Error, upload.RefusedSeries);
            await console.Error.WriteLineAsync(
                $"The cluster refused {InputReport.Plural(upload.RefusedSeries.Count, "series", "series")}; every other figure was imported.");
            return ExitCodes.DataErrors;
        }
        catch (ClusterUnreachableException e)
        {
            progress?.Finish();
            await console.Error.WriteLineAsync($"analytics import: {e.Message}");
            if (upload is { Counts.Received: > 0 }) await console.Error.WriteLineAsync($"{AlreadyApplied(upload)} Importing again is safe.");
            return ExitCodes.ClusterUnreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress?.Finish();
            await console.Error.WriteLineAsync($"analytics import: interrupted. {(upload is null ? "Nothing was sent." : AlreadyApplied(upload))}");
            return ExitCodes.Interrupted;
        }
    }

    private static string AlreadyApplied(ObservationUpload upload) =>
        $"{InputReport.Plural(upload.Counts.Received, "observation", "observations")} sent before were applied.";

    /// <summary>Defines the GSO-derived indicators the cluster lacks or knows differently; null when that went well.</summary>
    private static async Task<int?> DefineIndicatorsAsync(ClusterApi api, IReadOnlyList<DerivedIndicator> derived,
        IReadOnlyList<IndicatorDefinition> known, CliConsole console, CancellationToken ct)
    {
        var current = known.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var changed = derived.Where(d => !current.TryGetValue(d.Definition.Code, out var k) || k != d.Definition).ToList();
        if (changed.Count == 0) return null;

        var result = await api.DefineIndicatorsAsync([.. changed.Select(d => d.Definition)], ct);
        if (result.Problem is { } problem)
        {
            IEnumerable<FileProblem> problems = problem.Errors.Count > 0
                ? problem.Errors.Select(e => e.Row >= 1 && e.Row <= changed.Count
                    ? new FileProblem(changed[e.Row - 1].Source, null, e.Field, $"indicator {changed[e.Row - 1].Definition.Code}: {e.Reason}")
                    : new FileProblem("indicator definitions", null, e.Field, e.Reason))
                : [new FileProblem("indicator definitions", null, null, $"the cluster refused them ({(int)problem.Status}): {problem}")];
            await InputReport.WriteProblemsAsync(console.Error, problems);
            await console.Error.WriteLineAsync("The cluster refused the indicator definitions; nothing was sent.");
            return ExitCodes.DataErrors;
        }
        await console.Out.WriteLineAsync(
            $"Defined {InputReport.Plural(changed.Count, "indicator", "indicators")}: {InputReport.Some([.. changed.Select(d => d.Definition.Code)])}");
        return null;
    }
}
