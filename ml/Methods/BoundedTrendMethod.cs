namespace Analytics.Ml.Methods;

/// <summary>
/// <c>bounded-trend</c>: the damped trend fitted on a scale where the series' bounds are infinitely far
/// away, then mapped back. A rate in 0..100 is modelled on the log-odds of its share of the range, so
/// it slows down as it nears 100 (or 0) and approaches but never crosses the bound; a count bounded
/// below by 0 is modelled on its logarithm, so it shrinks by proportions instead of falling through 0.
/// Without bounds it is the plain damped trend.
/// </summary>
public sealed class BoundedTrendMethod : StatisticalMethod
{
    public override string Name => "bounded-trend";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var transform = BoundTransform.For(series);
        var z = new double[series.Length];
        for (var i = 0; i < z.Length; i++) z[i] = transform.Forward(series.Values[i]);
        var fit = DampedTrend.Fit(z);
        var path = new double[maxStep];
        for (var h = 1; h <= maxStep; h++) path[h - 1] = series.Clamp(transform.Back(fit.Forecast(h)));
        return path;
    }
}

/// <summary>Maps a bounded value to an unbounded scale and back.</summary>
internal readonly struct BoundTransform
{
    private readonly double _lo, _hi, _offset;
    private readonly int _kind; // 0 none, 1 both bounds (logit), 2 lower only (log), 3 upper only (log of room)

    private BoundTransform(int kind, double lo, double hi, double offset)
    {
        _kind = kind; _lo = lo; _hi = hi; _offset = offset;
    }

    /// <summary>
    /// The offset keeps values sitting on the bound finite: a tenth of a percent of the range for rates,
    /// one percent of the mean distance from the bound for one-sided bounds.
    /// </summary>
    public static BoundTransform For(AnnualSeries series)
    {
        var v = series.Values;
        switch (series.Min, series.Max)
        {
            case ({ } lo, { } hi):
                return new BoundTransform(1, lo, hi, 0.001);
            case ({ } lo, null):
            {
                var mean = 0.0;
                foreach (var x in v) mean += Math.Abs(x - lo);
                mean /= v.Length;
                return new BoundTransform(2, lo, 0, Math.Max(mean * 0.01, 1e-9));
            }
            case (null, { } hi):
            {
                var mean = 0.0;
                foreach (var x in v) mean += Math.Abs(hi - x);
                mean /= v.Length;
                return new BoundTransform(3, 0, hi, Math.Max(mean * 0.01, 1e-9));
            }
            default:
                return default;
        }
    }

    public double Forward(double x) => _kind switch
    {
        1 => Logit(Math.Clamp((x - _lo) / (_hi - _lo), _offset, 1 - _offset)),
        2 => Math.Log(Math.Max(x - _lo, 0) + _offset),
        3 => -Math.Log(Math.Max(_hi - x, 0) + _offset),
        _ => x,
    };

    public double Back(double z) => _kind switch
    {
        1 => _lo + (_hi - _lo) / (1 + Math.Exp(-z)),
        2 => _lo + Math.Max(Math.Exp(Math.Min(z, 700)) - _offset, 0),
        3 => _hi - Math.Max(Math.Exp(Math.Min(-z, 700)) - _offset, 0),
        _ => z,
    };

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
