using Analytics.Api.Queries;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

public static class RankingsEndpoints
{
    public static void MapRankings(this RouteGroupBuilder api) =>
        api.MapGet("/rankings/{indicator}", Rank).WithName("Rank").WithTags("Rankings")
            .RecordsDuration(m => m.RankingDuration).WithETag()
            .WithSummary("Units ordered by an indicator for one year (competition ranking, direction-aware), with the rank change since the previous year in the same geography; units without a figure follow, unranked, with the reason. geography=vn-63 (the 63 provinces, years up to 2025) or vn-34 (the 34 units); default: the geography in force at the end of the year. Before 2026 a unit of the 34 without a figure of its own gets one derived from its members by the indicator's aggregation rule, shown with members, values and method. Regions of the 34 are the region of the seat, an approximation until a published grouping exists. " +
                         "Each ranked figure carries its quality flag (rule, severity, follow-up state, reason); quality=exclude leaves figures with an open flag out of the ranking and says how many (leftOut).");

    public static async Task<Results<Ok<RankingDto>, ProblemHttpResult>> Rank(
        string indicator, int? year, string? kind, string? region, int? top, string? by, string? geography, string? quality, RankingQueries rankings, CancellationToken ct) =>
        by switch
        {
            null or "value" => (await rankings.ByValueAsync(indicator, year, kind, region, top, geography, quality ?? "include")).ToHttp(),
            "attainment" => (await rankings.ByAttainmentAsync(indicator, year, region, top, ct, geography)).ToHttp(),
            _ => Problems.From(QueryProblems.UnknownRanking(by)),
        };
}
