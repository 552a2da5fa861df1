namespace Analytics.Ml;

/// <summary>How a series' MASE denominator was treated.</summary>
public enum ScaleTreatment
{
    /// <summary>The mean absolute yearly change, as is.</summary>
    AsIs,
    /// <summary>Raised to <see cref="BacktestMetrics.ScaleFloorShare"/> of the series' mean level.</summary>
    Floored,
    /// <summary>
    /// Below <see cref="BacktestMetrics.DegenerateScaleShare"/> of the level (or zero): the series barely moved before
    /// the origin, so any later change divided by it is noise. Left out of MASE (and of OWA's MASE half), still scored
    /// by sMAPE, coverage and relative MAE, which need no scale.
    /// </summary>
    Excluded,
}

/// <summary>The per-point scores of the back-test, and the rules that keep one series from deciding the aggregate.</summary>
public static class BacktestMetrics
{
    /// <summary>A scale below this share of the mean absolute level is degenerate: the series is excluded from MASE.</summary>
    public const double DegenerateScaleShare = 0.001;

    /// <summary>A scale below this share of the mean absolute level is floored to it (1% of the level per year).</summary>
    public const double ScaleFloorShare = 0.01;

    /// <summary>Per-series ratios of MAE to naive's MAE are clamped to [1/cap, cap] before the geometric mean.</summary>
    public const double RelativeErrorCap = 100;

    /// <summary>An error this small is an exact forecast (series whose naive forecast was exact are left out of relMAE).</summary>
    public const double ExactError = 1e-12;

    /// <summary>Absolute error in units of the series' scale (mean absolute yearly change over the training years).</summary>
    public static double ScaledError(double actual, double forecast, double scale) => Math.Abs(actual - forecast) / scale;

    /// <summary>Symmetric absolute percentage error, 200·|a−f|/(|a|+|f|), in percent; 0 when both are 0.</summary>
    public static double Smape(double actual, double forecast)
    {
        var denominator = Math.Abs(actual) + Math.Abs(forecast);
        return denominator > 0 ? 200 * Math.Abs(actual - forecast) / denominator : 0;
    }

    /// <summary>
    /// The MASE denominator of a training history: its mean absolute yearly change, floored at 1% of its mean absolute
    /// level, or excluded when below 0.1% of it (a near-constant series: a single revision would be hundreds of
    /// "scales" and capture the mean of thousands of series).
    /// </summary>
    public static (double Scale, ScaleTreatment Treatment) Scale(SeriesHistory training)
    {
        var scale = ForecastScale.Of(training);
        var level = training.Values.Average(Math.Abs);
        if (!(scale > 0) || scale < DegenerateScaleShare * level) return (0, ScaleTreatment.Excluded);
        var floor = ScaleFloorShare * level;
        return scale < floor ? (floor, ScaleTreatment.Floored) : (scale, ScaleTreatment.AsIs);
    }

    /// <summary>
    /// A method's error relative to naive's on one series (MAE over MAE): 1 when both are exact, clamped to
    /// [1/<see cref="RelativeErrorCap"/>, <see cref="RelativeErrorCap"/>] so that an exact naive forecast does not make
    /// an infinite ratio.
    /// </summary>
    public static double RelativeError(double methodMae, double naiveMae)
    {
        if (methodMae <= ExactError && naiveMae <= ExactError) return 1;
        var ratio = methodMae / Math.Max(naiveMae, ExactError);
        return Math.Clamp(ratio, 1 / RelativeErrorCap, RelativeErrorCap);
    }
}
