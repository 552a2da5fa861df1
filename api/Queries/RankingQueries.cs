using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Indicators;

namespace Analytics.Api.Queries;

/// <summary>
/// Provinces ranked on an indicator, by value or by attainment of a target, both through the one competition-ranking
/// rule (<see cref="Leaderboard.Compete"/>). A ranking by value is one call to the indicator grain, kept for a moment
/// in the <see cref="RankingCache"/>.
/// </summary>
public sealed class RankingQueries(CatalogCache catalog, RankingCache answers, AttainmentQueries attainment, IGrainFactory grains)
{
    /// <summary>
    /// Provinces ordered by their figure of <paramref name="kind"/> (default actual) for a year (default: the latest year
    /// with figures), direction-aware, with the rank change since the previous year; provinces without a figure
    /// follow, unranked. Only provinces that existed in that year take part.
    /// </summary>
    public async Task<QueryResult<RankingDto>> ByValueAsync(string indicator, int? year = null, string? kind = null, string? region = null, int? top = null)
    {
        var view = await catalog.GetForReadAsync();
        if (Check(view, indicator, year, region, top, out var d, out var resolved) is { } problem) return problem;
        var k = ObservationKind.Actual;
        if (kind is not null && !ObservationKinds.TryParse(kind, out k)) return QueryProblems.UnknownKind(kind);

        var key = new RankingCache.RankingKey(d.Code, view.Snapshot.Version, year, k, resolved, top);
        return await answers.GetOrFetchAsync(key, () => RankAsync(view, d, year, k, resolved, top));
    }

    /// <summary>
    /// Provinces with a target for the year (default the target year), ordered by the share of it they are projected to
    /// reach; provinces with a target but no projection follow, unranked.
    /// </summary>
    public async Task<QueryResult<RankingDto>> ByAttainmentAsync(string indicator, int? year = null, string? region = null, int? top = null,
        CancellationToken ct = default)
    {
        var view = await catalog.GetForReadAsync();
        if (Check(view, indicator, year, region, top, out var d, out var resolved) is { } problem) return problem;
        var target = year ?? Years.DefaultTarget;

        var table = await attainment.TableAsync(target, d.Code, AttainmentQueries.InRegion(view, resolved), ct);
        var projected = table.Rows.Where(r => r.Forecast.Attainment?.Ratio is not null).ToDictionary(r => r.Province, StringComparer.Ordinal);
        var byCode = view.ProvincesByCode;
        var rows = Leaderboard.Compete(projected.Values.Select(r => (r.Province, r.Forecast.Attainment!.Ratio!.Value)), Direction.HigherIsBetter)
            .Where(r => top is null || r.Rank <= top)
            .Select(r =>
            {
                var (row, p) = (projected[r.Key], byCode[r.Key]);
                return new RankingRowDto(r.Rank, p.Code, p.NameVi, p.Region, r.Value, null, null, row.Status, row.Forecast.Attainment!.Probability);
            })
            .ToList();
        var ranked = rows.Count;
        if (top is null)
        {
            rows.AddRange(table.Rows.Where(r => r.Forecast.Attainment?.Ratio is null).Select(r =>
            {
                var p = byCode[r.Province];
                return new RankingRowDto(null, p.Code, p.NameVi, p.Region, null, null, null, r.Status, r.Forecast.Attainment?.Probability);
            }));
        }
        return new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, target, ObservationKind.Target,
            resolved, ranked, rows.Count - ranked, rows, "attainment");
    }

    private async Task<RankingDto> RankAsync(CatalogView view, IndicatorDefinition d, int? year, ObservationKind kind, string? region, int? top)
    {
        // One call: the leaderboard picks the year (when none is given) and keeps only the provinces that existed then.
        var field = view.ProvincesIn(region);
        var ranking = await grains.GetGrain<IIndicatorGrain>(d.Code).RankAsync(
            new RankingQuery(year, kind, [.. field.Select(p => p.Code)], top, [.. field.Select(p => p.Lifetime)]));

        var byCode = view.ProvincesByCode;
        var rows = ranking.Rows.Select(r =>
        {
            var p = byCode[r.Province];
            return new RankingRowDto(r.Rank, r.Province, p.NameVi, p.Region, r.Value, r.PreviousRank, r.RankChange);
        }).ToList();
        var ranked = rows.Count(r => r.Rank is not null);
        return new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, ranking.Year, kind, region, ranked, rows.Count - ranked, rows);
    }

    /// <summary>The checks both kinds of ranking make of their question; null when it is good.</summary>
    private static QueryProblem? Check(CatalogView view, string indicator, int? year, string? region, int? top,
        out IndicatorDefinition definition, out string? resolvedRegion)
    {
        resolvedRegion = null;
        if (!view.Indicators.TryGet(indicator, out definition!)) return QueryProblems.NoIndicator(indicator);
        if (QueryProblems.CheckYear(year) is { } problem) return problem;
        if (top is < 1) return QueryProblems.TopBelowOne(top.Value);
        return view.TryResolveRegion(region, out resolvedRegion) ? null : QueryProblems.UnknownRegion(region!, view.Regions);
    }
}
