using Analytics.Api.Queries;
using Analytics.Contracts;
using Analytics.Domain;

namespace Analytics.Api.Endpoints;

public static class SeriesEndpoints
{
    public static void MapSeries(this RouteGroupBuilder api) =>
        api.MapGet("/series/{province}/{indicator}", GetSeries).WithName("GetSeries").WithTags("Series")
            .WithSummary("Every observation of one province's indicator: actuals, estimates, plans, targets and baselines, each with its source, quote and revisions.");

    public static async Task<Results<Ok<SeriesDto>, ProblemHttpResult>> GetSeries(
        string province, string indicator, ObservationKind? kind, SeriesQueries series) =>
        (await series.SeriesAsync(province, indicator, kind)).ToHttp();
}
