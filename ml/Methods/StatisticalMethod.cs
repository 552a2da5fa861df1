namespace Analytics.Ml.Methods;

/// <summary>A method that only looks at the one series it forecasts.</summary>
public abstract class StatisticalMethod : IForecastMethod
{
    public abstract string Name { get; }

    /// <summary>Forecasts for steps 1..<paramref name="maxStep"/> after the last year, inside the bounds.</summary>
    internal abstract double[] Path(AnnualSeries series, int maxStep);

    public PointForecast Predict(SeriesHistory history, IReadOnlyList<int> years)
    {
        var maxStep = PreparedSeries.StepsTo(history, years);
        var path = Path(AnnualSeries.From(history), maxStep);
        var values = new double[years.Count];
        for (var i = 0; i < years.Count; i++) values[i] = path[years[i] - history.LastYear - 1];
        return new PointForecast(Name, years, values);
    }
}

/// <summary>The single-series methods, in a fixed order that the global model's features rely on.</summary>
public static class StatisticalMethods
{
    public static readonly NaiveMethod Naive = new();
    public static readonly DriftMethod Drift = new();
    public static readonly EscapTwlrMethod EscapTwlr = new();
    public static readonly DampedTrendMethod DampedTrend = new();
    public static readonly BoundedTrendMethod BoundedTrend = new();

    public static readonly SimpleSmoothingMethod SimpleSmoothing = new();
    public static readonly HoltMethod Holt = new();
    public static readonly ThetaMethod Theta = new();

    /// <summary>New methods go at the end: the global model's features address the first five by index.</summary>
    public static readonly StatisticalMethod[] All = [Naive, Drift, EscapTwlr, DampedTrend, BoundedTrend, SimpleSmoothing, Holt, Theta];

    internal const int NaiveIndex = 0, DriftIndex = 1, TwlrIndex = 2, DampedIndex = 3, BoundedIndex = 4;
}
