using Analytics.Catalog;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Indicators;
using Analytics.Forecasting;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>
/// One series with a target for the year, and how it is doing against it. <see cref="Province"/> is the territory code
/// its figures are stored under; <see cref="Unit"/> the unit of the geography asked. <see cref="Origin"/> is
/// <c>derived</c> when the target or history was carried from the members of a unit of the 34.
/// </summary>
public sealed record AttainmentRow(string Province, string Indicator, ForecastResult Forecast, AdministrativeUnit Unit,
    FigureOrigin Origin = FigureOrigin.Reported, IReadOnlyList<string>? CarryNotes = null)
{
    public AttainmentStatus? Status => Forecast.Attainment?.Status;

    /// <summary>The status as the API and metrics spell it: "on-track", ..., or "unknown".</summary>
    public string StatusCode => Status.ToCode();

    public IReadOnlyList<string> Notes => CarryNotes ?? [];
}

public sealed record AttainmentTable(int Year, IReadOnlyList<AttainmentRow> Rows)
{
    /// <summary>Rows per status, every status present (zero included) so dashboards see a steady set of series.</summary>
    public IReadOnlyDictionary<string, int> Counts =>
        AttainmentStatuses.Codes.ToDictionary(s => s, s => Rows.Count(r => r.StatusCode == s));
}

/// <summary>
/// Attainment of a target year across the cluster: every unit of a geography with a target for the year. The
/// leaderboards say which series have targets (one call per indicator); only those series are asked for their (cached)
/// forecasts. For a unit of the 34 formed by a merger, before 2026, the target and the history are carried from its
/// members (one more call for that indicator's figures) and the model projects the carried history.
/// Rankings by attainment and the API's attainment gauges read the same tables.
/// </summary>
public sealed class AttainmentQueries(CatalogCache catalog, CarriedFigureSource carried, PlanningQueries planning, NationalTargets national, IGrainFactory grains)
{
    /// <summary>
    /// <c>GET /api/attainment</c>: the table for a year (default the target year), optionally of one indicator or region,
    /// against the units' own targets (<paramref name="source"/> "unit", the default) or the national targets of the year
    /// ("national"). In the 34 units, the targets the member provinces set before the merger come grouped under their unit.
    /// </summary>
    public async Task<QueryResult<AttainmentDto>> AttainmentAsync(int? year, string? indicator, string? region, CancellationToken ct = default,
        string? geography = null, string? source = null)
    {
        var view = await catalog.GetForReadAsync();
        if (QueryProblems.CheckYear(year) is { } problem) return problem;
        IndicatorDefinition? d = null;
        if (indicator is not null && !view.Indicators.TryGet(indicator, out d)) return QueryProblems.NoIndicator(indicator);
        if (!view.TryResolveRegion(region, out var resolved)) return QueryProblems.UnknownRegion(region!, view.Regions);
        source ??= NationalTarget.UnitSource;
        if (!NationalTarget.IsSource(source))
            return new QueryProblem(ProblemKind.Invalid,
                $"source must be '{NationalTarget.UnitSource}' (the units' own targets) or '{NationalTarget.NationalSource}' (national targets), not '{InputLimits.Echo(source)}'.");
        var isNational = source == NationalTarget.NationalSource;
        var target = year ?? await LatestTargetYearAsync(isNational, d?.Code);
        if (QueryProblems.CheckGeography(geography, target, out var g) is { } wrong) return wrong;
        var table = isNational
            ? new AttainmentTable(target, await planning.NationalRowsAsync(view, target, g!.Value, d?.Code, resolved))
            : await TableAsync(view, target, g!.Value, d?.Code, resolved, ct);
        var groups = !isNational && g == Geography.Vn34 ? await planning.MemberTargetsAsync(view, target, d?.Code, resolved, table.Rows, ct) : null;
        var model = await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync();
        IReadOnlyList<string>? notes = g == Geography.Vn34
            ? [CarriedFigureSource.RegionOfSeatNote,
               Bilingual.T($"Đơn vị nào trong 34 đơn vị không tự báo cáo mục tiêu hoặc số liệu các năm đến {CarriedFigures.LastDerivableYear} thì được lấy từ các tỉnh thành viên theo quy tắc gộp của chỉ tiêu (các dòng ghi là suy ra).",
                   $"Where a unit of the 34 reported no target or history of its own for years up to {CarriedFigures.LastDerivableYear}, they are carried from its members by the indicator's aggregation rule (rows marked derived).")]
            : null;
        return new AttainmentDto(target, indicator, region, model.Version, table.Rows.Count, table.Counts,
            [.. table.Rows.Select(r => new AttainmentRowDto(r.Unit.Code, r.Unit.NameVi, r.Unit.Region.Name, r.Indicator, r.Status ?? AttainmentStatus.Unknown,
                r.Forecast.ToDto().Noted(r.CarryNotes) with { Province = r.Unit.Code, Geography = r.Unit.Geography, Origin = r.Origin },
                r.Unit.Geography, r.Unit.Region.IsApproximate))],
            g!.Value, notes, source, groups,
            isNational ? [.. national.Of(target, d?.Code).Select(NationalTargets.ToDto)] : null);
    }

