using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Presentation.Charts;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Reports;

namespace Analytics.Api.Queries;

/// <summary>
/// Composes the planning reports' model from the query layer: forecasts and attainment (the same answers as
/// GET /api/forecasts and /api/attainment), ranks (GET /api/rankings), figures with their sources (GET /api/series),
/// the forecasts each series issued (GET /api/forecasts/…/history), the model's version and rules, and its measured
/// back-test skill. It decides nothing itself: every status, probability and rank is read, not computed.
/// </summary>
public sealed class ReportQueries(
    CatalogQueries catalog, SeriesQueries series, ForecastQueries forecasts, RankingQueries rankings, AttainmentQueries attainment,
    TimeProvider clock, Analytics.Domain.Sources.SourceRegistry sources, ProfileQueries profiles, PlanningQueries planning, NationalTargets national, CatalogCache views)
{
    // A fan needs a point per year; beyond this many years ahead the report shows the target year only.
    private const int MaxFanYears = 15;
    // Series read at once: enough to hide grain round trips, few enough not to crowd out other requests.
    private const int Parallelism = 8;

    /// <summary>The report of one unit against the targets set for <paramref name="year"/>.</summary>
    /// Without a geography the unit is read in the target year (a code or name that means one unit only resolves to it),
    /// and the report is in that unit's geography.
    public async Task<QueryResult<ProvinceReport>> ProvinceAsync(string unit, int year, Geography? asked, Language language,
        CancellationToken cancellationToken = default)
    {
        if (QueryProblems.CheckYear(year) is { } yearProblem) return yearProblem;
        var found = await catalog.ProvinceAsync(unit, asked is null ? year : null, asked?.Code);
        if (found.Problem is { } problem) return problem;
        var (province, codes) = (found.Value!.Province, found.Value.Indicators);
        var geography = province.Geography;
        var g = geography.Code;
        var definitions = (await catalog.IndicatorsAsync()).ToDictionary(d => d.Code, StringComparer.Ordinal);
        var model = await forecasts.ModelAsync();
        var reportUnit = Unit(province, geography);
        var carried = new System.Collections.Concurrent.ConcurrentBag<CarriedValue>();
        // The profile, the members' targets, the year in review and the horizon read their own caches: ask while the series are read.
        var outlook = OutlookAsync(province, geography, year, definitions, language, cancellationToken);

        var parts = new (IndicatorSection? Section, IReadOnlyList<TrackRecordEntry> Track, DateTimeOffset? AsOf)[codes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, codes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                if (!definitions.TryGetValue(codes[i], out var definition)) return;
                var figures = (await series.SeriesAsync(province.Code, definition.Code, (ObservationKind?)null, g, withQuality: true)).Value;
                var yearly = figures?.Observations.Where(p => p.Quarter is null).ToList() ?? [];
                var indicator = Indicator(definition, yearly.Select(p => p.Value));
                var track = await TrackRecordAsync(province.Code, g, reportUnit, indicator, yearly);
                foreach (var p in yearly.Where(IsDerived))
                    carried.Add(new CarriedValue(definition.Code, p.Year, p.Kind, p.Value, MethodWords(p.Method ?? definition.Aggregation.ToCode()),
                        [.. (p.Members ?? []).Select(m => new CarriedMemberValue(m.Code, m.Name, m.Value, m.Population, m.PopulationYear))],
                        p.Notes ?? []));
                IndicatorSection? section = null;
                if (yearly.Any(p => p.Kind == ObservationKind.Target && p.Year == year)
                    && (await forecasts.ForecastAsync(province.Code, definition.Code, year, g)).Value is { } forecast)
                {
                    section = new IndicatorSection(indicator, Projection(forecast, language, FlagOf(yearly, forecast.LastYear)), Figures(yearly),
                        await FanAsync(province.Code, g, definition.Code, forecast), await RankAsync(definition.Code, province.Code, g),
                        [.. yearly.Where(p => p.Source is not null || IsDerived(p)).OrderBy(p => p.Year).ThenBy(p => p.Kind)
                            .Select(p => new SourceQuote(definition.Code, p.Year, p.Kind, p.Value,
                                p.Source is null ? DerivedSource(p, definition) : Cited(p.Source), p.Quote ?? (p.Notes is { Count: > 0 } n ? string.Join(" ", n) : null), IsDerived(p),
                                p.Qualifier, Flag(p.Quality?.FirstOrDefault())))],
                        yearly.FirstOrDefault(IsDerived) is { } carriedPoint ? MethodWords(carriedPoint.Method ?? definition.Aggregation.ToCode()) : null);
                }
                parts[i] = (section, track, yearly.Count > 0 ? yearly.Max(p => p.IngestedAt) : null);
            });

        var sections = parts.Where(p => p.Section is not null).Select(p => p.Section!).OrderBy(s => s.Indicator.Code, StringComparer.Ordinal).ToList();
        var track = parts.Where(p => p.Track is not null).SelectMany(p => p.Track)
            .OrderBy(e => e.TargetYear).ThenBy(e => e.Indicator.Code, StringComparer.Ordinal).ToList();
        var asOf = parts.Select(p => p.AsOf).Max();
        var (planned, methods) = await outlook;
        return new ProvinceReport(Cover(year, geography, asOf, model), reportUnit, sections, await MergeAsync(province, carried, methods), track, Methodology(model),
            planned);
    }

    /// <summary>
    /// What a planner reads beside the unit's own targets: its members' targets of the year (a merged unit of the 34), its
    /// latest figures with their ranks (the profile's rows), the year in review (its own and the national targets of the
    /// year before the horizon), and the national targets of the horizon with the unit's projection against each.
    /// </summary>
    private async Task<(PlanningOutlook Outlook, IReadOnlyList<MethodNote> Methods)> OutlookAsync(ProvinceDto unit, Geography geography, int year,
        IReadOnlyDictionary<string, IndicatorDto> definitions, Language language, CancellationToken ct)
    {
        var g = geography.Code;
        ReportIndicator Named(string code) => definitions.TryGetValue(code, out var d) ? Indicator(d, []) : new(code, code, code, "", true);
        var profileTask = profiles.ProfileAsync(unit.Code, g, year);
        var attainedTask = geography == Geography.Vn34 && unit.Members is { Count: > 1 }
            ? attainment.AttainmentAsync(year, null, unit.Region, ct, g) : Task.FromResult(default(QueryResult<AttainmentDto>));
        var reviewYear = Math.Min(year, clock.GetUtcNow().Year - 1);
        var ownReview = planning.ReviewAsync(reviewYear, g, NationalTarget.UnitSource, ct);
        var nationalReview = planning.ReviewAsync(reviewYear, g, NationalTarget.NationalSource, ct);
        var horizon = national.All.Count == 0 ? year : national.All.Max(t => t.Year);
        var nationalRows = planning.NationalRowsAsync(await views.GetForReadAsync(), horizon, geography, null, unit.Region);

        var profile = (await profileTask).Value;
        var figures = profile is null ? [] : profile.Rows.Where(r => r is { Value: not null, Year: not null })
            .Select(r => new UnitFigure(Named(r.Indicator), r.Year!.Value, r.Kind ?? ObservationKind.Actual, r.Value!.Value, r.Origin == FigureOrigin.Derived,
                r.Origin == FigureOrigin.Derived && r.MembersTotal is { } total
                    ? Bilingual.T($"{r.MembersCovered}/{total} tỉnh thành viên", $"{r.MembersCovered} of {total} members") : null,
                r.Rank, r.Ranked, r.Qualifier, Flag(r.Quality)))
            .OrderBy(f => f.Indicator.Name(language), StringComparer.Ordinal).ToList();
        IReadOnlyList<MethodNote> methods = profile is null ? [] :
            [.. profile.Methods.Select(m => new MethodNote(MethodWords(m.Rule), m.Description, language == Language.En ? m.IndicatorsEn : m.IndicatorsVi))];

        var groups = (await attainedTask).Value?.MemberTargets?.Where(x => x.Unit == unit.Code)
            .Select(x => new MemberTargetGroup(Named(x.Indicator), x.MembersTotal,
                [.. x.Members.Select(m => new MemberTarget(m.Code, m.Name, m.Target, m.Status, m.Probability, m.LastYear, m.LastValue, m.Projected))],
                x.How, x.UnitStatus, x.UnitProbability)).ToList() ?? [];

        // The figures quoted below carry their quality marks: each series read once, with its flags (the series answer, cached).
        var read = new System.Collections.Concurrent.ConcurrentDictionary<(string Code, string Indicator, string Geography), Task<IReadOnlyList<SeriesPointDto>>>();
        Task<IReadOnlyList<SeriesPointDto>> Yearly(string code, string indicator, string geography) => read.GetOrAdd((code, indicator, geography),
            async k => (await series.SeriesAsync(k.Code, k.Indicator, (ObservationKind?)null, k.Geography, withQuality: true)).Value?.Observations
                .Where(p => p.Quarter is null).ToList() ?? []);

        var review = new List<ReviewLine>();
        foreach (var answer in new[] { await ownReview, await nationalReview })
            foreach (var r in answer.Value?.Rows.Where(r => r.Unit == unit.Code || r.MemberOf == unit.Code) ?? [])
            {
                // A member's target is judged on the member's own figures, in the 63.
                var figuresOf = await Yearly(r.Unit, r.Indicator, r.MemberOf is null ? g : Geography.Vn63.Code);
                review.Add(new ReviewLine(Named(r.Indicator), r.MemberOf is null ? r.TargetDocument : r.UnitName, r.Target,
                    r.LastYear, r.LastValue, r.ForecastPoint, r.ForecastProbability, r.ForecastOrigin, r.Actual, r.Outcome,
                    r.MemberOf is null ? null : r.UnitName, FlagOf(figuresOf, r.LastYear), r.Actual is null ? null : FlagOf(figuresOf, reviewYear)));
            }

        var projected = (await nationalRows).Where(r => r.Unit.Code == unit.Code && r.Unit.Geography == geography)
            .ToDictionary(r => r.Indicator, r => r.Forecast.ToDto(), StringComparer.Ordinal);
        var goals = new List<NationalGoal>();
        foreach (var t in national.Of(horizon).OrderBy(t => t.Indicator, StringComparer.Ordinal).ThenBy(t => t.Date))
            goals.Add(new NationalGoal(Named(t.Indicator), t.Comparator, t.Value, t.Document, language == Language.En ? t.TitleEn : t.TitleVi,
                t.Date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), t.Clause, t.Quote, t.SourceUrl,
                projected.TryGetValue(t.Indicator, out var f)
                    ? Projection(f, language, FlagOf(await Yearly(unit.Code, t.Indicator, g), f.LastYear)) : null));
        return (new PlanningOutlook(groups, figures, reviewYear, review, horizon, goals), methods);
    }

    /// <summary>One indicator over every unit of the geography, against the targets set for <paramref name="year"/>.</summary>
    /// Without a geography, the one in force at the end of <paramref name="year"/> (the query layer's default).
    public async Task<QueryResult<IndicatorReport>> IndicatorAsync(string indicator, int year, Geography? asked, Language language,
        CancellationToken cancellationToken = default)
    {
        if (QueryProblems.CheckYear(year) is { } yearProblem) return yearProblem;
        var geography = asked ?? Geography.AtEndOf(year);
        var g = geography.Code;
        var found = await catalog.IndicatorAsync(indicator);
        if (found.Problem is { } problem) return problem;
        var definition = found.Value!;
        var model = await forecasts.ModelAsync();
        var answer = await rankings.ByValueAsync(definition.Code, geography: g, qualityFilter: "include");
        if (answer.Problem is { } rankingProblem) return rankingProblem;
        var ranking = answer.Value!;
        var attained = await attainment.AttainmentAsync(year, definition.Code, null, cancellationToken, g);
        if (attained.Problem is { } attainmentProblem) return attainmentProblem;
        var table = attained.Value!;
        var provinces = (await catalog.ProvincesAsync(null, g)).Value!.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var projected = table.Rows.ToDictionary(r => r.Province, r => r.Forecast, StringComparer.Ordinal);

        // Every unit of the ranking (ranked or not), then units with a target but outside the ranking's year (Hà Tây).
        var codes = ranking.Rows.Select(r => r.Province).Concat(projected.Keys).Distinct(StringComparer.Ordinal).Where(provinces.ContainsKey).ToList();
        var byCode = ranking.Rows.ToDictionary(r => r.Province, StringComparer.Ordinal);
        var values = ranking.Rows.Where(r => r.Value is not null).Select(r => r.Value!.Value)
            .Concat(table.Rows.Select(r => r.Forecast.Attainment?.Target ?? double.NaN));
        var reportIndicator = Indicator(definition, values);

        var parts = new (IndicatorReportRow Row, IReadOnlyList<TrackRecordEntry> Track, DateTimeOffset? AsOf)[codes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, codes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var code = codes[i];
                var unit = Unit(provinces[code], geography);
                byCode.TryGetValue(code, out var ranked);
                IReadOnlyList<TrackRecordEntry> track = [];
                DateTimeOffset? asOf = null;
                // A unit with figures but no target still gets its projection (status unknown), so the ministry sees
                // every unit's outlook; units with a target come first, by probability.
                if (!projected.TryGetValue(code, out var f) && ranked?.Value is not null)
                    f = (await forecasts.ForecastAsync(code, definition.Code, year, g)).Value;
                IReadOnlyList<SeriesPointDto> yearly = [];
                if (ranked?.Value is not null || f is not null)
                {
                    yearly = (await series.SeriesAsync(code, definition.Code, (ObservationKind?)null, g, withQuality: true)).Value?.Observations
                        .Where(p => p.Quarter is null).ToList() ?? [];
                    track = [.. (await TrackRecordAsync(code, g, unit, reportIndicator, yearly)).Where(e => e.TargetYear == year)];
                    asOf = yearly.Count > 0 ? yearly.Max(p => p.IngestedAt) : null;
                }
                var derived = ranked?.Value is not null && ranked.Origin == FigureOrigin.Derived;
                var row = new IndicatorReportRow(unit, ranked?.Rank, ranked?.Value, ranked?.Value is null ? null : ranking.Year, derived,
                    f?.Point is null && f?.Attainment is null ? null : Projection(f, language, FlagOf(yearly, f.LastYear)),
                    derived ? MethodWords(ranked!.Method ?? ranking.Aggregation) : null,
                    ranked?.Value is null ? null : ranked.Qualifier, Flag(ranked?.Quality));
                parts[i] = (row, track, asOf);
            });

        return new IndicatorReport(Cover(year, geography, parts.Select(p => p.AsOf).Max(), model), reportIndicator,
            ranking.Ranked > 0 ? ranking.Year : null, [.. parts.Select(p => p.Row)],
            [.. parts.SelectMany(p => p.Track).OrderBy(e => e.Unit.Code, StringComparer.Ordinal)], Methodology(model));
    }

    /// <summary>
    /// Target years whose actual is in: achieved or missed (the series' own judgement of that year, read from its
    /// forecast for the year), and the forecasts it issued before the actual arrived, from an earlier last figure.
    /// </summary>
    private async Task<IReadOnlyList<TrackRecordEntry>> TrackRecordAsync(string province, string geography, ReportUnit unit, ReportIndicator indicator,
        IReadOnlyList<SeriesPointDto> yearly)
    {
        var now = clock.GetUtcNow().Year;
        var actuals = yearly.Where(p => p.Kind == ObservationKind.Actual && p.Year <= now).ToDictionary(p => p.Year);
        if (actuals.Count == 0) return [];
        var targets = yearly.Where(p => p.Kind == ObservationKind.Target).ToDictionary(p => p.Year, p => p.Value);
        var history = (await forecasts.HistoryAsync(province, indicator.Code, null, geography)).Value ?? [];
        var entries = new List<TrackRecordEntry>();
        foreach (var y in targets.Keys.Concat(history.Select(h => h.TargetYear)).Where(actuals.ContainsKey).Distinct().Order())
        {
            var actual = actuals[y];
            var before = history.Where(h => h.TargetYear == y && (h.LastYear is null || h.LastYear < y) && h.IssuedAt <= actual.IngestedAt)
                .Select(h => new EarlierForecast(h.IssuedAt, h.ModelVersion, h.LastYear, h.Point, Interval(h.Interval80), Interval(h.Interval95)))
                .ToList();
            double? target = targets.TryGetValue(y, out var t) ? t : null;
            if (before.Count == 0 && target is null) continue;
            bool? achieved = null;
            if (target is not null && (await forecasts.ForecastAsync(province, indicator.Code, y, geography)).Value?.Attainment?.Status is { } status)
                achieved = status == AttainmentStatus.Achieved;
            entries.Add(new TrackRecordEntry(unit, indicator, y, target, actual.Value, actual.IngestedAt, achieved, before, Flag(actual.Quality?.FirstOrDefault())));
        }
        return entries;
    }

    /// <summary>The fan: the served forecast of every year from the last figure to the target year.</summary>
    private async Task<IReadOnlyList<FanYear>> FanAsync(string province, string geography, string indicator, ForecastDto target)
    {
        if (target.LastYear is not { } last || last >= target.TargetYear || target.Point is null) return [];
        var fan = new List<FanYear>();
        // The fan starts at the last figure, so the forecast line joins the history.
        if (target.LastValue is { } lastValue) fan.Add(new FanYear(last, lastValue, lastValue, lastValue, lastValue, lastValue));
        for (var y = Math.Max(last + 1, target.TargetYear - MaxFanYears); y <= target.TargetYear; y++)
        {
            var f = y == target.TargetYear ? target : (await forecasts.ForecastAsync(province, indicator, y, geography)).Value;
            if (f is { Point: { } p, Interval80: { } i80, Interval95: { } i95 })
                fan.Add(new FanYear(y, p, i80.Lower, i80.Upper, i95.Lower, i95.Upper));
        }
        return fan;
    }

    /// <summary>The unit's place in the latest ranking of the indicator (the ranking endpoint's answer, cached).</summary>
    private async Task<UnitRank?> RankAsync(string indicator, string province, string geography)
    {
        if ((await rankings.ByValueAsync(indicator, geography: geography, qualityFilter: "include")).Value is not { Ranked: > 0 } ranking) return null;
        var row = ranking.Rows.FirstOrDefault(r => r.Province == province);
        return new UnitRank(row?.Rank, ranking.Ranked, ranking.Year, row?.Value, row?.Value is not null && row.Origin == FigureOrigin.Derived,
            row?.Qualifier, Flag(row?.Quality));
    }

    private static bool IsDerived(SeriesPointDto p) => p.Origin == FigureOrigin.Derived;

    /// <summary>A figure's most severe quality flag (the rankings' and series' own), as the report words it.</summary>
    private static FigureFlag? Flag(FigureQualityDto? q) => q is null ? null : QualityQueries.Shown(q);

    /// <summary>The flag on a series' figure of <paramref name="year"/> as forecasts and the rules read a year: its actual, else its estimate.</summary>
    private static FigureFlag? FlagOf(IReadOnlyList<SeriesPointDto> yearly, int? year) =>
        year is { } y && yearly.Where(p => p.Year == y && p.Kind is ObservationKind.Actual or ObservationKind.Estimate)
            .OrderBy(p => p.Kind == ObservationKind.Actual ? 0 : 1).FirstOrDefault() is { } point
            ? Flag(point.Quality?.FirstOrDefault())
            : null;

    /// <summary>A derived figure's source line: the rule and the members it was computed from (their own sources are in their reports).</summary>
    private static string DerivedSource(SeriesPointDto p, IndicatorDto d) => Bilingual.T(
        $"suy ra ({MethodWords(p.Method ?? d.Aggregation.ToCode())}) từ " + string.Join(", ", (p.Members ?? []).Select(m => $"{m.Name} ({m.Code})")),
        $"derived ({MethodWords(p.Method ?? d.Aggregation.ToCode())}) from " + string.Join(", ", (p.Members ?? []).Select(m => $"{m.Name} ({m.Code})")));

    /// <summary>A figure's source as its registered document: title, number, issuer and date; the text as sent when unregistered.</summary>
    private string Cited(string source) => sources.Resolve(source) is { } doc
        ? string.Join(", ", new[] { doc.TitleVi, doc.Number is { } n ? Bilingual.T($"số {n}", $"no. {n}") : null, doc.Issuer, doc.Date }.Where(x => !string.IsNullOrEmpty(x)))
        : source;

    /// <summary>How a figure was carried into a unit of the 34, in the reader's language.</summary>
    private static string MethodWords(string? code) => code switch
    {
        "sum" => Bilingual.T("tổng", "sum"),
        "mean" => Bilingual.T("trung bình cộng", "mean"),
        "population-weighted" => Bilingual.T("trung bình theo dân số", "population-weighted mean"),
        "none" or "not-carried" => Bilingual.T("không chuyển sang", "not carried"),
        _ => code ?? "",
    };

    /// <summary>
    /// For a unit of the 34 formed by a merger: its members, and per indicator the rule its figures were carried by,
    /// with every derived figure's members' values, missing members and notes. Null for any other unit.
    /// </summary>
    private async Task<MergedUnit?> MergeAsync(ProvinceDto unit, IEnumerable<CarriedValue> carried, IReadOnlyList<MethodNote> how)
    {
        if (unit.Members is not { Count: > 1 } members) return null;
        var old = (await catalog.ProvincesAsync(null, Geography.Vn63.Code)).Value!.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var figures = carried.OrderBy(c => c.IndicatorCode, StringComparer.Ordinal).ThenBy(c => c.Year).ThenBy(c => c.Kind).ToList();
        return new MergedUnit(unit.ValidFrom ?? new DateOnly(2025, 7, 1),
            [.. members.Select(m => new MergedMember(m.Code, m.Name, old.TryGetValue(m.Code, out var p) ? p.NameAscii : m.Name))],
            how, figures);
    }

    private ReportCover Cover(int year, Geography geography, DateTimeOffset? dataAsOf, ModelInfoDto model) =>
        new(year, geography, dataAsOf ?? model.DataAsOf, model.Version, model.TrainedAt, Skill(model), clock.GetUtcNow());

    /// <summary>The status thresholds the forecaster uses (ml/Attainment.cs, AttainmentAssessor), as the model reports them.</summary>
    private static Methodology Methodology(ModelInfoDto model)
    {
        var rules = model.Rules ?? throw new InvalidOperationException("The forecasting model did not report its attainment rules.");
        return new(rules.OnTrackProbability, rules.AtRiskProbability, rules.RegressionTolerance, rules.PaceWindowYears, Skill(model), model.LeftOutNote);
    }

    private static ReportUnit Unit(ProvinceDto p, Geography geography) => new(p.Code, p.NameVi, p.NameAscii, geography);

    private static ReportIndicator Indicator(IndicatorDto d, IEnumerable<double> values) =>
        new(d.Code, d.NameVi, d.NameEn, Presentation.Localization.UnitWords.Of(d.Unit, Bilingual.ReaderIsEnglish ? Language.En : Language.Vi),
            d.Direction == Direction.HigherIsBetter, Presentation.Localization.DisplayPrecision.Fixed(values, d.Decimals));

    private static Projection Projection(ForecastDto f, Language language, FigureFlag? lastFlag = null)
    {
        var a = f.Attainment;
        return new Projection(f.TargetYear, f.LastYear, f.LastValue, a?.Target, f.Point, Interval(f.Interval80), Interval(f.Interval95),
            a?.Probability, a?.RequiredYearlyChange, a?.ObservedYearlyChange, a?.Status ?? AttainmentStatus.Unknown,
            // The reason comes in the reader's language (the API chose it from the forecaster's two).
            a?.Reason,
            f.Method,
            [.. (f.OtherMethods ?? new Dictionary<string, double>()).Where(m => m.Key != f.Method)
                .OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MethodProjection(m.Key, m.Value))],
            // A forecast for a merged unit runs on its carried history.
            f.Origin == FigureOrigin.Derived,
            f.Accuracy is { } x ? new ProjectionAccuracy(x.Length, x.Horizon, x.RelativeError, x.Coverage80) : null,
            lastFlag);
    }

    private static ReportInterval? Interval(IntervalDto? i) => i is { } v ? new ReportInterval(v.Lower, v.Upper) : null;

    private static IReadOnlyList<SeriesFigure> Figures(IReadOnlyList<SeriesPointDto> points) =>
        [.. points.OrderBy(p => p.Year).ThenBy(p => p.Kind).Select(p => new SeriesFigure(p.Year, p.Value, p.Kind, IsDerived(p), Flag(p.Quality?.FirstOrDefault())))];

    /// <summary>The production method's skill as the model publishes it (the back-test shipped with it, leaving whole tables out).</summary>
    private static ModelSkill? Skill(ModelInfoDto model) => model.Skill is { } k
        ? new ModelSkill(k.Origin, $"{k.FirstHorizon}–{k.LastHorizon}", k.Series, k.Points, k.MaseVsNaive, k.Coverage80, k.Coverage95, "GSO",
            k.RelMae, k.LeaveTablesOut)
        : null;
}
