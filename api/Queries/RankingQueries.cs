using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Indicators;

namespace Analytics.Api.Queries;

/// <summary>
/// Units of one geography ranked on an indicator, by value or by attainment of a target, all through the one
/// competition-ranking rule (<see cref="Leaderboard.Compete"/>). The geography is the one asked for, else the one in
/// force at the end of the year (vn-63 up to 2024, vn-34 from 2025). A ranking of the 63 is one call to the indicator
/// grain; one of the 34 reads the indicator's figures in one call and carries the members' figures into the units
/// (<see cref="CarriedFigures"/>). Both are kept for a moment in the <see cref="AnswerCache"/>.
/// </summary>
public sealed class RankingQueries(
    CatalogCache catalog, AnswerCache answers, AttainmentQueries attainment, CarriedFigureSource carried, QualityQueries quality, IGrainFactory grains)
{
    /// <summary>
    /// Units ordered by their figure of <paramref name="kind"/> (default actual) for a year (default: the latest year
    /// with figures), direction-aware, with the rank change since the previous year in the same geography; units
    /// without a figure follow, unranked, with the reason. Only units of the geography that existed in that year take part.
    /// With <paramref name="qualityFilter"/> (what readers ask: <c>include</c>, their default, or <c>exclude</c>) each ranked
    /// figure carries its quality flag, and <c>exclude</c> leaves figures with an open flag out and counts them
    /// (<see cref="QualityQueries.MarkRankingAsync"/>; profiles and reports ask with <c>include</c> to mark the figures they show);
    /// without it (the rankings page's earlier years, for its trend lines) the ranking is as the leaderboard has it.
    /// </summary>
    public async Task<QueryResult<RankingDto>> ByValueAsync(string indicator, int? year = null, string? kind = null, string? region = null,
        int? top = null, string? geography = null, string? qualityFilter = null)
    {
        if (qualityFilter is not (null or "include" or "exclude"))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                $"quality '{InputLimits.Echo(qualityFilter)}' không hợp lệ: dùng quality=exclude (bỏ số liệu có cờ chất lượng chưa xem) hoặc quality=include (mặc định).",
                $"quality '{InputLimits.Echo(qualityFilter)}' is not known: use quality=exclude (leave out figures with an open quality flag) or quality=include (the default)."));
        var exclude = qualityFilter == "exclude";
        var view = await catalog.GetForReadAsync();
        if (Check(view, indicator, year, region, top, out var d, out var resolved) is { } problem) return problem;
        var k = ObservationKind.Actual;
        if (kind is not null && !ObservationKinds.TryParse(kind, out k)) return QueryProblems.UnknownKind(kind);
        if (QueryProblems.CheckGeography(geography, year, out var g) is { } wrong) return wrong;

        // Leaving figures out moves the others up: the whole ranking is read, and cut to the top after.
        var asked = exclude ? null : top;
        var key = new AnswerCache.RankingKey(d.Code, view.Snapshot.Version, year, k, resolved, asked, g?.Code);
        var ranking = await answers.GetOrFetchAsync(key, () => RankAsync(view, d, year, k, resolved, asked, g));
        return qualityFilter is null ? ranking : await quality.MarkRankingAsync(ranking, view, exclude, top);
    }

    /// <summary>
    /// Units with a target for the year (default the target year), ordered by the share of it they are projected to
    /// reach; units with a target but no projection follow, unranked. In the 34 units, targets and history are carried
    /// from the members where the unit reported none.
    /// </summary>
    public async Task<QueryResult<RankingDto>> ByAttainmentAsync(string indicator, int? year = null, string? region = null, int? top = null,
        CancellationToken ct = default, string? geography = null)
    {
        var view = await catalog.GetForReadAsync();
        if (Check(view, indicator, year, region, top, out var d, out var resolved) is { } problem) return problem;
        var target = year ?? Years.DefaultTarget;
        if (QueryProblems.CheckGeography(geography, target, out var g) is { } wrong) return wrong;

        var table = await attainment.TableAsync(view, target, g!.Value, d.Code, resolved, ct);
        var projected = table.Rows.Where(r => r.Forecast.Attainment?.Ratio is not null).ToDictionary(r => r.Unit.Code, StringComparer.Ordinal);
        var rows = Leaderboard.Compete(projected.Values.Select(r => (r.Unit.Code, r.Forecast.Attainment!.Ratio!.Value)), Direction.HigherIsBetter)
            .Where(r => top is null || r.Rank <= top)
            .Select(r => Row(projected[r.Key], r.Rank, r.Value))
            .ToList();
        var ranked = rows.Count;
        if (top is null) rows.AddRange(table.Rows.Where(r => r.Forecast.Attainment?.Ratio is null).Select(r => Row(r, null, null)));
        return new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, target, ObservationKind.Target,
            resolved, ranked, rows.Count - ranked, rows, "attainment", g!.Value, d.Aggregation.ToCode(),
            g == Geography.Vn34 ? CarriedFigureSource.Notes(d, view, table.Rows.Any(r => r.Origin == FigureOrigin.Derived)) : null);

        static RankingRowDto Row(AttainmentRow r, int? rank, double? value) => new(
            rank, r.Unit.Code, r.Unit.NameVi, r.Unit.Region.Name, value, null, null, r.Status, r.Forecast.Attainment?.Probability,
            Origin: r.Origin, Notes: r.Notes.Count == 0 ? null : r.Notes, RegionApproximate: r.Unit.Region.IsApproximate);
    }

    private async Task<RankingDto> RankAsync(CatalogView view, IndicatorDefinition d, int? year, ObservationKind kind, string? region, int? top,
        Geography? geography)
    {
        if (geography == Geography.Vn34) return await RankCarriedAsync(view, d, year, kind, region, top);
        if (geography == Geography.Vn63) return await RankReportedAsync(view, d, year, kind, region, top, view.UnitsIn(Geography.Vn63, region));

        // No year and no geography: the latest year with figures among the units that existed then, in its geography.
        var field = view.UnitsIn(Geography.Vn63, region).Concat(view.UnitsIn(Geography.Vn34, region))
            .GroupBy(u => u.TerritoryCode, StringComparer.Ordinal)
            .Select(t => (Territory: t.Key, Years: new YearSpan(
                t.Any(u => u.Years.First is null) ? null : t.Min(u => u.Years.First),
                t.Any(u => u.Years.Last is null) ? null : t.Max(u => u.Years.Last))))
            .ToList();
        var probe = await grains.GetGrain<IIndicatorGrain>(d.Code).RankAsync(
            new RankingQuery(null, kind, [.. field.Select(f => f.Territory)], 1, [.. field.Select(f => f.Years)]));
        // An empty probe has no year (0): rank the units in force today.
        return probe.Rows.Count > 0 && Geography.AtEndOf(probe.Year) == Geography.Vn63
            ? await RankReportedAsync(view, d, probe.Year, kind, region, top, view.UnitsIn(Geography.Vn63, region))
            : await RankCarriedAsync(view, d, probe.Rows.Count > 0 ? probe.Year : null, kind, region, top);
    }

    /// <summary>The 63 provinces: one call, the leaderboard picks the year (when none is given) and the provinces that existed then.</summary>
    private async Task<RankingDto> RankReportedAsync(CatalogView view, IndicatorDefinition d, int? year, ObservationKind kind, string? region,
        int? top, IReadOnlyList<AdministrativeUnit> field)
    {
        var ranking = await grains.GetGrain<IIndicatorGrain>(d.Code).RankAsync(
            new RankingQuery(year, kind, [.. field.Select(p => p.TerritoryCode)], top, [.. field.Select(p => p.Years)]));
        var byTerritory = field.ToDictionary(u => u.TerritoryCode, StringComparer.Ordinal);
        var rows = ranking.Rows.Select(r =>
        {
            var p = byTerritory[r.Province];
            var uncertain = r.UncertainAgainst?.Select(t => byTerritory[t]).ToList();
            return new RankingRowDto(r.Rank, p.Code, p.NameVi, p.Region.Name, r.Value, r.PreviousRank, r.RankChange,
                Reason: r.Value is null ? Bilingual.T($"không có số liệu {kind.Words()} của {p.Label} năm {ranking.Year}", $"no {kind.ToCode()} figure for {p.Label} in {ranking.Year}") : null,
                Qualifier: r.Qualifier?.ToSymbol(), RankUncertain: r.RankUncertain, UncertainAgainst: uncertain?.Select(u => u.Code).ToList(),
                RankNote: uncertain is { Count: > 0 } ? RankNote(r, uncertain) : null);
        }).ToList();
        var ranked = rows.Count(r => r.Rank is not null);
        return new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, ranking.Year, kind, region, ranked, rows.Count - ranked, rows,
            By: "value", Geography: Geography.Vn63, Aggregation: d.Aggregation.ToCode());
    }

    /// <summary>
    /// The 34 units: each unit's reported figure, else (up to 2025) the one derived from its members; ranked, and
    /// compared with the previous year's ranks of the same 34 units (a 2025 rank against the derived 2024 one).
    /// </summary>
    private async Task<RankingDto> RankCarriedAsync(CatalogView view, IndicatorDefinition d, int? year, ObservationKind kind, string? region, int? top)
    {
        var figures = await carried.ForAsync(view, d);
        var y = year ?? figures.LatestYear(kind) ?? 0;
        var units = view.UnitsIn(Geography.Vn34, region);
        var current = units.Select(u => figures.For(u, y, kind)).ToList();
        var previous = Leaderboard.Compete(units.Select(u => figures.For(u, y - 1, kind)).Where(f => f.HasValue).Select(f => (f.Unit.Code, f.Value!.Value)), d.Direction)
            .ToDictionary(r => r.Key, r => r.Rank, StringComparer.Ordinal);
        var byCode = current.ToDictionary(f => f.Unit.Code, StringComparer.Ordinal);
        var rows = Leaderboard.Compete(current.Where(f => f.HasValue).Select(f => (f.Unit.Code, f.Value!.Value)), d.Direction)
            .Where(r => top is null || r.Rank <= top)
            .Select(r => CarriedDtos.Row(byCode[r.Key], r.Rank, previous.TryGetValue(r.Key, out var p) ? p : null))
            .ToList();
        var ranked = rows.Count;
        if (top is null)
            rows.AddRange(current.Where(f => !f.HasValue).OrderBy(f => f.Unit.Code, StringComparer.Ordinal)
                .Select(f => CarriedDtos.Row(f, null, previous.TryGetValue(f.Unit.Code, out var p) ? p : null)));
        return new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, y, kind, region, ranked, rows.Count - ranked, rows,
            By: "value", Geography: Geography.Vn34, Aggregation: d.Aggregation.ToCode(),
            Notes: CarriedFigureSource.Notes(d, view, current.Any(f => f.Origin == FigureOrigin.Derived)));
    }

    /// <summary>
    /// Why a rank is not certain: this figure is a bound or approximate ("figure is a bound: &gt; 40; its place among
    /// Bình Phước, Ninh Thuận is not known"), or the others' are.
    /// </summary>
    private static string RankNote(RankingRow row, IReadOnlyList<AdministrativeUnit> against)
    {
        var names = string.Join(", ", against.Select(u => u.Label));
        if (row.Qualifier is not { } q)
            return Bilingual.T($"thứ tự so với {names} chưa biết chắc: số liệu của họ là cận hoặc xấp xỉ",
                $"its place against {names} is not known: their figures are bounds or approximations");
        var value = row.Value!.Value;
        return Bilingual.T($"{q.Words()}: {q.ToSymbol()} {value}; thứ tự so với {names} chưa biết chắc",
            $"{q.Words()}: {q.ToSymbol()} {value}; its place among {names} is not known");
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
