namespace Analytics.Ml.Methods;

/// <summary>
/// <c>damped-trend</c>: exponential smoothing with an additive damped trend (Gardner and McKenzie).
/// The trend fades by a factor phi each year, which keeps long forecasts from running away, the
/// usual failure of straight-line extrapolation on short yearly series.
/// </summary>
public sealed class DampedTrendMethod : StatisticalMethod
{
    public override string Name => "damped-trend";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var fit = DampedTrend.Fit(series.Values);
        var path = new double[maxStep];
        for (var h = 1; h <= maxStep; h++) path[h - 1] = series.Clamp(fit.Forecast(h));
        return path;
    }
}

/// <summary>Holt's linear method with a damped trend, parameters chosen by grid search on one-step errors.</summary>
internal readonly record struct DampedTrend(double Level, double Trend, double Phi, double Alpha, double Beta)
{
    private static readonly double[] Alphas = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    private static readonly double[] Betas = [0.02, 0.1, 0.2, 0.35, 0.5];
    // Least damping first: when several fit equally well (a perfect line), keep the trend.
    private static readonly double[] Phis = [0.98, 0.94, 0.88, 0.8];
    private static readonly double[] Undamped = [1.0];

    public double Forecast(int h)
    {
        double damp = 0, p = 1;
        for (var i = 0; i < h; i++) { p *= Phi; damp += p; }
        return Level + damp * Trend;
    }

    /// <summary>Fits alpha, beta and phi; <paramref name="undamped"/> fixes phi at 1 (Holt's linear trend).</summary>
    public static DampedTrend Fit(ReadOnlySpan<double> y, bool undamped = false)
    {
        if (y.Length < 3)
        {
            var slope = y.Length == 2 ? y[1] - y[0] : 0;
            return new DampedTrend(y[^1], slope, undamped ? 1 : 0.9, 1, 0);
        }
        var best = default(DampedTrend);
        var bestLoss = double.PositiveInfinity;
        foreach (var alpha in Alphas)
        foreach (var beta in Betas)
        {
            // Beta here is the share of alpha that moves the trend (beta* = alpha * beta), which keeps the trend smoother than the level.
            var b = alpha * beta;
            foreach (var phi in undamped ? Undamped : Phis)
            {
                var (loss, level, trend) = Run(y, alpha, b, phi);
                if (loss < bestLoss) { bestLoss = loss; best = new DampedTrend(level, trend, phi, alpha, b); }
            }
        }
        return best;
    }

    private static (double Loss, double Level, double Trend) Run(ReadOnlySpan<double> y, double alpha, double beta, double phi)
    {
        var level = y[0];
        var trend = y[1] - y[0];
        var loss = 0.0;
        for (var t = 1; t < y.Length; t++)
        {
            var forecast = level + phi * trend;
            var error = y[t] - forecast;
            loss += error * error;
            var newLevel = forecast + alpha * error;
            trend = phi * trend + beta * error;
            level = newLevel;
        }
        return (loss, level, trend);
    }
}
