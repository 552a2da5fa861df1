using Analytics.Domain;
using Analytics.Series;

namespace Analytics.Api.Endpoints;

public static class SeriesEndpoints
{
    public sealed record SeriesDto(
        string Province, string ProvinceName, string Indicator, string IndicatorName, string Unit,
        long Version, IReadOnlyList<SeriesPoint> Observations);

    public static void MapSeries(this RouteGroupBuilder api)
    {
        api.MapGet("/series/{province}/{indicator}", async Task<Results<Ok<SeriesDto>, ProblemHttpResult>> (
            string province, string indicator, ObservationKind? kind, CatalogCache catalog, IGrainFactory grains) =>
        {
            var view = await catalog.GetForReadAsync();
            if (!view.Provinces.TryResolve(province, out var p))
                return Problems.NotFound($"No province matches '{province}'.");
            if (!view.Indicators.TryGet(indicator, out var d))
                return Problems.NotFound($"No indicator '{indicator}'. GET /api/indicators lists them.");

            var snapshot = await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(p.Code, d.Code)).GetAsync();
            IReadOnlyList<SeriesPoint> points = kind is null ? snapshot.Points : [.. snapshot.Points.Where(x => x.Kind == kind)];
            return TypedResults.Ok(new SeriesDto(p.Code, p.NameVi, d.Code, d.NameEn, d.Unit, snapshot.Version, points));
        })
        .WithTags("Series")
        .WithSummary("Every observation of one province's indicator: actuals, estimates, plans, targets and baselines, each with its source, quote and revisions.");
    }
}
