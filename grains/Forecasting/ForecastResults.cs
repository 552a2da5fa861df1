using Analytics.Domain;
using Analytics.Domain.Quality;
using Analytics.Ml;

namespace Analytics.Forecasting;

/// <summary>A trained model's answer for one series, in the cluster's contract: projection, intervals, attainment.</summary>
public static class ForecastResults
{
    /// <summary>
    /// The forecast from the series' history without the figures <paramref name="leftOut"/> names (flagged, unconfirmed):
    /// as training leaves them out, so a forecast does not start from a slip (a count ×1,000 as its last value would give
    /// an interval from 0 to 100%). The answer names the years left out.
    /// </summary>
    public static ForecastResult Forecast(ForecastModel model, ForecastInput input, TrainingExclusions leftOut)
    {
        var years = leftOut.YearsOf(input.Province, input.Indicator, input.Years, input.Values);
        if (years.Count == 0) return Forecast(model, input);
        var kept = input.Years.Select((y, i) => (Year: y, Value: input.Values[i])).Where(p => !years.Contains(p.Year)).ToList();
        return Forecast(model, input with { Years = [.. kept.Select(p => p.Year)], Values = [.. kept.Select(p => p.Value)] }) with { FlaggedLeftOut = years };
    }

    private static ForecastResult Forecast(ForecastModel model, ForecastInput input)
    {
        var trained = new DateTimeOffset(model.TrainedAt.UtcDateTime, TimeSpan.Zero);
        if (input.Years.Count == 0)
            return new ForecastResult(input.Province, input.Indicator, input.TargetYear, ForecastModel.ProductionMethodName, model.Version, trained,
                null, null, null, null, null,
                input.Target is { } t ? NoData(t) : null,
                "The series has no actual or estimated figures yet.", null, "Chuỗi chưa có số liệu thực hiện hay ước thực hiện nào.");

        var history = SeriesForecaster.History($"{input.Province}/{input.Indicator}", input.Indicator, input.Years, input.Values, input.Min, input.Max, input.Direction);
        var lastYear = history.LastYear;
        if (input.TargetYear <= lastYear)
        {
            // The year is already observed: no projection needed, attainment is a fact.
            var observed = history.ValueAt(input.TargetYear);
            return new ForecastResult(input.Province, input.Indicator, input.TargetYear, "observed", model.Version, trained,
                lastYear, history.LastValue, observed, null, null,
                input.Target is { } target ? Assessment(AttainmentAssessor.Assess(history, new AttainmentTarget(target, input.TargetYear, input.Decimals), null)) : null,
                observed is null ? $"{input.TargetYear} lies inside the history but has no figure." : null, null,
                observed is null ? $"Năm {input.TargetYear} nằm trong chuỗi số liệu nhưng không có số liệu." : null);
        }

        if (history.Count < 2)
        {
            // One figure says nothing about a trend; say so rather than invent one.
            var achieved = input.Target is { } t1 && (input.Direction != Direction.LowerIsBetter ? history.LastValue >= t1 : history.LastValue <= t1);
            return new ForecastResult(input.Province, input.Indicator, input.TargetYear, "none", model.Version, trained,
                lastYear, history.LastValue, null, null, null,
                input.Target is { } t2
                    ? achieved
                        ? new AttainmentAssessment(t2, null, null, 1, null, null, null, null, AttainmentStatus.Achieved,
                            string.Create(Bilingual.EnglishNumbers, $"{history.LastValue:#,##0.###} in {lastYear} already meets the target {t2:#,##0.###}."),
                            string.Create(Bilingual.VietnameseNumbers, $"{history.LastValue:#,##0.###} năm {lastYear} đã đạt mục tiêu {t2:#,##0.###}."))
                        : NoData(t2) with { Reason = "one figure is not enough to project a trend", ReasonVi = "một số liệu không đủ để dự báo xu hướng" }
                    : null,
                "At least two years of figures are needed to project.", null, "Cần số liệu của ít nhất hai năm để dự báo.");
        }

        var forecast = model.Forecast(history, input.TargetYear);
        // Every method's point beside production's: planners can see how much the projection depends on the method.
        // (For a series of two or three figures production is the peer-pooled forecast itself: not listed twice.)
        var alternatives = model.Methods
            .Where(m => m.Name != forecast.Method && !(m.Name == ForecastModel.ProductionMethodName && forecast.Method == ShortSeriesModel.MethodName))
            .ToDictionary(m => m.Name, m => model.Forecast(history, input.TargetYear, m.Name).Point);
        var note = !model.Calibration.IsCalibrated || (forecast.Method == ShortSeriesModel.MethodName && !model.ShortSeries.IsCalibrated)
            ? "Intervals are not calibrated: the cluster holds too little history to back-test them."
            : forecast.Method == ShortSeriesModel.MethodName
                ? $"Only {history.Count} figures: the projection pools the trend and spread of the indicator's other provinces, with intervals calibrated on series cut to {history.Count} figures (wider than a longer series would get)."
                : null;
        var noteVi = !model.Calibration.IsCalibrated || (forecast.Method == ShortSeriesModel.MethodName && !model.ShortSeries.IsCalibrated)
            ? "Các khoảng dự báo chưa được hiệu chỉnh: cụm máy chủ chưa có đủ số liệu lịch sử để kiểm định lùi."
            : forecast.Method == ShortSeriesModel.MethodName
                ? $"Chỉ có {history.Count} số liệu: dự báo gộp xu hướng và độ phân tán của chỉ tiêu ở các tỉnh khác, với khoảng dự báo hiệu chỉnh trên các chuỗi cắt còn {history.Count} số liệu (rộng hơn khoảng của một chuỗi dài hơn)."
                : null;
        return new ForecastResult(input.Province, input.Indicator, input.TargetYear, forecast.Method, model.Version, trained,
            lastYear, history.LastValue, forecast.Point,
            new PredictionInterval(forecast.Lo80, forecast.Hi80), new PredictionInterval(forecast.Lo95, forecast.Hi95),
            input.Target is { } goal ? Assessment(AttainmentAssessor.Assess(history, new AttainmentTarget(goal, input.TargetYear, input.Decimals), forecast)) : null,
            note, alternatives,
            noteVi, Accuracy(model, history.Count, input.TargetYear - lastYear));
    }

    /// <summary>Production's back-test record for series of this length this many years ahead, when measured.</summary>
    private static ForecastAccuracy? Accuracy(ForecastModel model, int figures, int horizon) =>
        model.TrackRecord.For(figures, horizon) is { } c
            ? new ForecastAccuracy(c.Length, c.Step, c.Cases, c.RelMae, c.Coverage80, c.Coverage95)
            : null;

    private static AttainmentAssessment Assessment(Attainment a) => new(
        a.TargetValue, a.Projected, double.IsFinite(a.AttainmentRatio) ? a.AttainmentRatio : null, a.Probability,
        a.RequiredYearlyChange, a.ObservedYearlyChange, a.RequiredYearlyGrowthRate, a.ObservedYearlyGrowthRate, a.Status, a.Reason, a.ReasonVi);

    private static AttainmentAssessment NoData(double target) =>
        new(target, null, null, null, null, null, null, null, null, "the series has no actual or estimated figures to judge from",
            "chuỗi chưa có số liệu thực hiện hay ước thực hiện để đánh giá");
}
