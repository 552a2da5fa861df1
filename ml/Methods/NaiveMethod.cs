namespace Analytics.Ml.Methods;

/// <summary><c>naive</c>: every future year equals the last observed value. The benchmark MASE is scaled against.</summary>
public sealed class NaiveMethod : StatisticalMethod
{
    public override string Name => "naive";

    internal override double[] Path(AnnualSeries series, int maxStep)
    {
        var path = new double[maxStep];
        Array.Fill(path, series.Last);
        return path;
    }
}
