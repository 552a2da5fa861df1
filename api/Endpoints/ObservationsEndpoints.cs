using Analytics.Domain;
using Analytics.Formats;
using Analytics.Hosting;
using Analytics.Ingest;
using Microsoft.AspNetCore.Http.Features;

namespace Analytics.Api.Endpoints;

public static class ObservationsEndpoints
{
    /// <summary>What an accepted batch did. Received counts rows; identical duplicate rows collapse before applying.</summary>
    public sealed record IngestResult(int Received, int Inserted, int Unchanged, int Revised);

    public static void MapObservations(this RouteGroupBuilder api)
    {
        api.MapPost("/observations", Ingest)
            .WithTags("Observations")
            .Accepts<IReadOnlyList<ObservationInput>>("application/json", "text/csv")
            .WithSummary("Loads a batch of observations (JSON array or CSV). The whole batch is validated first; any bad row rejects all of it.");
    }

    private static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> Ingest(
        HttpRequest request, CatalogCache catalog, RankingCache rankings, ObservationIngestor ingestor, ILoggerFactory logs, CancellationToken ct)
    {
        IReadOnlyList<ObservationInput> rows;
        try
        {
            rows = await ReadBodyAsync(request, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            AnalyticsMetrics.RecordBatch("rejected");
            return TooLarge($"The body is larger than the limit of {request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes. Split it into several batches.");
        }
        catch (DataFormatException ex)
        {
            AnalyticsMetrics.RecordBatch("rejected");
            return Problems.BadRequest($"Malformed CSV: {ex.Message}");
        }
        catch (ObservationJson.MalformedJsonException ex)
        {
            AnalyticsMetrics.RecordBatch("rejected");
            return Problems.BadRequest(ex.Message);
        }
        catch (UnsupportedBodyException ex)
        {
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        if (rows.Count > IngestLimits.MaxRows)
        {
            AnalyticsMetrics.RecordBatch("rejected");
            return TooLarge($"{rows.Count} rows is more than the limit of {IngestLimits.MaxRows} per batch. Split it into several batches.");
        }

        var view = await catalog.GetAsync();
        var batch = ObservationValidator.Validate(rows, view.Provinces, view.Indicators);
        if (!batch.IsValid)
        {
            AnalyticsMetrics.RecordBatch("rejected");
            AnalyticsMetrics.RecordRejected(rows.Count, batch.Errors.Select(e => e.Field));
            return Problems.RejectedRows(batch.Errors, rows.Count);
        }

        try
        {
            var counts = await ingestor.ApplyAsync(batch.Observations, ct);
            AnalyticsMetrics.RecordApplied(counts);
            AnalyticsMetrics.RecordBatch("accepted");
            return TypedResults.Ok(new IngestResult(rows.Count, counts.Inserted, counts.Unchanged, counts.Revised));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            // Some series may have applied their part. Upserts are idempotent, so the honest answer is "retry it".
            AnalyticsMetrics.RecordBatch("failed");
            logs.CreateLogger("Ingest").LogWarning(ex, "Batch of {Rows} rows not confirmed by the cluster", rows.Count);
            return TypedResults.Problem(
                title: "The cluster did not confirm the whole batch",
                detail: "Part of the batch may have been applied. Sending the same batch again is safe: figures already stored are counted as unchanged.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        finally
        {
            // Whether the batch succeeded or failed part way, leaderboards may have moved: this process's clients
            // must not be shown a ranking from before their own batch.
            rankings.Invalidate(batch.Observations.Select(o => o.Indicator).Distinct());
        }
    }

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large");

    private sealed class UnsupportedBodyException(string message) : Exception(message);

    private static async Task<IReadOnlyList<ObservationInput>> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "application/json":
                return await ObservationJson.ReadAsync(request.Body, ct);
            case "text/csv":
                // Buffer first: the CSV reader is synchronous and ASP.NET Core forbids synchronous reads of the body.
                using (var buffer = new MemoryStream())
                {
                    await request.Body.CopyToAsync(buffer, ct);
                    buffer.Position = 0;
                    return ObservationCsv.Read(buffer, "request body");
                }
            default:
                throw new UnsupportedBodyException(
                    $"Send observations as 'application/json' (an array of objects) or 'text/csv' (header {string.Join(",", ObservationCsv.Columns)}), not '{request.ContentType ?? "no content type"}'.");
        }
    }
}
