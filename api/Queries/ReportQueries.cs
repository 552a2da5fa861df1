using System.Text.Json;
using Analytics.Domain;
using Analytics.Forecasting;
using Analytics.Indicators;
using Analytics.Presentation.Charts;
using Language = Analytics.Presentation.Localization.Language;
using FigureKind = Analytics.Presentation.Localization.FigureKind;
using AttainmentStatus = Analytics.Domain.AttainmentStatus;
using Analytics.Presentation.Maps;
using Analytics.Presentation.Reports;
using Analytics.Provinces;
using Analytics.Series;
using ReportStatus = Analytics.Presentation.Localization.AttainmentStatus;

namespace Analytics.Api.Queries;

/// <summary>The geographies a report can be asked for; the query string spells them "vn-63" and "vn-34".</summary>
public static class ReportGeographies
{
    public static bool TryParse(string? text, out MapGeography geography)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "vn-63" or "vn63" or "63": geography = MapGeography.Vn63; return true;
            case "vn-34" or "vn34" or "34": geography = MapGeography.Vn34; return true;
            default: geography = MapGeography.Vn63; return false;
        }
    }

    public static string Code(MapGeography geography) => geography == MapGeography.Vn34 ? "vn-34" : "vn-63";
}

/// <summary>
/// Composes the planning reports' model from what the cluster already computed: forecasts and attainment from the
/// series grains (the same answers as GET /api/forecasts), ranks from the indicator leaderboards, figures with their
/// sources from the series, the forecasts each series issued from its history, the model's version and its
/// measured back-test skill. It decides nothing itself: every status, probability and rank is read, not computed.
/// </summary>
public sealed class ReportQueries(IGrainFactory grains, CatalogCache catalog, TimeProvider clock)
{
    // A fan needs a point per year; beyond this many years ahead the report shows the target year only.
    private const int MaxFanYears = 15;

