using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Forecasting;
using Analytics.Indicators;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>The national targets bundled with the product (data/targets/national.csv), read once at start.</summary>
public sealed class NationalTargets(IReadOnlyList<NationalTarget> all)
{
    public IReadOnlyList<NationalTarget> All { get; } = all;

    public IEnumerable<NationalTarget> Of(int year, string? indicator = null) =>
        All.Where(t => t.Year == year && (indicator is null || string.Equals(t.Indicator, indicator, StringComparison.OrdinalIgnoreCase)));

    public static NationalTargetDto ToDto(NationalTarget t) =>
        new(t.Indicator, t.Year, t.Comparator, t.Value, t.Document, t.TitleVi, t.TitleEn, t.Issuer, t.Date, t.Clause, t.Quote, t.SourceUrl);
}

/// <summary>
/// Targets across the merger and over time: the members' targets grouped under their unit of the 34, attainment of the
/// national targets that apply to every unit, and a year's targets looked back on (met, missed, not yet reported). Every
/// projection is the forecasting model's (the series grain's own, or the model grain's for a history it is handed);
/// nothing here forecasts or ranks by itself.
/// </summary>
public sealed class PlanningQueries(CatalogCache catalog, CarriedFigureSource carried, NationalTargets national, IGrainFactory grains)
{
    /// <summary>
    /// For each merged unit of the 34 (of a region, on an indicator), its members' targets of the year with their status;
    /// a unit-level status only from <paramref name="unitRows"/> (the attainment rows whose target was carried from every member).
    /// </summary>
    public async Task<IReadOnlyList<MemberTargetGroupDto>> MemberTargetsAsync(CatalogView view, int year, string? indicator, string? region,
        IReadOnlyList<AttainmentRow> unitRows, CancellationToken ct = default)
    {
        if (year > CarriedFigures.LastDerivableYear) return [];
        var definitions = view.Snapshot.Indicators.Where(d => indicator is null || d.Code == indicator).ToList();
        var targeted = await Task.WhenAll(definitions.Select(async d =>
            (Definition: d, Territories: (await grains.GetGrain<IIndicatorGrain>(d.Code).GetProvincesWithTargetAsync(year)).ToHashSet(StringComparer.Ordinal))));
        var units = view.UnitsIn(Geography.Vn34, region).Where(u => u.IsMerged).ToList();
        var wanted = new List<(AdministrativeUnit Unit, IndicatorDefinition Definition, IReadOnlyList<AdministrativeUnit> Members)>();
        foreach (var (d, territories) in targeted.Where(t => t.Territories.Count > 0))
            foreach (var u in units)
                if (view.Gazetteer.MembersOf(u).Where(m => territories.Contains(m.TerritoryCode)).ToList() is { Count: > 0 } members)
                    wanted.Add((u, d, members));

        var series = wanted.SelectMany(w => w.Members.Select(m => (m.TerritoryCode, w.Definition.Code))).Distinct().ToList();
        var forecasts = new Dictionary<(string, string), ForecastResult>();
        var results = new ForecastResult[series.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, series.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, _) => results[i] = await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(series[i].TerritoryCode, series[i].Code)).GetForecastAsync(year));
        for (var i = 0; i < series.Count; i++) forecasts[series[i]] = results[i];

        var combined = unitRows.Where(r => r.Unit.Geography == Geography.Vn34).ToDictionary(r => (r.Unit.Code, r.Indicator));
        return [.. wanted.Select(w =>
        {
            var memberRows = w.Members.Select(m =>
            {
                var f = forecasts[(m.TerritoryCode, w.Definition.Code)];
                return new MemberTargetDto(m.Code, m.NameVi, f.Attainment?.Target ?? double.NaN, f.Attainment?.Status ?? AttainmentStatus.Unknown,
                    f.Attainment?.Probability, f.LastYear, f.LastValue, f.Attainment?.Projected ?? f.Point);
            }).Where(m => !double.IsNaN(m.Target)).ToList();
            var all = w.Members.Count == w.Unit.Members.Count;
            var how = w.Definition.Aggregation == Aggregation.None ? "not-combinable" : all && combined.ContainsKey((w.Unit.Code, w.Definition.Code)) ? "combined" : "members-incomplete";
            var unitRow = how == "combined" ? combined[(w.Unit.Code, w.Definition.Code)] : null;
            return new MemberTargetGroupDto(w.Unit.Code, w.Unit.NameVi, w.Unit.Region.Name, w.Definition.Code, w.Definition.NameVi, w.Definition.NameEn,
                w.Definition.Aggregation.ToCode(), w.Unit.Members.Count, memberRows, how,
                unitRow?.Status, unitRow?.Forecast.Attainment?.Target, unitRow?.Forecast.Attainment?.Probability);
        }).Where(g => g.Members.Count > 0).OrderBy(g => g.Unit, StringComparer.Ordinal).ThenBy(g => g.Indicator, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every unit of the geography (of a region) with figures of an indicator a national target of the year applies to,
    /// projected against that target by the forecasting model from its own history (carried from its members up to 2025).
    /// </summary>
    public async Task<IReadOnlyList<AttainmentRow>> NationalRowsAsync(CatalogView view, int year, Geography geography, string? indicator, string? region)
    {
        var model = grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key);
        var rows = new List<AttainmentRow>();
        foreach (var byIndicator in national.Of(year, indicator).GroupBy(t => t.Indicator))
        {
            if (!view.Indicators.TryGet(byIndicator.Key, out var d)) continue;
            // Two documents may set the same figure (the strategy and the resolution): the strictest is the one to meet.
            var target = d.Direction == Direction.LowerIsBetter ? byIndicator.MinBy(t => t.Value)! : byIndicator.MaxBy(t => t.Value)!;
            var documents = string.Join("; ", byIndicator.Select(t => $"{t.Document} ({t.Date:dd/MM/yyyy}), {t.Clause}"));
            var figures = await carried.ForAsync(view, d);
            var inputs = new List<(AdministrativeUnit Unit, ForecastInput Input, bool Derived, AdministrativeUnit? MemberOf)>();
            ForecastInput Input(AdministrativeUnit u, IEnumerable<(int Year, double Value, bool Derived)> history) =>
                new(u.TerritoryCode, d.Code, [.. history.Select(h => h.Year)], [.. history.Select(h => h.Value)], d.Min, d.Max, d.Direction, year, target.Value);
            foreach (var u in view.UnitsIn(geography, region).Where(u => geography == Geography.Vn34 || u.Years.Contains(Math.Min(year, CarriedFigures.LastDerivableYear))))
            {
                IReadOnlyList<(int Year, double Value, bool Derived)> history = geography == Geography.Vn34
                    ? [.. figures.Observed(u).Select(h => (h.Year, h.Figure.Value!.Value, h.Figure.Origin == FigureOrigin.Derived))]
                    : [.. figures.OwnObserved(u.TerritoryCode).Select(h => (h.Year, h.Value, false))];
                if (history.Count > 0)
                {
                    inputs.Add((u, Input(u, history), history.Any(h => h.Derived), null));
                    continue;
                }
                // A merged unit whose members' figures cannot be carried (one lacks them): each member with figures is
                // projected against the national target on its own, under its unit.
                if (u.IsMerged)
                    foreach (var m in view.Gazetteer.MembersOf(u))
                        if (figures.OwnObserved(m.TerritoryCode) is { Count: > 0 } own)
                            inputs.Add((m, Input(m, own.Select(h => (h.Year, h.Value, false))), false, u));
            }
            var forecasts = await Task.WhenAll(inputs.Select(i => model.ForecastAsync(i.Input)));
            for (var i = 0; i < inputs.Count; i++)
            {
                var notes = new List<string> { $"national target {target.Comparator} {target.Value} ({documents})" };
                if (inputs[i].MemberOf is { } unit)
                    notes.Add($"member of {unit.Label}: its members' figures cannot be carried into the unit, so each member is projected on its own");
                rows.Add(new AttainmentRow(inputs[i].Unit.TerritoryCode, d.Code, forecasts[i], inputs[i].Unit,
                    inputs[i].Derived ? FigureOrigin.Derived : FigureOrigin.Reported, notes));
            }
        }
        return [.. rows.OrderBy(r => r.Indicator, StringComparer.Ordinal).ThenBy(r => r.Unit.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A target year looked back on (<see cref="ReviewDto"/>): every unit's own target of the year (in the 34, the members'
    /// targets under their unit, and any target a unit reported itself), or with <paramref name="source"/> "national" the
    /// national targets of the year for every unit with figures of their indicator.
    /// </summary>
    public async Task<QueryResult<ReviewDto>> ReviewAsync(int year, string? geography, string? source, CancellationToken ct = default)
    {
        if (QueryProblems.CheckYear(year) is { } wrongYear) return wrongYear;
        if (QueryProblems.CheckGeography(geography, year, out var g) is { } wrong) return wrong;
        source ??= NationalTarget.UnitSource;
        if (!NationalTarget.IsSource(source))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"source phải là '{NationalTarget.UnitSource}' (mục tiêu riêng của đơn vị) hoặc '{NationalTarget.NationalSource}' (mục tiêu quốc gia), không phải '{InputLimits.Echo(source)}'.", $"source must be '{NationalTarget.UnitSource}' (the unit's own targets) or '{NationalTarget.NationalSource}' (national targets), not '{InputLimits.Echo(source)}'."));
        var view = await catalog.GetForReadAsync();
        var model = grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key);
        var before = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // (territory, the unit shown, the unit it is a member of, indicator, target, its source and document)
        var asked = new List<(string Territory, AdministrativeUnit Shown, AdministrativeUnit? MemberOf, IndicatorDefinition D, double Target, string? Document)>();
        if (source == NationalTarget.UnitSource)
        {
            foreach (var d in view.Snapshot.Indicators)
            {
                var territories = await grains.GetGrain<IIndicatorGrain>(d.Code).GetProvincesWithTargetAsync(year);
                foreach (var territory in territories)
                {
                    var own = g == Geography.Vn34 ? view.Gazetteer.ByTerritory(Geography.Vn34, territory) : null;
                    var member = view.Gazetteer.ByTerritory(Geography.Vn63, territory);
                    if (own is not null) asked.Add((territory, own, null, d, double.NaN, null));
                    else if (member is not null && g == Geography.Vn63) asked.Add((territory, member, null, d, double.NaN, null));
                    else if (member is not null && member.SuccessorCode is { } s && view.Gazetteer.Find(Geography.Vn34, s) is { } unit)
                        asked.Add((territory, member, unit, d, double.NaN, null));
                }
            }
        }
        else
        {
            foreach (var t in national.Of(year))
            {
                if (!view.Indicators.TryGet(t.Indicator, out var d)) continue;
                var figures = await carried.ForAsync(view, d);
                foreach (var u in view.UnitsIn(g!.Value, null).Where(u => figures.OwnObserved(u.TerritoryCode).Count > 0
                                                                    || (g == Geography.Vn34 && u.Members.Any(m => figures.OwnObserved(m).Count > 0))))
                    // The clause is the document's own (Vietnamese) words: an English reader gets the document's number.
                    asked.Add((u.TerritoryCode, u, null, d, t.Value, Bilingual.T($"{t.Document}, {t.Clause}", t.Document)));
            }
        }

        var rows = new ReviewRowDto[asked.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, asked.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, _) =>
        {
            var (territory, shown, memberOf, d, nationalTarget, document) = asked[i];
            var figures = await carried.ForAsync(view, d);
            IReadOnlyList<(int Year, ObservationKind Kind, double Value)> history = shown.IsMerged
                ? [.. figures.Observed(shown).Select(h => (h.Year, ObservationKind.Actual, h.Figure.Value!.Value))]
                : figures.OwnObserved(territory);
            var target = double.IsNaN(nationalTarget) ? figures.Stored(territory, year, ObservationKind.Target) ?? double.NaN : nationalTarget;
            var last = history.LastOrDefault(h => h.Year < year);
            var outcomeFigure = history.FirstOrDefault(h => h.Year == year);
            var hasOutcome = outcomeFigure != default;

            // The forecast made before the year: one the series issued before 1 January, else the same model on the years before.
            var issued = (await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(territory, d.Code)).GetForecastHistoryAsync(year))
                .Where(f => f.IssuedAt < before).MaxBy(f => f.IssuedAt);
            double? point, probability = null;
            string? origin = null;
            int? dataTo = null;
            DateTimeOffset? issuedAt = null;
            if (issued is not null)
                (point, probability, origin, dataTo, issuedAt) = (issued.Point, issued.Probability, "issued", issued.LastYear, issued.IssuedAt);
            else
            {
                var prior = history.Where(h => h.Year < year).ToList();
                point = null;
                if (prior.Count > 0)
                {
                    var f = await model.ForecastAsync(new ForecastInput(territory, d.Code, [.. prior.Select(h => h.Year)], [.. prior.Select(h => h.Value)],
                        d.Min, d.Max, d.Direction, year, double.IsNaN(target) ? null : target, d.Decimals));
                    (point, probability, origin, dataTo) = (f.Point, f.Attainment?.Probability, "back-dated", prior[^1].Year);
                }
            }
            var met = hasOutcome && !double.IsNaN(target) && (d.Direction == Direction.LowerIsBetter ? outcomeFigure.Value <= target : outcomeFigure.Value >= target);
            rows[i] = new ReviewRowDto(shown.Code, shown.NameVi, memberOf?.Code, memberOf?.NameVi, d.Code, d.NameVi, d.NameEn,
                source, document, target, last == default ? null : last.Year, last == default ? null : last.Value, last == default ? null : last.Kind,
                dataTo, point, probability, origin, issuedAt, hasOutcome ? outcomeFigure.Value : null,
                !hasOutcome ? "not-reported" : met ? "met" : "missed");
        });
        var ordered = rows.Where(r => !double.IsNaN(r.Target))
            .OrderBy(r => r.MemberOf ?? r.Unit, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Indicator, StringComparer.Ordinal).ToList();
        var outcomes = new[] { "met", "missed", "not-reported" }.ToDictionary(o => o, o => ordered.Count(r => r.Outcome == o));
        return new ReviewDto(year, g!.Value, source, ordered.Count, outcomes, ordered, [.. national.Of(year).Select(NationalTargets.ToDto)]);
    }
}
