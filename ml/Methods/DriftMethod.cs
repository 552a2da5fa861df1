namespace Analytics.Ml.Methods;

/// <summary><c>drift</c>: the last value plus the average yearly change from the first to the last year.</summary>
public sealed class DriftMethod : StatisticalMethod
{
    public override string Name => "drift";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var v = series.Values;
        var slope = v.Length > 1 ? (v[^1] - v[0]) / (v.Length - 1) : 0;
        var path = new double[maxStep];
        for (var h = 1; h <= maxStep; h++) path[h - 1] = series.Clamp(v[^1] + h * slope);
        return path;
    }
}