    /// <summary>
    /// The year a table opens on when none is asked: the latest year with a national target (of the indicator), or the
    /// latest year up to the planning horizon in which a unit set a target (for the indicator, or for any when none is
    /// chosen); else the target year. So once a province uploads its 2030 plan, the page opens on 2030.
    /// </summary>
    private async Task<int> LatestTargetYearAsync(bool isNational, string? indicator)
    {
        if (isNational)
            return national.All.Where(t => indicator is null || t.Indicator == indicator).Select(t => t.Year).DefaultIfEmpty(Years.DefaultTarget).Max();
        IEnumerable<string> codes = indicator is null ? (await catalog.GetForReadAsync()).Snapshot.Indicators.Select(d => d.Code) : [indicator];
        var years = await Task.WhenAll(codes.Select(c => grains.GetGrain<IIndicatorGrain>(c).GetTargetYearsAsync()));
        return years.SelectMany(y => y).Where(y => y is > Years.DefaultTarget and <= PlanningHorizon).DefaultIfEmpty(Years.DefaultTarget).Max();
    }

    /// <summary>The last year the plans of this decade look to (2026–2030 provincial plans, the national 2030 targets).</summary>
    private const int PlanningHorizon = 2030;

    /// <summary>
    /// Every series with a target for the year as stored, whatever its geography (the API's attainment gauges): one row per
    /// territory with a target, projected by its series grain.
    /// </summary>
    public async Task<AttainmentTable> TableAsync(int year, string? indicator = null, IReadOnlySet<string>? provinces = null,
        CancellationToken cancellationToken = default)
    {
        var view = await catalog.GetForReadAsync();
        var snapshot = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync();
        var indicators = snapshot.Indicators.Where(d => indicator is null || d.Code == indicator).Select(d => d.Code).ToList();
        var withTargets = new List<(string Territory, string Indicator)>();
        foreach (var (code, targeted) in await TargetedAsync(indicators, year))
            withTargets.AddRange(targeted.Where(p => provinces is null || provinces.Contains(p)).Select(p => (p, code)));
        var rows = await ForecastAllAsync(withTargets.Select(t => (t.Territory, t.Indicator, UnitOf(view, t.Territory, year))).ToList(), year, cancellationToken);
        return Ordered(year, rows);
    }

