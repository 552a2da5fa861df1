using Analytics.Catalog;
using Analytics.Domain;

namespace Analytics.Api.Endpoints;

public static class IndicatorsEndpoints
{
    public sealed record IndicatorDto(
        string Code, string NameVi, string NameEn, string Unit, Direction Direction,
        double? Min, double? Max, Aggregation Aggregation, string? Source)
    {
        public static IndicatorDto From(IndicatorDefinition d) => new(d.Code, d.NameVi, d.NameEn, d.Unit, d.Direction, d.Min, d.Max, d.Aggregation, d.Source);

        public IndicatorDefinition ToDefinition() => new(Code, NameVi, NameEn, Unit, Direction, Min, Max, Aggregation, Source);
    }

    public sealed record DefineResult(int Received, int Defined);

    public static void MapIndicators(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/indicators").WithTags("Indicators");

        group.MapGet("/", async (CatalogCache catalog) =>
        {
            var view = await catalog.GetAsync();
            return TypedResults.Ok<IReadOnlyList<IndicatorDto>>([.. view.Snapshot.Indicators.Select(IndicatorDto.From)]);
        }).WithSummary("The indicator catalog.");

        group.MapGet("/{code}", async Task<Results<Ok<IndicatorDto>, ProblemHttpResult>> (string code, CatalogCache catalog) =>
        {
            var view = await catalog.GetAsync();
            return view.Indicators.TryGet(code, out var d)
                ? TypedResults.Ok(IndicatorDto.From(d))
                : Problems.NotFound($"No indicator '{code}'. GET /api/indicators lists them.");
        }).WithSummary("One indicator's definition.");

        group.MapPost("/", async Task<Results<Ok<DefineResult>, ProblemHttpResult>> (IndicatorDto[] definitions, CatalogCache catalog, RankingCache rankings, IGrainFactory grains) =>
        {
            var errors = IndicatorRules.Check(definitions.Select(d => d.ToDefinition()).ToList());
            if (errors.Count > 0) return Problems.RejectedRows(errors, definitions.Length);
            var before = (await catalog.GetAsync()).Snapshot.Indicators.ToDictionary(d => d.Code);
            var changed = definitions.Select(d => d.ToDefinition()).Where(d => !before.TryGetValue(d.Code, out var known) || known != d).ToList();
            await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertIndicatorsAsync(changed);
            catalog.Invalidate();
            rankings.Invalidate(changed.Select(d => d.Code)); // a new direction reorders the leaderboard
            return TypedResults.Ok(new DefineResult(definitions.Length, changed.Count));
        }).WithSummary("Adds or updates indicator definitions (all or none), e.g. before importing a new GSO table.");
    }
}
