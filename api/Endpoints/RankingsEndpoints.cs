using Analytics.Domain;
using Analytics.Api.Queries;
using Analytics.Forecasting;
using Analytics.Hosting;
using Analytics.Indicators;

namespace Analytics.Api.Endpoints;

public static class RankingsEndpoints
{
    /// <summary>
    /// A province's place. By value: Value is the figure. By attainment: Value is the attainment ratio (share of the
    /// target projected for the year, direction-aware), with the probability and status beside it.
    /// </summary>
    public sealed record RankingRowDto(
        int? Rank, string Province, string ProvinceName, string Region, double? Value, int? PreviousRank, int? RankChange,
        AttainmentStatus? Status = null, double? Probability = null);

    public sealed record RankingDto(
        string Indicator, string IndicatorName, string Unit, Direction Direction, int Year, ObservationKind Kind,
        string? Region, int Ranked, int Unranked, IReadOnlyList<RankingRowDto> Rows, string By = "value");

    public static void MapRankings(this RouteGroupBuilder api)
    {
        api.MapGet("/rankings/{indicator}", async Task<Results<Ok<RankingDto>, ProblemHttpResult>> (
            string indicator, int? year, string? kind, string? region, int? top, string? by, CatalogCache catalog, RankingCache answers, IGrainFactory grains) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                return by switch
                {
                    null or "value" => await RankAsync(indicator, year, kind, region, top, catalog, answers, grains),
                    "attainment" => await RankByAttainmentAsync(indicator, year ?? 2025, region, top, catalog, grains),
                    _ => Problems.BadRequest($"Unknown ranking '{by}': use by=value (default) or by=attainment."),
                };
            }
            finally
            {
                AnalyticsMetrics.RankingDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        })
        .WithTags("Rankings")
        .WithSummary("Provinces ordered by an indicator for one year (competition ranking, direction-aware), with the rank change since the previous year; provinces without a figure follow, unranked.");
    }

    private static async Task<Results<Ok<RankingDto>, ProblemHttpResult>> RankAsync(
        string indicator, int? year, string? kind, string? region, int? top, CatalogCache catalog, RankingCache answers, IGrainFactory grains)
    {
        var view = await catalog.GetForReadAsync();
        if (Check(view, indicator, year, region, top) is { } problem) return problem;
        var d = view.Indicators.Find(indicator)!;
        var k = ObservationKind.Actual;
        if (kind is not null && !ObservationKinds.TryParse(kind, out k))
            return Problems.BadRequest($"Unknown kind '{kind}': use actual, estimate, plan, target or baseline.");
        region = region is null ? null : view.Regions.First(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase));

        var key = new RankingCache.RankingKey(d.Code, view.Snapshot.Version, year, k, region, top);
        return TypedResults.Ok(await answers.GetOrFetchAsync(key, () => ComputeAsync(view, d, year, k, region, top, grains)));
    }

    private static async Task<RankingDto> ComputeAsync(
        CatalogView view, IndicatorDefinition d, int? year, ObservationKind k, string? region, int? top, IGrainFactory grains)
    {
        // The universe: provinces of the region that existed in that year (Hà Tây only until 2008).
        var candidates = view.Snapshot.Provinces
            .Where(p => region is null || p.Region == region)
            .ToList();
        var ranking = await grains.GetGrain<IIndicatorGrain>(d.Code).RankAsync(
            new RankingQuery(year, k, [.. candidates.Where(p => ExistedIn(p, year)).Select(p => p.Code)], top));
        if (year is null)
        {
            // The year was chosen by the leaderboard; recompute the universe if that year excludes someone.
            var existing = candidates.Where(p => ExistedIn(p, ranking.Year)).Select(p => p.Code).ToList();
            if (existing.Count != candidates.Count)
                ranking = await grains.GetGrain<IIndicatorGrain>(d.Code).RankAsync(new RankingQuery(ranking.Year, k, existing, top));
        }

        var byCode = view.ProvincesByCode;
        var rows = ranking.Rows.Select(r =>
        {
            var p = byCode[r.Province];
            return new RankingRowDto(r.Rank, r.Province, p.NameVi, p.Region, r.Value, r.PreviousRank, r.RankChange);
        }).ToList();
        var ranked = rows.Count(r => r.Rank is not null);
        return new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, ranking.Year, k, region, ranked, rows.Count - ranked, rows);
    }

    /// <summary>
    /// Provinces with a target for the year, ordered by how much of it they are projected to reach. Competition
    /// ranking on the ratio; provinces with a target but no projection follow, unranked.
    /// </summary>
    private static async Task<Results<Ok<RankingDto>, ProblemHttpResult>> RankByAttainmentAsync(
        string indicator, int year, string? region, int? top, CatalogCache catalog, IGrainFactory grains)
    {
        var view = await catalog.GetForReadAsync();
        if (Check(view, indicator, year, region, top) is { } problem) return problem;
        var d = view.Indicators.Find(indicator)!;
        var inRegion = region is null ? null : view.Snapshot.Provinces
            .Where(p => string.Equals(p.Region, region, StringComparison.OrdinalIgnoreCase)).Select(p => p.Code).ToHashSet();

        var table = await new AttainmentReport(grains).BuildAsync(year, d.Code, inRegion);
        var byCode = view.ProvincesByCode;
        var ratios = table.Rows.Where(r => r.Forecast.Attainment?.Ratio is not null)
            .OrderByDescending(r => r.Forecast.Attainment!.Ratio!.Value).ToList();
        var rows = new List<RankingRowDto>();
        for (var i = 0; i < ratios.Count; i++)
        {
            var ratio = ratios[i].Forecast.Attainment!.Ratio!.Value;
            var rank = i > 0 && ratio.Equals(ratios[i - 1].Forecast.Attainment!.Ratio) ? rows[i - 1].Rank!.Value : i + 1;
            if (top is { } n && rank > n) break;
            var p = byCode[ratios[i].Province];
            rows.Add(new RankingRowDto(rank, p.Code, p.NameVi, p.Region, ratio, null, null, ratios[i].Status, ratios[i].Forecast.Attainment!.Probability));
        }
        var ranked = rows.Count;
        if (top is null)
        {
            rows.AddRange(table.Rows.Where(r => r.Forecast.Attainment?.Ratio is null).Select(r =>
            {
                var p = byCode[r.Province];
                return new RankingRowDto(null, p.Code, p.NameVi, p.Region, null, null, null, r.Status, r.Forecast.Attainment?.Probability);
            }));
        }
        return TypedResults.Ok(new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, year, ObservationKind.Target,
            region, ranked, rows.Count - ranked, rows, "attainment"));
    }

    /// <summary>The checks both kinds of ranking make of their query; null when it is good.</summary>
    private static ProblemHttpResult? Check(CatalogView view, string indicator, int? year, string? region, int? top) =>
        !view.Indicators.TryGet(indicator, out _) ? Problems.NotFound($"No indicator '{indicator}'. GET /api/indicators lists them.")
        : year is < 1990 or > 2100 ? Problems.BadRequest($"Year {year} is outside 1990..2100.")
        : top is < 1 ? Problems.BadRequest($"top must be at least 1, not {top}.")
        : region is not null && !view.Regions.Contains(region, StringComparer.OrdinalIgnoreCase)
            ? Problems.BadRequest($"Unknown region '{region}'. Regions: {string.Join("; ", view.Regions)}.")
        : null;

    private static bool ExistedIn(Province p, int? year) =>
        year is null || ((p.ValidFrom is null || p.ValidFrom.Value.Year <= year) && (p.ValidTo is null || p.ValidTo.Value.Year >= year));
}
