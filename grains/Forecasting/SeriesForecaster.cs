using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Ml;

namespace Analytics.Forecasting;

/// <summary>Turns a series as the cluster holds it into the forecasting library's terms and back.</summary>
public static class SeriesForecaster
{
    /// <summary>
    /// The history a forecast starts from: actual figures, and an estimate for a year that has no actual yet
    /// (reports give "ước thực hiện" for the current year; GSO marks its latest year preliminary).
    /// </summary>
    public static (List<int> Years, List<double> Values) Observed(IEnumerable<YearValue> values)
    {
        var byYear = new SortedDictionary<int, double>();
        foreach (var v in values.Where(v => v.Kind == ObservationKind.Estimate)) byYear[v.Year] = v.Value;
        foreach (var v in values.Where(v => v.Kind == ObservationKind.Actual)) byYear[v.Year] = v.Value;
        return ([.. byYear.Keys], [.. byYear.Values]);
    }

    public static SeriesHistory History(string id, string indicator, IReadOnlyList<int> years, IReadOnlyList<double> values,
        double? min, double? max, Direction direction) =>
        // Degenerate bounds (min == max) would leave nothing to forecast; treat them as open.
        new(id, years, values,
            min is { } lo && max is { } hi && lo >= hi ? null : min,
            min is { } lo2 && max is { } hi2 && lo2 >= hi2 ? null : max,
            direction != Direction.LowerIsBetter, indicator);

    public static ForecastResult Forecast(ForecastModel model, ForecastInput input)
    {
        var trained = new DateTimeOffset(model.TrainedAt.UtcDateTime, TimeSpan.Zero);
        if (input.Years.Count == 0)
            return new ForecastResult(input.Province, input.Indicator, input.TargetYear, ForecastModel.ProductionMethodName, model.Version, trained,
                null, null, null, null, null,
                input.Target is { } t ? AttainmentAssessment.NoData(t) : null,
                "The series has no actual or estimated figures yet.", null);

        var history = History($"{input.Province}/{input.Indicator}", input.Indicator, input.Years, input.Values, input.Min, input.Max, input.Direction);
        var lastYear = history.LastYear;
        if (input.TargetYear <= lastYear)
        {
            // The year is already observed: no projection needed, attainment is a fact.
            var observed = history.ValueAt(input.TargetYear);
            return new ForecastResult(input.Province, input.Indicator, input.TargetYear, "observed", model.Version, trained,
                lastYear, history.LastValue, observed, null, null,
                input.Target is { } target ? AttainmentAssessment.From(AttainmentAssessor.Assess(history, new AttainmentTarget(target, input.TargetYear), null)) : null,
                observed is null ? $"{input.TargetYear} lies inside the history but has no figure." : null, null);
        }

        if (history.Count < 2)
        {
            // One figure says nothing about a trend; say so rather than invent one.
            var achieved = input.Target is { } t1 && (input.Direction != Direction.LowerIsBetter ? history.LastValue >= t1 : history.LastValue <= t1);
            return new ForecastResult(input.Province, input.Indicator, input.TargetYear, "none", model.Version, trained,
                lastYear, history.LastValue, null, null, null,
                input.Target is { } t2
                    ? achieved
                        ? new AttainmentAssessment(t2, null, null, 1, null, null, null, null, AttainmentStatus.Achieved, $"{history.LastValue:G4} in {lastYear} already meets the target {t2:G4}.")
                        : AttainmentAssessment.NoData(t2) with { Reason = "one figure is not enough to project a trend" }
                    : null,
                "At least two years of figures are needed to project.", null);
        }

        var forecast = model.Forecast(history, input.TargetYear);
        // Every method's point beside production's: planners can see how much the projection depends on the method.
        var alternatives = model.Methods
            .Where(m => m.Name != forecast.Method)
            .ToDictionary(m => m.Name, m => model.Forecast(history, input.TargetYear, m.Name).Point);
        return new ForecastResult(input.Province, input.Indicator, input.TargetYear, forecast.Method, model.Version, trained,
            lastYear, history.LastValue, forecast.Point,
            new PredictionInterval(forecast.Lo80, forecast.Hi80), new PredictionInterval(forecast.Lo95, forecast.Hi95),
            input.Target is { } goal ? AttainmentAssessment.From(AttainmentAssessor.Assess(history, new AttainmentTarget(goal, input.TargetYear), forecast)) : null,
            model.Calibration.IsCalibrated ? null : "Intervals are not calibrated: the cluster holds too little history to back-test them.",
            alternatives);
    }
}
