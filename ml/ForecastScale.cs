namespace Analytics.Ml;

/// <summary>The unit in which forecast errors are compared across series.</summary>
public static class ForecastScale
{
    /// <summary>
    /// Mean absolute one-year change over the history (inner gaps spread evenly over the missing years):
    /// the MASE denominator. Zero for a constant series, which then has no scale-free error.
    /// </summary>
    public static double Of(SeriesHistory history) => AnnualSeries.From(history).Scale;
}
