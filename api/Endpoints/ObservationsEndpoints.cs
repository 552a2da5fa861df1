using Analytics.Api.Queries;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Formats;
using Microsoft.AspNetCore.Http.Features;

namespace Analytics.Api.Endpoints;

public static class ObservationsEndpoints
{
    public static void MapObservations(this RouteGroupBuilder api) =>
        api.MapPost("/observations", Ingest).WithName("Ingest").WithTags("Observations")
            .Accepts<IReadOnlyList<ObservationInput>>(ObservationBody.MediaTypes[0], [.. ObservationBody.MediaTypes.Skip(1)])
            .WithSummary("Loads a batch of observations (JSON array or CSV). The whole batch is validated first; any bad row rejects all of it.");

    public static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> Ingest(HttpRequest request, IngestService ingest, CancellationToken ct)
    {
        try
        {
            return (await ingest.IngestAsync(request.Body, request.ContentType, ct)).ToHttp();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return Problems.From(ingest.Refused(ProblemKind.TooLarge, $"The body is larger than the limit of {limit} bytes. Split it into several batches."));
        }
    }
}
