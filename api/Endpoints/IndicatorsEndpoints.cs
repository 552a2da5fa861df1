using Analytics.Api.Queries;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

public static class IndicatorsEndpoints
{
    public static void MapIndicators(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/indicators").WithTags("Indicators");
        group.MapGet("/", ListIndicators).WithName("ListIndicators").WithSummary("The indicator catalog.");
        group.MapGet("/{code}", GetIndicator).WithName("GetIndicator").WithSummary("One indicator's definition.");
        group.MapPost("/", DefineIndicators).WithName("DefineIndicators")
            .WithSummary("Adds or updates indicator definitions (all or none), e.g. before importing a new GSO table.");
    }

    public static async Task<Ok<IReadOnlyList<IndicatorDto>>> ListIndicators(CatalogQueries catalog) =>
        TypedResults.Ok(await catalog.IndicatorsAsync());

    public static async Task<Results<Ok<IndicatorDto>, ProblemHttpResult>> GetIndicator(string code, CatalogQueries catalog) =>
        (await catalog.IndicatorAsync(code)).ToHttp();

    public static async Task<Results<Ok<DefineResult>, ProblemHttpResult>> DefineIndicators(IndicatorDto[] definitions, CatalogQueries catalog) =>
        (await catalog.DefineAsync(definitions)).ToHttp();
}
