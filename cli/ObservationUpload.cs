using System.Net;
using Analytics.Domain;
using Analytics.Contracts;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// Sends the observations of checked inputs to <c>POST /api/observations</c> in batches (CSV, <see cref="ObservationCsv"/>),
/// so a file of any size fits the API's per-request limits. A batch the API finds too large (413) is split in two.
/// A series the cluster refuses to grow (413 naming the series) is left out, reported in <see cref="RefusedSeries"/>,
/// and the rest of the batch is sent again: one full series never stops an import. The first batch the API rejects
/// for its rows stops the upload; its row errors are mapped back to the input's lines.
/// </summary>
public sealed class ObservationUpload(ClusterApi api, int batchSize, ImportProgress progress)
{
    public const int DefaultBatchSize = 5_000;

    /// <summary>What the cluster confirmed so far, over every batch sent.</summary>
    public IngestResult Counts { get; private set; }

    /// <summary>Series the cluster refused, with why and how many figures of the input were left out for each.</summary>
    public List<FileProblem> RefusedSeries { get; } = [];

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
        if (problem is { Status: HttpStatusCode.RequestEntityTooLarge, Series: { } series })
        {
            var refused = batch.Where(s => s.Observation.SeriesKey == series).ToArray();
            var rest = batch.Where(s => s.Observation.SeriesKey != series).ToArray();
            if (refused.Length > 0)
            {
                var left = InputReport.Plural(refused.Length, "số liệu", "figure", "figures");
                RefusedSeries.Add(new FileProblem(source, refused[0].Line, null, Bilingual.T(
                    $"chuỗi {series} bị từ chối, bỏ ra {left} của chuỗi này: {problem.Detail}",
                    $"series {series} refused, {left} of it left out: {problem.Detail}")));
                progress.Advance(refused.Length);
                return rest.Length == 0 ? [] : await SendBatchAsync(source, rest, ct);
            }
        }
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
            return [new FileProblem(source, null, null,
                Bilingual.T($"cụm máy chủ từ chối một lô ({(int)problem.Status}): {problem}", $"the cluster refused a batch ({(int)problem.Status}): {problem}"))];

        var indexByRow = ObservationCsv.Parse(csv).Select((r, i) => (r.Row, i)).ToDictionary(x => x.Row, x => x.i);
        return [.. problem.Errors.Select(e =>
        {
            if (!indexByRow.TryGetValue(e.Row, out var i))
                return new FileProblem(source, null, e.Field, Bilingual.T($"{e.Reason} (dòng {e.Row} của một lô)", $"{e.Reason} (row {e.Row} of a batch)"));
            var sent = batch[i];
            return sent.Line is { } line
                ? new FileProblem(source, line, e.Field, e.Reason)
                : new FileProblem(source, null, e.Field, $"{e.Reason} ({sent.Observation.Quote})");
        })];
    }
}
