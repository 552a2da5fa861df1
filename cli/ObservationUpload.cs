using System.Net;
using Analytics.Domain;
using Analytics.Contracts;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// Sends the observations of checked inputs to <c>POST /api/observations</c> in batches (CSV, <see cref="ObservationCsv"/>),
/// so a file of any size fits the API's per-request limits. A batch the API finds too large (413) is split in two.
/// The first batch the API rejects stops the upload; its row errors are mapped back to the input's lines.
/// </summary>
public sealed class ObservationUpload(ClusterApi api, int batchSize, ImportProgress progress)
{
    public const int DefaultBatchSize = 5_000;

    /// <summary>What the cluster confirmed so far, over every batch sent.</summary>
    public IngestResult Counts { get; private set; }

    /// <summary>Sends one input; returns the problems of the batch the cluster rejected, or nothing when all landed.</summary>
    public async Task<IReadOnlyList<FileProblem>> SendAsync(CheckedInput input, CancellationToken ct)
    {
        foreach (var batch in input.Observations.Chunk(batchSize))
        {
            var problems = await SendBatchAsync(input.Name, batch, ct);
            if (problems.Count > 0) return problems;
        }
        return [];
    }

    private async Task<IReadOnlyList<FileProblem>> SendBatchAsync(string source, SourcedObservation[] batch, CancellationToken ct)
    {
        var csv = ObservationCsv.Format(batch.Select(s => s.Observation));
        var result = await api.PostObservationsAsync(csv, ct);
        if (result.Value is { } counts)
        {
            Counts += counts;
            progress.Advance(batch.Length);
            return [];
        }

        var problem = result.Problem!;
        if (problem.Status == HttpStatusCode.RequestEntityTooLarge && batch.Length > 1)
        {
            var half = batch.Length / 2;
            var first = await SendBatchAsync(source, batch[..half], ct);
            return first.Count > 0 ? first : await SendBatchAsync(source, batch[half..], ct);
        }
        return Locate(source, batch, csv, problem);
    }

    /// <summary>The API numbers rows by the line they start on in the body sent; find the input line each one came from.</summary>
    private static List<FileProblem> Locate(string source, SourcedObservation[] batch, string csv, ApiProblem problem)
    {
        if (problem.Errors.Count == 0)
            return [new FileProblem(source, null, null, $"the cluster refused a batch ({(int)problem.Status}): {problem}")];

        var indexByRow = ObservationCsv.Parse(csv).Select((r, i) => (r.Row, i)).ToDictionary(x => x.Row, x => x.i);
        return [.. problem.Errors.Select(e =>
        {
            if (!indexByRow.TryGetValue(e.Row, out var i)) return new FileProblem(source, null, e.Field, $"{e.Reason} (row {e.Row} of a batch)");
            var sent = batch[i];
            return sent.Line is { } line
                ? new FileProblem(source, line, e.Field, e.Reason)
                : new FileProblem(source, null, e.Field, $"{e.Reason} ({sent.Observation.Quote})");
        })];
    }
}
