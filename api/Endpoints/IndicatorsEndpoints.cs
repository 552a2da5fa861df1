using Analytics.Api.Queries;
using Analytics.Api.Security;
using Analytics.Contracts;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Analytics.Api.Endpoints;

public static class IndicatorsEndpoints
{
    public static void MapIndicators(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/indicators").WithTags("Indicators");
        group.MapGet("/", ListIndicators).WithName("ListIndicators").WithSummary("The indicator catalog.");
        group.MapGet("/{code}", GetIndicator).WithName("GetIndicator").WithSummary("One indicator's definition.");
        group.MapGet("/{code}/history", GetIndicatorHistory).WithName("GetIndicatorHistory")
            .WithSummary("The definitions the indicator had before, newest first, each with when it was replaced and the audit entry of the change.");
        group.MapPost("/", DefineIndicators).WithName("DefineIndicators")
            .Accepts<IndicatorDto[]>("application/json")
            .RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Adds or updates indicator definitions (all or none), e.g. before importing a new GSO table. Every field is stated " +
                         "(min, max, source may be null). A change of direction or aggregation, or bounds that stored figures break, is refused " +
                         "with 409 unless ?force=true; every change is audited with the previous definition.");
    }

    public static async Task<Ok<IReadOnlyList<IndicatorDto>>> ListIndicators(CatalogQueries catalog) =>
        TypedResults.Ok(await catalog.IndicatorsAsync());

    public static async Task<Results<Ok<IndicatorDto>, ProblemHttpResult>> GetIndicator(string code, CatalogQueries catalog) =>
        (await catalog.IndicatorAsync(code)).ToHttp();

    public static async Task<Results<Ok<IReadOnlyList<DefinitionVersionDto>>, ProblemHttpResult>> GetIndicatorHistory(string code, CatalogQueries catalog) =>
        (await catalog.HistoryAsync(code)).ToHttp();

    public static async Task<Results<Ok<DefineResult>, ProblemHttpResult>> DefineIndicators(
        HttpRequest request, bool? force, CatalogQueries catalog, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (definitions, errors) = await DefinitionBody.ReadAsync(request.Body, json.Value.SerializerOptions, ct);
        if (definitions is null) return Problems.From(CatalogQueries.Rejected(errors, errors.Count == 0 ? 0 : errors.Max(e => e.Row)));
        return (await catalog.DefineAsync(definitions, force ?? false, Actors.Of(request.HttpContext))).ToHttp();
    }
}
