namespace Analytics.Ml;

/// <summary>Which floor, if any, set a series' MASE denominator.</summary>
public enum ScaleTreatment
{
    /// <summary>The mean absolute yearly change over the training years, as is.</summary>
    AsIs,
    /// <summary>Raised to one unit of the series' resolution (a count that moved by less than 1 a year).</summary>
    Resolution,
    /// <summary>
    /// Raised to a quarter of the indicator's cross-province scale (the median over its provinces of the yearly change
    /// relative to the level, times this series' level), or to 1% of the level when the indicator has too few provinces.
    /// </summary>
    Peers,
}

/// <summary>The per-point scores of the back-test, and the rules that keep one series from deciding the aggregate.</summary>
public static class BacktestMetrics
{
    /// <summary>Without peers to compare with, a scale below this share of the mean absolute level is raised to it.</summary>
    public const double ScaleFloorShare = 0.01;

    /// <summary>A scale below this share of the indicator's typical relative scale (times the level) is raised to it.</summary>
    public const double PeerScaleShare = 0.25;

    /// <summary>Provinces an indicator needs for its cross-province scale to be used as a floor.</summary>
    public const int MinimumPeers = 5;

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
    /// Interval score of a central (1 − alpha) interval as in M4's MSIS numerator: its width, plus 2/alpha times how far
    /// the actual fell outside it. Divide by the series' scale for the MSIS.
    /// </summary>
    public static double IntervalScore(double actual, double lower, double upper, double alpha) =>
        upper - lower + 2 / alpha * (Math.Max(0, lower - actual) + Math.Max(0, actual - upper));

    /// <summary>Pinball (quantile) loss of <paramref name="quantile"/> at <paramref name="level"/>.</summary>
    public static double Pinball(double actual, double quantile, double level) =>
        actual >= quantile ? level * (actual - quantile) : (1 - level) * (quantile - actual);

    /// <summary>
    /// The unit figures are reported in: the largest power of ten (1 down to 10⁻⁶) that every value is a whole multiple
    /// of, capped at 1 (a count's resolution is one; a rate given to one decimal, 0.1). 0 when the values have more digits.
    /// </summary>
    public static double Resolution(IReadOnlyList<double> values)
    {
        for (var digits = 0; digits <= 6; digits++)
        {
            var unit = Math.Pow(10, -digits);
            var whole = true;
            foreach (var v in values)
            {
                var q = v / unit;
                if (Math.Abs(q - Math.Round(q)) > 1e-6 * Math.Max(1, Math.Abs(q))) { whole = false; break; }
            }
            if (whole) return unit;
        }
        return 0;
    }

    /// <summary>A series' yearly change relative to its level (the input of an indicator's cross-province scale); NaN when undefined.</summary>
    public static double RelativeScale(SeriesHistory training)
    {
        var level = training.Values.Average(Math.Abs);
        var scale = ForecastScale.Of(training);
        return level > 0 && scale > 0 ? scale / level : double.NaN;
    }

    /// <summary>
    /// The indicator's cross-province scale: for each group with at least <see cref="MinimumPeers"/> series, the median
    /// of their <see cref="RelativeScale"/> over the training years.
    /// </summary>
    public static IReadOnlyDictionary<string, double> PeerScales(IEnumerable<SeriesHistory> training) =>
        training.Where(s => s.Group is not null)
            .GroupBy(s => s.Group!)
            .Select(g => (g.Key, Scales: g.Select(RelativeScale).Where(double.IsFinite).OrderBy(x => x).ToArray()))
            .Where(g => g.Scales.Length >= MinimumPeers)
            .ToDictionary(g => g.Key, g => g.Scales[g.Scales.Length / 2]);

    /// <summary>
    /// The MASE denominator of a training history: its mean absolute yearly change, but never below one unit of its
    /// resolution (a count of 2 supermarkets that stayed 2 has a scale of 1, not 0.02) nor below a quarter of what the
    /// indicator's other provinces move relative to their level (<paramref name="peerRelativeScale"/>; without one, 1% of
    /// the level). A near-constant series that later jumps is then scored in units its indicator actually moves in,
    /// so it cannot capture the mean of thousands of series, and no series is left out.
    /// </summary>
    public static (double Scale, ScaleTreatment Treatment) Scale(SeriesHistory training, double? peerRelativeScale = null)
    {
        var own = ForecastScale.Of(training);
        var level = training.Values.Average(Math.Abs);
        var resolution = Resolution(training.Values);
        var peers = (peerRelativeScale is { } r && double.IsFinite(r) ? PeerScaleShare * r : ScaleFloorShare) * level;
        if (own >= resolution && own >= peers && own > 0) return (own, ScaleTreatment.AsIs);
        if (resolution >= peers && resolution > 0) return (resolution, ScaleTreatment.Resolution);
        if (peers > 0) return (peers, ScaleTreatment.Peers);
        // All zeros with no resolution to speak of (cannot happen for finite figures: 0 is a multiple of 1).
        return (1, ScaleTreatment.Resolution);
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
