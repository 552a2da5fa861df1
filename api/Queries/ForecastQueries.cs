using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Quality;
using Analytics.Forecasting;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>Projections of one series and the forecasting model behind them.</summary>
public sealed class ForecastQueries(CatalogCache catalog, CarriedFigureSource carried, IGrainFactory grains)
{
    /// <summary>
    /// The projection of a series for <paramref name="year"/> (default <see cref="Years.DefaultTarget"/>) with its
    /// intervals, method, model version, and attainment of the target set for that year. For a unit of the 34 formed by
    /// a merger the projection reads its carried history (members' figures up to 2025 where it reported none) and its
    /// carried target.
    /// </summary>
    public async Task<QueryResult<ForecastDto>> ForecastAsync(string province, string indicator, int? year = null, string? geography = null)
    {
        var view = await catalog.GetForReadAsync();
        if (QueryProblems.CheckYear(year) is { } problem) return problem;
        if (QueryProblems.CheckGeography(geography, null, out var g) is { } wrong) return wrong;
        var resolution = SeriesQueries.Resolve(view, province, g);
        if (resolution.Unit is not { } u) return QueryProblems.Unresolved(province, resolution);
        if (!view.Indicators.TryGet(indicator, out var d)) return QueryProblems.NoIndicator(indicator);
        var target = year ?? Years.DefaultTarget;

        if (!u.IsMerged)
        {
            var forecast = await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(u.TerritoryCode, d.Code)).GetForecastAsync(target);
            return forecast.ToDto() with { Province = u.Code, Geography = u.Geography };
        }

        var figures = await carried.ForAsync(view, d);
        var history = figures.Observed(u);
        var goal = figures.For(u, target, ObservationKind.Target);
        var result = await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).ForecastAsync(new ForecastInput(
            u.TerritoryCode, d.Code, [.. history.Select(h => h.Year)], [.. history.Select(h => h.Figure.Value!.Value)],
            d.Min, d.Max, d.Direction, target, goal.Value, d.Decimals));
        var derived = history.Where(h => h.Figure.Origin == FigureOrigin.Derived).Select(h => h.Year).ToList();
        var notes = new List<string>();
        if (derived.Count > 0)
            notes.Add(Bilingual.T($"số liệu {derived.Min()}–{derived.Max()} suy ra từ các tỉnh thành viên {string.Join(", ", u.Members)}: {figures.Method.Describe()}",
                $"history {derived.Min()}–{derived.Max()} derived from the members {string.Join(", ", u.Members)}: {figures.Method.Describe()}"));
        if (goal.HasValue && goal.Origin == FigureOrigin.Derived)
            notes.Add(Bilingual.T($"mục tiêu {target} suy ra: {goal.Method.Describe()}", $"target {target} derived: {goal.Method.Describe()}"));
        if (!goal.HasValue && goal.Reason is { } why && goal.Missing.Count > 0) notes.Add(Bilingual.T($"không có mục tiêu: {why}", $"no target: {why}"));
        notes.AddRange(goal.Notes);
        var answer = result.ToDto();
        return answer with
        {
            Province = u.Code, Geography = u.Geography,
            Origin = derived.Count > 0 || goal.Origin == FigureOrigin.Derived && goal.HasValue ? FigureOrigin.Derived : FigureOrigin.Reported,
            Notes = [.. notes, .. answer.Notes ?? []],
        };
    }

    /// <summary>The forecasts a series issued (bounded, persisted by the series grain), oldest first; every target year when null.</summary>
    public async Task<QueryResult<IReadOnlyList<IssuedForecastDto>>> HistoryAsync(string province, string indicator, int? year = null, string? geography = null)
    {
        var view = await catalog.GetForReadAsync();
        if (QueryProblems.CheckYear(year) is { } problem) return problem;
        if (QueryProblems.CheckGeography(geography, null, out var g) is { } wrong) return wrong;
        var resolution = SeriesQueries.Resolve(view, province, g);
        if (resolution.Unit is not { } u) return QueryProblems.Unresolved(province, resolution);
        if (!view.Indicators.TryGet(indicator, out var d)) return QueryProblems.NoIndicator(indicator);
        var history = await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(u.TerritoryCode, d.Code)).GetForecastHistoryAsync(year);
        return new QueryResult<IReadOnlyList<IssuedForecastDto>>([.. history.Select(h => h.ToDto())], null);
    }

    public async Task<ModelInfoDto> ModelAsync() => (await Model.GetInfoAsync()).ToDto();

    /// <summary>Retrains now; answers when the new model serves forecasts (the previous one answers meanwhile).</summary>
    public async Task<ModelInfoDto> RetrainAsync() => (await Model.RetrainAsync()).ToDto();

    private IForecastModelGrain Model => grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key);
}

