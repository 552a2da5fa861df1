namespace Analytics.Ml;

/// <summary>
/// A history laid on a gap-free yearly grid (missing inner years filled by straight lines), which is
/// what the smoothing and regression methods assume. Also carries the series' forecast scale.
/// </summary>
internal sealed class AnnualSeries
{
    private AnnualSeries(SeriesHistory history, double[] values, double scale)
    {
        History = history;
        Values = values;
        Scale = scale;
    }

    public SeriesHistory History { get; }

    /// <summary>Values for FirstYear, FirstYear+1, ..., LastYear.</summary>
    public double[] Values { get; }

    /// <summary>Mean absolute one-year change over the history: the MASE denominator and the unit of scale-free errors.</summary>
    public double Scale { get; }

    public int FirstYear => History.FirstYear;
    public int LastYear => History.LastYear;
    public int Length => Values.Length;
    public double Last => Values[^1];
    public double? Min => History.Min;
    public double? Max => History.Max;

    public static AnnualSeries From(SeriesHistory history)
    {
        if (history.Count == 0) throw new ArgumentException($"Series {history.Id} has no observations.");
        var values = new double[history.LastYear - history.FirstYear + 1];
        values[0] = history.Values[0];
        for (var i = 1; i < history.Count; i++)
        {
            int y0 = history.Years[i - 1], y1 = history.Years[i];
            double v0 = history.Values[i - 1], v1 = history.Values[i];
            for (var y = y0 + 1; y <= y1; y++)
                values[y - history.FirstYear] = v0 + (v1 - v0) * (y - y0) / (y1 - y0);
        }
        return new AnnualSeries(history, values, ScaleOf(values));
    }

    internal static double ScaleOf(double[] values)
    {
        if (values.Length < 2) return 0;
        var sum = 0.0;
        for (var i = 1; i < values.Length; i++) sum += Math.Abs(values[i] - values[i - 1]);
        return sum / (values.Length - 1);
    }

    public double Clamp(double value) => History.Clamp(value);

    /// <summary>
    /// The unit interval widths are calibrated in: the forecast scale, tilted towards the last five
    /// years' mean absolute change by <paramref name="recentWeight"/> (geometric mix, 0 = scale only).
    /// A series that has calmed down gets narrower intervals than its whole history would suggest.
    /// </summary>
    public double IntervalUnit(double recentWeight)
    {
        if (recentWeight <= 0 || Scale <= 0) return Scale;
        var recent = GrowthFeatures.RecentScale(Values);
        if (recent <= 0) recent = Scale * 0.25;
        return Math.Pow(Scale, 1 - recentWeight) * Math.Pow(recent, recentWeight);
    }
}
