using Analytics.Api.Queries;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

public static class RankingsEndpoints
{
    public static void MapRankings(this RouteGroupBuilder api) =>
        api.MapGet("/rankings/{indicator}", Rank).WithName("Rank").WithTags("Rankings")
            .RecordsDuration(m => m.RankingDuration)
            .WithSummary("Provinces ordered by an indicator for one year (competition ranking, direction-aware), with the rank change since the previous year; provinces without a figure follow, unranked.");

    public static async Task<Results<Ok<RankingDto>, ProblemHttpResult>> Rank(
        string indicator, int? year, string? kind, string? region, int? top, string? by, RankingQueries rankings, CancellationToken ct) =>
        by switch
        {
            null or "value" => (await rankings.ByValueAsync(indicator, year, kind, region, top)).ToHttp(),
            "attainment" => (await rankings.ByAttainmentAsync(indicator, year, region, top, ct)).ToHttp(),
            _ => Problems.From(new QueryProblem(ProblemKind.Invalid, $"Unknown ranking '{by}': use by=value (default) or by=attainment.")),
        };
}
