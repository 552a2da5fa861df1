namespace Analytics.Ml;

/// <summary>
/// A forecasting method: fits on a series' history and predicts point values for later years.
/// Intervals are not the method's business: they come from <see cref="IntervalCalibration"/>,
/// built from the method's own out-of-sample errors.
/// </summary>
public interface IForecastMethod
{
    /// <summary>Stable name used in reports, the API and calibration tables, e.g. <c>damped-trend</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Point forecasts for <paramref name="years"/>, each after the history's last year.
    /// Years rather than steps, so that a series whose last report is older than the others' is
    /// still forecast for the calendar years the caller asks about.
    /// </summary>
    PointForecast Predict(SeriesHistory history, IReadOnlyList<int> years);
}

/// <summary>Point forecasts of one method for one series.</summary>
public sealed record PointForecast(string Method, IReadOnlyList<int> Years, IReadOnlyList<double> Values)
{
    public double this[int year]
    {
        get
        {
            for (var i = 0; i < Years.Count; i++) if (Years[i] == year) return Values[i];
            throw new KeyNotFoundException($"No forecast for {year}.");
        }
    }
}
