using Analytics.Api.Queries;
using Analytics.Contracts;
using Analytics.Domain;

namespace Analytics.Api.Endpoints;

public static class SeriesEndpoints
{
    public static void MapSeries(this RouteGroupBuilder api) =>
        api.MapGet("/series/{province}/{indicator}", GetSeries).WithName("GetSeries").WithTags("Series").WithETag()
            .WithSummary("Every observation of one unit's indicator: actuals, estimates, plans, targets and baselines, each with its source, quote and revisions. geography=vn-63 or vn-34 says which unit a code or name such as 68 means (default: the geography in force today). For a unit of the 34 formed by a merger, the years before it are derived from its members' figures, each point marked derived with its method and members. A point the quality rules flag carries its flags (rule, severity, follow-up state, reason).");

    public static async Task<Results<Ok<SeriesDto>, ProblemHttpResult>> GetSeries(
        string province, string indicator, string? kind, string? geography, SeriesQueries series) =>
        (await series.SeriesAsync(province, indicator, kind, geography, withQuality: true)).ToHttp();
}
