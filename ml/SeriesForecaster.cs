namespace Analytics.Ml;

/// <summary>Turns a series as the cluster holds it (yearly figures of every kind) into the forecasting library's terms.</summary>
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
}