    /// <summary>The report of one unit, or null when no unit matches <paramref name="unit"/>.</summary>
    public async Task<ProvinceReport?> ProvinceAsync(string unit, int year, MapGeography geography, Language language, CancellationToken cancellationToken = default)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.Provinces.TryResolve(unit, out var province)) return null;
        var info = await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync();
        var reportUnit = Unit(province, geography);
        var universe = Universe(view, null);

        var indicatorCodes = await grains.GetGrain<ICoverageGrain>(ICoverageGrain.Key).IndicatorsOfAsync(province.Code);
        var sections = new List<IndicatorSection>();
        var trackRecord = new List<TrackRecordEntry>();
        DateTimeOffset? dataAsOf = null;
        foreach (var code in indicatorCodes.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!view.Indicators.TryGet(code, out var definition)) continue;
            var series = grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province.Code, code));
            var snapshot = await series.GetAsync();
            var yearly = snapshot.Points.Where(p => p.Quarter is null).ToList();
            if (yearly.Count > 0)
            {
                var latest = yearly.Max(p => p.IngestedAt);
                if (dataAsOf is null || latest > dataAsOf) dataAsOf = latest;
            }
            var indicator = Indicator(definition, yearly);
            trackRecord.AddRange(await TrackRecordAsync(series, reportUnit, indicator, yearly, language));
            if (!yearly.Any(p => p.Kind == ObservationKind.Target && p.Year == year)) continue;

            var forecast = await series.GetForecastAsync(year);
            var rank = await RankAsync(definition.Code, province.Code, universe);
            sections.Add(new IndicatorSection(indicator, Projection(forecast, language), Figures(yearly),
                await FanAsync(series, forecast), rank,
                [.. yearly.Where(p => p.Source is not null).OrderBy(p => p.Year).ThenBy(p => p.Kind)
                    .Select(p => new SourceQuote(code, p.Year, Kind(p.Kind), p.Value, p.Source!, p.Quote))]));
        }

        return new ProvinceReport(Cover(year, geography, dataAsOf, info), reportUnit, sections, Merge: null,
            [.. trackRecord.OrderBy(e => e.TargetYear).ThenBy(e => e.Indicator.Code, StringComparer.Ordinal)], Methodology(info));
    }

    /// <summary>One indicator over every unit of the geography, or null when there is no such indicator.</summary>
    public async Task<IndicatorReport?> IndicatorAsync(string indicator, int year, MapGeography geography, Language language, CancellationToken cancellationToken = default)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.Indicators.TryGet(indicator, out var definition)) return null;
        var info = await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync();

        var leaderboard = grains.GetGrain<IIndicatorGrain>(definition.Code);
        var ranking = await leaderboard.RankAsync(new RankingQuery(null, ObservationKind.Actual, Universe(view, null), null));
        var universe = Universe(view, ranking.Year);
        if (universe.Count != Universe(view, null).Count)
            ranking = await leaderboard.RankAsync(new RankingQuery(ranking.Year, ObservationKind.Actual, universe, null));

        var attainment = await new AttainmentReport(grains).BuildAsync(year, definition.Code, cancellationToken: cancellationToken);
        var forecasts = attainment.Rows.ToDictionary(r => r.Province, r => r.Forecast);
        var withSeries = (await leaderboard.GetProvincesAsync()).ToHashSet(StringComparer.Ordinal);

        var rows = new List<IndicatorReportRow>();
        var trackRecord = new List<TrackRecordEntry>();
        DateTimeOffset? dataAsOf = null;
        var reportIndicator = Indicator(definition, []);
        var decimalsSample = new List<SeriesPoint>();
        foreach (var row in ranking.Rows)
        {
            if (!view.ProvincesByCode.TryGetValue(row.Province, out var province)) continue;
            var unit = Unit(province, geography);
            var projection = forecasts.TryGetValue(row.Province, out var f) ? Projection(f, language) : null;
            rows.Add(new IndicatorReportRow(unit, row.Rank, row.Value, row.Value is null ? null : ranking.Year, false, projection));
        }
        // Units with a target but outside the ranking's universe (say, Hà Tây) still show their projection.
        foreach (var (code, forecast) in forecasts.Where(f => rows.All(r => r.Unit.Code != f.Key)))
        {
            if (view.ProvincesByCode.TryGetValue(code, out var province))
                rows.Add(new IndicatorReportRow(Unit(province, geography), null, null, null, false, Projection(forecast, language)));
        }
        foreach (var code in withSeries.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!view.ProvincesByCode.TryGetValue(code, out var province)) continue;
            var series = grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(code, definition.Code));
            var yearly = (await series.GetAsync()).Points.Where(p => p.Quarter is null).ToList();
            if (yearly.Count == 0) continue;
            decimalsSample.AddRange(yearly);
            var latest = yearly.Max(p => p.IngestedAt);
            if (dataAsOf is null || latest > dataAsOf) dataAsOf = latest;
            trackRecord.AddRange((await TrackRecordAsync(series, Unit(province, geography), reportIndicator, yearly, language))
                .Where(e => e.TargetYear == year));
        }
        reportIndicator = Indicator(definition, decimalsSample);
        return new IndicatorReport(Cover(year, geography, dataAsOf, info), reportIndicator, ranking.Rows.Any(r => r.Rank is not null) ? ranking.Year : null,
            rows, [.. trackRecord.Select(e => e with { Indicator = reportIndicator }).OrderBy(e => e.Unit.Code, StringComparer.Ordinal)], Methodology(info));
    }

    /// <summary>
    /// Target years whose actual is in: achieved or missed (the series' own judgement of that year), and the
    /// forecasts it issued before the actual arrived, from an earlier last figure.
    /// </summary>
    private async Task<IReadOnlyList<TrackRecordEntry>> TrackRecordAsync(ISeriesGrain series, ReportUnit unit, ReportIndicator indicator,
        IReadOnlyList<SeriesPoint> yearly, Language language)
    {
        var now = clock.GetUtcNow().Year;
        var actuals = yearly.Where(p => p.Kind == ObservationKind.Actual && p.Year <= now).ToDictionary(p => p.Year);
        var targets = yearly.Where(p => p.Kind == ObservationKind.Target).ToDictionary(p => p.Year, p => p.Value);
        var history = await series.GetForecastHistoryAsync(null);
        var years = targets.Keys.Concat(history.Select(h => h.TargetYear)).Where(actuals.ContainsKey).Distinct().Order().ToList();
        var entries = new List<TrackRecordEntry>();
        foreach (var y in years)
        {
            var actual = actuals[y];
            var before = history.Where(h => h.TargetYear == y && (h.LastYear is null || h.LastYear < y) && h.IssuedAt <= actual.IngestedAt)
                .Select(h => new EarlierForecast(h.IssuedAt, h.ModelVersion, h.LastYear, h.Point, Interval(h.Interval80), Interval(h.Interval95)))
                .ToList();
            bool? achieved = null;
            double? target = targets.TryGetValue(y, out var t) ? t : null;
            if (target is not null)
            {
                // The series judges a past target year on that year's actual (achieved or off track).
                var judged = await series.GetForecastAsync(y);
                achieved = judged.Attainment?.Status switch
                {
                    AttainmentStatus.Achieved => true,
                    null => null,
                    _ => false,
                };
            }
            if (before.Count == 0 && target is null) continue;
            entries.Add(new TrackRecordEntry(unit, indicator, y, target, actual.Value, actual.IngestedAt, achieved, before));
        }
        return entries;
    }

    /// <summary>The fan: the served forecast of every year from the one after the last figure to the target year.</summary>
    private static async Task<IReadOnlyList<FanYear>> FanAsync(ISeriesGrain series, ForecastResult target)
    {
        if (target.LastYear is not { } last || last >= target.TargetYear || target.Point is null) return [];
        var fan = new List<FanYear>();
        for (var y = Math.Max(last + 1, target.TargetYear - MaxFanYears); y <= target.TargetYear; y++)
        {
            var f = y == target.TargetYear ? target : await series.GetForecastAsync(y);
            if (f is { Point: { } p, Interval80: { } i80, Interval95: { } i95 })
                fan.Add(new FanYear(y, p, i80.Lower, i80.Upper, i95.Lower, i95.Upper));
        }
        // The fan starts from the last figure, so the line joins the history.
        if (target.LastValue is { } lastValue) fan.Insert(0, new FanYear(last, lastValue, lastValue, lastValue, lastValue, lastValue));
        return fan;
    }

    private async Task<UnitRank?> RankAsync(string indicator, string province, IReadOnlyList<string> universe)
    {
        var ranking = await grains.GetGrain<IIndicatorGrain>(indicator).RankAsync(new RankingQuery(null, ObservationKind.Actual, universe, null));
        var row = ranking.Rows.FirstOrDefault(r => r.Province == province);
        var ranked = ranking.Rows.Count(r => r.Rank is not null);
        if (ranked == 0) return null;
        return new UnitRank(row?.Rank, ranked, ranking.Year, row?.Value);
    }

    // The units that existed in the year (every unit when no year is given), as the ranking endpoint counts them.
    private static IReadOnlyList<string> Universe(CatalogView view, int? year) =>
        [.. view.Snapshot.Provinces.Where(p => year is null
            || ((p.ValidFrom is null || p.ValidFrom.Value.Year <= year) && (p.ValidTo is null || p.ValidTo.Value.Year >= year))).Select(p => p.Code)];

    private ReportCover Cover(int year, MapGeography geography, DateTimeOffset? dataAsOf, ModelInfo info) =>
        new(year, geography, dataAsOf ?? info.DataAsOf, info.Version, info.TrainedAt, PublishedSkill.Value, clock.GetUtcNow());

    /// <summary>The status thresholds the forecaster uses (ml/Attainment.cs, AttainmentAssessor), as the model grain reports them.</summary>
    private static Methodology Methodology(ModelInfo info)
    {
        var rules = info.Rules ?? throw new InvalidOperationException("The forecasting model did not report its attainment rules.");
        return new(rules.OnTrackProbability, rules.AtRiskProbability, rules.RegressionTolerance, rules.PaceWindowYears, PublishedSkill.Value);
    }

    private static ReportUnit Unit(Province p, MapGeography geography) => new(p.Code, p.NameVi, p.NameAscii, geography);

    private static ReportIndicator Indicator(IndicatorDefinition d, IReadOnlyList<SeriesPoint> points) =>
        new(d.Code, d.NameVi, d.NameEn, d.Unit, d.Direction == Direction.HigherIsBetter, Decimals(points.Select(p => p.Value)));

    /// <summary>
    /// How many decimals a figure of this series deserves: none for counts, one for rates and most figures, more for
    /// small indices (a DTI score of 0.3668 needs three).
    /// </summary>
    public static int Decimals(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        if (list.Count == 0) return 1;
        if (list.All(v => v == Math.Round(v)) && list.Max(Math.Abs) >= 10) return 0;
        var magnitude = list.Max(Math.Abs);
        return magnitude < 1 ? 3 : magnitude < 10 ? 2 : 1;
    }

    private static Projection Projection(ForecastResult f, Language language)
    {
        var a = f.Attainment;
        return new Projection(f.TargetYear, f.LastYear, f.LastValue, a?.Target, f.Point, Interval(f.Interval80), Interval(f.Interval95),
            a?.Probability, a?.RequiredYearlyChange, a?.ObservedYearlyChange, Status(a?.Status),
            // The forecaster explains itself in English only; a Vietnamese report leaves the sentence out.
            language == Language.En ? a?.Reason : null,
            f.Method,
            [.. (f.OtherMethods ?? new Dictionary<string, double>()).Where(m => m.Key != f.Method)
                .OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MethodProjection(m.Key, m.Value))]);
    }

    private static ReportInterval? Interval(PredictionInterval? i) => i is { } v ? new ReportInterval(v.Lower, v.Upper) : null;

    public static ReportStatus Status(AttainmentStatus? status) => status switch
    {
        AttainmentStatus.Achieved => ReportStatus.Achieved,
        AttainmentStatus.OnTrack => ReportStatus.OnTrack,
        AttainmentStatus.AtRisk => ReportStatus.AtRisk,
        AttainmentStatus.OffTrack => ReportStatus.OffTrack,
        AttainmentStatus.Regressing => ReportStatus.Regressing,
        _ => ReportStatus.Unknown,
    };

    private static FigureKind Kind(ObservationKind kind) => kind switch
    {
        ObservationKind.Actual => FigureKind.Actual,
        ObservationKind.Estimate => FigureKind.Estimate,
        ObservationKind.Plan => FigureKind.Plan,
        ObservationKind.Target => FigureKind.Target,
        _ => FigureKind.Baseline,
    };

    private static IReadOnlyList<SeriesFigure> Figures(IReadOnlyList<SeriesPoint> points) =>
        [.. points.OrderBy(p => p.Year).ThenBy(p => p.Kind).Select(p => new SeriesFigure(p.Year, p.Value, Kind(p.Kind)))];

    /// <summary>
    /// The production method's skill measured by the rolling-origin back-test on the GSO tables
    /// (ml/backtest/gso-origin-2011.json, written by <c>./analytics backtest --json</c>; ml/README.md explains it).
    /// </summary>
    public static readonly Lazy<ModelSkill?> PublishedSkill = new(() =>
    {
        using var stream = typeof(ReportQueries).Assembly.GetManifestResourceStream("backtest-gso-origin-2011.json");
        if (stream is null) return null;
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        double Mase(string name) => root.GetProperty("methods").EnumerateArray().First(m => m.GetProperty("name").GetString() == name).GetProperty("mase").GetDouble();
        var production = root.GetProperty("methods").EnumerateArray().First(m => m.GetProperty("production").GetBoolean());
        var horizons = root.GetProperty("horizons").EnumerateArray().Select(h => h.GetInt32()).ToList();
        return new ModelSkill(root.GetProperty("origin").GetInt32(), $"{horizons.Min()}–{horizons.Max()}", root.GetProperty("series").GetInt32(),
            root.GetProperty("points").GetInt32(), production.GetProperty("mase").GetDouble() / Mase("naive"),
            production.GetProperty("coverage80").GetDouble(), production.GetProperty("coverage95").GetDouble(), "GSO");
    });
}