    /// <summary>The table of one geography: its units with a target for the year (carried into the 34 where they reported none).</summary>
    public async Task<AttainmentTable> TableAsync(CatalogView view, int year, Geography geography, string? indicator, string? region,
        CancellationToken cancellationToken = default)
    {
        var indicators = view.Snapshot.Indicators.Where(d => indicator is null || d.Code == indicator).ToList();
        var units = view.UnitsIn(geography, region).Where(u => geography == Geography.Vn34 || u.Years.Contains(year)).ToList();
        var plain = new List<(string Territory, string Indicator, AdministrativeUnit Unit)>();
        var carriedRows = new List<AttainmentRow>();
        var targeted = (await TargetedAsync([.. indicators.Select(d => d.Code)], year)).ToDictionary(t => t.Code, t => t.Territories.ToHashSet(StringComparer.Ordinal));
        var merged = new List<(IndicatorDefinition Definition, List<AdministrativeUnit> Units)>();
        foreach (var d in indicators)
        {
            var withTarget = targeted[d.Code];
            var toCarry = new List<AdministrativeUnit>();
            foreach (var u in units)
            {
                var carries = u.IsMerged && year <= CarriedFigures.LastDerivableYear;
                if (carries && (withTarget.Contains(u.TerritoryCode) || u.Members.Any(withTarget.Contains))) toCarry.Add(u);
                else if (!carries && withTarget.Contains(u.TerritoryCode)) plain.Add((u.TerritoryCode, d.Code, u));
            }
            if (toCarry.Count > 0) merged.Add((d, toCarry));
        }

        var model = grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key);
        foreach (var (d, toCarry) in merged)
        {
            var figures = await carried.ForAsync(view, d);
            var inputs = new List<(AdministrativeUnit Unit, CarriedFigure Target, ForecastInput Input, IReadOnlyList<(int Year, CarriedFigure Figure)> History)>();
            foreach (var u in toCarry)
            {
                var target = figures.For(u, year, ObservationKind.Target);
                if (!target.HasValue) continue; // a partial target is no target; the ranking of targets says which member lacks one
                var history = figures.Observed(u);
                inputs.Add((u, target, new ForecastInput(u.TerritoryCode, d.Code, [.. history.Select(h => h.Year)], [.. history.Select(h => h.Figure.Value!.Value)],
                    d.Min, d.Max, d.Direction, year, target.Value, d.Decimals), history));
            }
            var forecasts = await Task.WhenAll(inputs.Select(i => model.ForecastAsync(i.Input)));
            for (var i = 0; i < inputs.Count; i++)
            {
                var (u, target, _, history) = inputs[i];
                var derivedYears = history.Where(h => h.Figure.Origin == FigureOrigin.Derived).Select(h => h.Year).ToList();
                var notes = new List<string>();
                if (target.Origin == FigureOrigin.Derived)
                    notes.Add(Bilingual.T(
                        $"mục tiêu {year} suy ra: {target.Method.Describe()}, gồm {string.Join("; ", target.Members.Select(m => $"{m.Member.Label} {m.Value}"))}",
                        $"target {year} derived: {target.Method.Describe()} of {string.Join("; ", target.Members.Select(m => $"{m.Member.Label} {m.Value}"))}"));
                if (derivedYears.Count > 0)
                    notes.Add(Bilingual.T($"số liệu các năm {derivedYears.Min()}–{derivedYears.Max()} suy ra từ các tỉnh thành viên",
                        $"history derived from the members for {derivedYears.Min()}–{derivedYears.Max()}"));
                notes.AddRange(target.Notes);
                carriedRows.Add(new AttainmentRow(u.TerritoryCode, d.Code, forecasts[i], u,
                    target.Origin == FigureOrigin.Derived || derivedYears.Count > 0 ? FigureOrigin.Derived : FigureOrigin.Reported, notes));
            }
        }
        var rows = await ForecastAllAsync(plain, year, cancellationToken);
        return Ordered(year, [.. rows, .. carriedRows]);
    }

    private async Task<(string Code, IReadOnlyList<string> Territories)[]> TargetedAsync(IReadOnlyList<string> indicators, int year) =>
        await Task.WhenAll(indicators.Select(async code => (code, await grains.GetGrain<IIndicatorGrain>(code).GetProvincesWithTargetAsync(year))));

    private async Task<AttainmentRow[]> ForecastAllAsync(IReadOnlyList<(string Territory, string Indicator, AdministrativeUnit Unit)> series, int year,
        CancellationToken cancellationToken)
    {
        var rows = new AttainmentRow[series.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var (territory, code, unit) = series[i];
                rows[i] = new AttainmentRow(territory, code,
                    await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(territory, code)).GetForecastAsync(year), unit);
            });
        return rows;
    }

    private static AttainmentTable Ordered(int year, IEnumerable<AttainmentRow> rows) =>
        new(year, [.. rows.OrderBy(r => r.Indicator, StringComparer.Ordinal).ThenBy(r => r.Unit.Code, StringComparer.Ordinal)]);

    /// <summary>The unit a stored territory code is for in a year: the new Lâm Đồng for "vn34-68", Hà Nội of the geography in force for "01".</summary>
    private static AdministrativeUnit UnitOf(CatalogView view, string territory, int year) =>
        view.Gazetteer.ByTerritory(Geography.AtEndOf(year), territory)
        ?? view.Gazetteer.ByTerritory(Geography.Vn63, territory)
        ?? view.Gazetteer.ByTerritory(Geography.Vn34, territory)
        ?? throw new InvalidOperationException($"No unit is stored under '{territory}'.");
}
