namespace Analytics.Ml;

/// <summary>
/// A forecast of one series for one year: the point, 80% and 95% intervals, and the predictive
/// distribution as quantiles (levels 1%..99%), all inside the series' bounds. Plain data, so it can be
/// cached and shipped as is.
/// </summary>
public sealed record SeriesForecast(
    string SeriesId,
    string Method,
    string ModelVersion,
    int LastYear,
    double LastValue,
    int TargetYear,
    double Point,
    double Lo80,
    double Hi80,
    double Lo95,
    double Hi95,
    double Scale,
    IReadOnlyList<double> Quantiles)
{
    /// <summary>Levels of <see cref="Quantiles"/>: 0.01, 0.02, ..., 0.99.</summary>
    public static readonly IReadOnlyList<double> QuantileLevels = Enumerable.Range(1, 99).Select(i => i / 100.0).ToArray();

    /// <summary>Years from the last observation to the target year.</summary>
    public int Horizon => TargetYear - LastYear;

    /// <summary>
    /// Probability that the value will be at least <paramref name="threshold"/>, read off the quantiles
    /// (linear between levels; the mass beyond the 1% and 99% quantiles is taken as half a percent each).
    /// </summary>
    public double ProbabilityAtLeast(double threshold) => 1 - ProbabilityBelow(threshold);

    /// <summary>Probability that the value will be at most <paramref name="threshold"/>.</summary>
    public double ProbabilityAtMost(double threshold) => ProbabilityAtOrBelow(threshold);

    /// <summary>P(value &lt; x): quantile k (level k/100) is the first at or above x.</summary>
    private double ProbabilityBelow(double x)
    {
        var q = Quantiles;
        var k = 0;
        while (k < q.Count && q[k] < x) k++;
        if (k == q.Count) return 0.995;
        if (k == 0) return 0.005;
        var frac = (x - q[k - 1]) / (q[k] - q[k - 1]);
        return (k + frac) / 100.0;
    }

    /// <summary>P(value &lt;= x): quantile k is the last at or below x.</summary>
    private double ProbabilityAtOrBelow(double x)
    {
        var q = Quantiles;
        var k = q.Count - 1;
        while (k >= 0 && q[k] > x) k--;
        if (k < 0) return 0.005;
        if (k == q.Count - 1) return 0.995;
        var frac = (x - q[k]) / (q[k + 1] - q[k]);
        return (k + 1 + frac) / 100.0;
    }
}
