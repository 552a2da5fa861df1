namespace Analytics.Ml.Methods;

/// <summary>
/// <c>escap-twlr</c>: the time-weighted linear regression behind UN ESCAP's "Anticipated Progress"
/// assessment. A straight line is fitted to the history by weighted least squares, the weight of a
/// year growing linearly with recency (oldest year 1, the next 2, ..., the latest n), and extended
/// to the target years. As in ESCAP's assessment the projection is the fitted line, not the last
/// value plus the slope, so one noisy latest year moves it less than it moves <c>drift</c>.
/// </summary>
public sealed class EscapTwlrMethod : StatisticalMethod
{
    public override string Name => "escap-twlr";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var v = series.Values;
        var (intercept, slope) = Fit(v);
        var path = new double[maxStep];
        var last = v.Length - 1;
        for (var h = 1; h <= maxStep; h++) path[h - 1] = series.Clamp(intercept + slope * (last + h));
        return path;
    }

    /// <summary>Weighted least squares of value on year index with weights 1..n.</summary>
    internal static (double Intercept, double Slope) Fit(double[] v)
    {
        double sw = 0, sx = 0, sy = 0;
        for (var i = 0; i < v.Length; i++) { double w = i + 1; sw += w; sx += w * i; sy += w * v[i]; }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (var i = 0; i < v.Length; i++)
        {
            double w = i + 1, dx = i - mx;
            sxx += w * dx * dx;
            sxy += w * dx * (v[i] - my);
        }
        var slope = sxx > 0 ? sxy / sxx : 0;
        return (my - slope * mx, slope);
    }
}
