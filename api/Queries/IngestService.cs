using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Hosting;
using Analytics.Ingest;

namespace Analytics.Api.Queries;

/// <summary>
/// Loads a batch of observations, all or nothing: the whole batch is validated against the cluster's current catalog
/// first, then grouped by series with one grain call per series (<see cref="ObservationIngestor"/>). Rankings this
/// process caches for the indicators touched are dropped before the answer, so its clients read their own writes.
/// </summary>
public sealed class IngestService(
    CatalogCache catalog, RankingCache rankings, ObservationIngestor ingestor, AnalyticsMetrics metrics, ILogger<IngestService> log)
{
    /// <summary>Reads a CSV or JSON body (by its media type) and loads it.</summary>
    public async Task<QueryResult<IngestResult>> IngestAsync(Stream body, string? contentType, CancellationToken ct)
    {
        IReadOnlyList<ObservationInput> rows;
        try
        {
            rows = await ObservationBody.ReadAsync(body, contentType, ct);
        }
        catch (DataFormatException ex)
        {
            return Refused(ProblemKind.Invalid, $"Malformed CSV: {ex.Message}");
        }
        catch (ObservationJson.MalformedJsonException ex)
        {
            return Refused(ProblemKind.Invalid, ex.Message);
        }
        catch (ObservationBody.UnsupportedMediaTypeException ex)
        {
            return new QueryProblem(ProblemKind.UnsupportedMediaType, ex.Message);
        }
        return await IngestAsync(rows, ct);
    }

    public async Task<QueryResult<IngestResult>> IngestAsync(IReadOnlyList<ObservationInput> rows, CancellationToken ct)
    {
        if (rows.Count > IngestLimits.MaxRows)
            return Refused(ProblemKind.TooLarge, $"{rows.Count} rows is more than the limit of {IngestLimits.MaxRows} per batch. Split it into several batches.");

        var view = await catalog.GetAsync();
        var batch = ObservationValidator.Validate(rows, view.Provinces, view.Indicators);
        if (!batch.IsValid)
        {
            metrics.RecordBatch("rejected");
            metrics.RecordRejected(rows.Count, batch.Errors.Select(e => e.Field));
            return CatalogQueries.Rejected(batch.Errors, rows.Count);
        }

        try
        {
            var counts = await ingestor.ApplyAsync(batch.Observations, ct);
            metrics.RecordApplied(counts);
            metrics.RecordBatch("accepted");
            return new IngestResult(rows.Count, counts.Inserted, counts.Unchanged, counts.Revised);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            // Some series may have applied their part. Upserts are idempotent, so the honest answer is "retry it".
            metrics.RecordBatch("failed");
            log.LogWarning(ex, "Batch of {Rows} rows not confirmed by the cluster", rows.Count);
            return new QueryProblem(ProblemKind.Unavailable,
                "Part of the batch may have been applied. Sending the same batch again is safe: figures already stored are counted as unchanged.");
        }
        finally
        {
            // Whether the batch succeeded or failed part way, leaderboards may have moved: this process's clients
            // must not be shown a ranking from before their own batch.
            rankings.Invalidate(batch.Observations.Select(o => o.Indicator).Distinct());
        }
    }

    /// <summary>A batch refused before validation (unreadable, too large): counted as rejected.</summary>
    public QueryProblem Refused(ProblemKind kind, string detail)
    {
        metrics.RecordBatch("rejected");
        return new QueryProblem(kind, detail);
    }
}
