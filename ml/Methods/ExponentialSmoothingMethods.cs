namespace Analytics.Ml.Methods;

/// <summary>
/// <c>ses</c>: simple exponential smoothing, a flat forecast at the smoothed level, alpha fitted by least squares on
/// one-step errors. Between naive (alpha = 1) and the mean (alpha → 0): the M4 benchmarks' first rung.
/// </summary>
public sealed class SimpleSmoothingMethod : StatisticalMethod
{
    public override string Name => "ses";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var (level, _) = SimpleSmoothing.Fit(series.Values);
        var path = new double[maxStep];
        Array.Fill(path, series.Clamp(level));
        return path;
    }
}

/// <summary><c>holt</c>: Holt's linear trend (exponential smoothing of level and trend, no damping), parameters fitted on one-step errors.</summary>
public sealed class HoltMethod : StatisticalMethod
{
    public override string Name => "holt";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var fit = DampedTrend.Fit(series.Values, undamped: true);
        var path = new double[maxStep];
        for (var h = 1; h <= maxStep; h++) path[h - 1] = series.Clamp(fit.Forecast(h));
        return path;
    }
}

/// <summary>
/// <c>theta</c>: the Theta method of Assimakopoulos and Nikolopoulos as Hyndman and Billah showed it to be: simple
/// exponential smoothing with a drift of half the least-squares slope. The M3 competition's best method on yearly data
/// and a benchmark of M4.
/// </summary>
public sealed class ThetaMethod : StatisticalMethod
{
    public override string Name => "theta";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var v = series.Values;
        var n = v.Length;
        var (level, alpha) = SimpleSmoothing.Fit(v);
        double slope = 0;
        if (n >= 2)
        {
            double meanT = (n - 1) / 2.0, meanY = 0, sxy = 0, sxx = 0;
            foreach (var x in v) meanY += x;
            meanY /= n;
            for (var t = 0; t < n; t++) { sxy += (t - meanT) * (v[t] - meanY); sxx += (t - meanT) * (t - meanT); }
            slope = sxx > 0 ? sxy / sxx : 0;
        }
        var path = new double[maxStep];
        // The drift term of Hyndman and Billah (2003): b/2 · (h − 1 + 1/α − (1 − α)^n / α).
        var a = Math.Max(alpha, 0.05);
        for (var h = 1; h <= maxStep; h++)
            path[h - 1] = series.Clamp(level + slope / 2 * (h - 1 + 1 / a - Math.Pow(1 - a, n) / a));
        return path;
    }
}

/// <summary>Simple exponential smoothing fitted by grid search on the sum of squared one-step errors.</summary>
internal static class SimpleSmoothing
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    public static (double Level, double Alpha) Fit(ReadOnlySpan<double> y)
    {
        if (y.Length < 3) return (y[^1], 1);
        var best = (Level: y[^1], Alpha: 1.0);
        var bestLoss = double.PositiveInfinity;
        foreach (var alpha in Alphas)
        {
            var level = y[0];
            var loss = 0.0;
            for (var t = 1; t < y.Length; t++)
            {
                var e = y[t] - level;
                loss += e * e;
                level += alpha * e;
            }
            // Ties (a constant or a perfect line) go to the smaller alpha tried first, unless a larger one is clearly better.
            if (double.IsPositiveInfinity(bestLoss) || loss < bestLoss - 1e-12 * Math.Max(1, bestLoss)) { bestLoss = loss; best = (level, alpha); }
        }
        return best;
    }
}