/// <summary>The grain contracts of forecasting as HTTP contracts: no grain type crosses HTTP.</summary>
public static class ForecastDtos
{
    public static ForecastDto ToDto(this ForecastResult r) => new(
        r.Province, r.Indicator, r.TargetYear, r.Method, r.ModelVersion, r.ModelTrainedAt, r.LastYear, r.LastValue, r.Point,
        r.Interval80 is { } i80 ? new IntervalDto(i80.Lower, i80.Upper) : null,
        r.Interval95 is { } i95 ? new IntervalDto(i95.Lower, i95.Upper) : null,
        r.Attainment is { } a
            ? new AttainmentAssessmentDto(a.Target, a.Projected, a.Ratio, a.Probability, a.RequiredYearlyChange, a.ObservedYearlyChange,
                a.RequiredYearlyGrowthRate, a.ObservedYearlyGrowthRate, a.Status, Bilingual.T(a.ReasonVi ?? a.Reason, a.Reason))
            : null,
        r.Note is null ? null : Bilingual.T(r.NoteVi ?? r.Note, r.Note), r.OtherMethods,
        // The 63 until the query that asked says otherwise (a figure carried into a unit of the 34).
        Geography: Geography.Vn63,
        Accuracy: r.Accuracy is { } x ? new ForecastAccuracyDto(x.Length, x.Horizon, x.Cases, x.RelativeError, x.Coverage80, x.Coverage95) : null,
        Notes: r.FlaggedLeftOut is { Count: > 0 } left ? [LeftOutNote(left)] : null,
        FlaggedLeftOut: r.FlaggedLeftOut is { Count: > 0 } years ? years : null);

    /// <summary>The forecast with <paramref name="notes"/> (a carried history's, say) before its own.</summary>
    public static ForecastDto Noted(this ForecastDto f, IReadOnlyList<string>? notes) =>
        notes is null or { Count: 0 } ? f : f with { Notes = [.. notes, .. f.Notes ?? []] };

    /// <summary>What a series' forecast says of its own flagged figures it left out (docs/quality.md, "Forecast training").</summary>
    public static string LeftOutNote(IReadOnlyList<int> years)
    {
        var list = string.Join(", ", years);
        return years.Count == 1
            ? Bilingual.T($"1 số liệu bị gắn cờ chất lượng được bỏ qua khi dự báo (năm {list}): chưa cán bộ dữ liệu nào xác nhận số liệu này đúng.",
                $"1 flagged figure left out of the forecast ({list}): a quality rule flags it and no steward has confirmed it.")
            : Bilingual.T($"{years.Count} số liệu bị gắn cờ chất lượng được bỏ qua khi dự báo (các năm {list}): chưa cán bộ dữ liệu nào xác nhận các số liệu này đúng.",
                $"{years.Count} flagged figures left out of the forecast ({list}): a quality rule flags them and no steward has confirmed them.");
    }

    public static ModelInfoDto ToDto(this ModelInfo m) => new(
        m.Version, m.TrainedAt, m.TrainingSeconds, m.SeriesUsed, m.Training, m.DataChangedAt, m.LastError, m.ForecastAllSeconds, m.DataAsOf,
        m.Rules is { } r ? new AttainmentRulesDto(r.OnTrackProbability, r.AtRiskProbability, r.RegressionTolerance, r.PaceWindowYears) : null,
        m.Skill is { } k ? new PublishedSkillDto(k.Origin, k.FirstHorizon, k.LastHorizon, k.Series, k.Points, k.MaseVsNaive, k.Coverage80,
            k.Coverage95, k.RelMae, k.LeaveTablesOut) : null,
        m.LeftOut?.Sum(r => r.Figures), m.LeftOut is { } l ? [.. l.Select(LeftOutCount)] : null, m.LeftOut is { } left ? LeftOutNote(left) : null);

    private static QualityCountDto LeftOutCount(LeftOutFigures r) =>
        new(r.Rule, QualityRules.TryParse(r.Rule, out var rule) ? rule.Words().ForReader() : r.Rule, r.Figures);

    /// <summary>What the model's summary says of the figures its training left out (docs/quality.md, "Forecast training").</summary>
    private static string LeftOutNote(IReadOnlyList<LeftOutFigures> left)
    {
        var total = left.Sum(r => r.Figures);
        if (total == 0)
            return Bilingual.T("Huấn luyện bỏ qua số liệu bị quy tắc chất lượng gắn cờ mà chưa được xác nhận đúng: lần này không có số liệu nào như vậy.",
                "Training leaves out figures a quality rule flags that no steward has confirmed: there were none this time.");
        var byRule = left.Select(LeftOutCount).ToList();
        return Bilingual.T(
            $"Huấn luyện đã bỏ qua {total} số liệu bị quy tắc chất lượng gắn cờ mà chưa được xác nhận đúng ({string.Join("; ", byRule.Select(r => $"{r.RuleName}: {r.Count}"))}); số liệu đã xác nhận đúng vẫn được dùng.",
            $"Training left out {total} figure{(total == 1 ? "" : "s")} a quality rule flags that no steward has confirmed ({string.Join("; ", byRule.Select(r => $"{r.RuleName}: {r.Count}"))}); confirmed figures are kept.");
    }

    public static IssuedForecastDto ToDto(this IssuedForecast f) => new(
        f.TargetYear, f.IssuedAt, f.ModelVersion, f.SeriesVersion, f.Method, f.LastYear, f.Point,
        f.Interval80 is { } i80 ? new IntervalDto(i80.Lower, i80.Upper) : null,
        f.Interval95 is { } i95 ? new IntervalDto(i95.Lower, i95.Upper) : null, f.Probability);
}
