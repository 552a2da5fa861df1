namespace Analytics.Ml.Tests;

/// <summary>
/// How <c>production</c> chooses its combination on the rolling-origin cases inside the training years: among the
/// equal-weight combiners only, unless asked to weigh.
/// </summary>
public sealed class BlendChoiceTests
{
    private static readonly string[] Methods = ["naive", "drift", "damped-trend", "mlnet-global", ShortSeriesModel.MethodName];

    /// <summary>
    /// Cases at origins 2000..2009, one to three steps ahead, for 60 series of 4–6 figures; each method's forecast is the
    /// actual plus its own noise.
    /// </summary>
    private static RollingOriginCases Cases(double[] noise, int seed)
    {
        var random = new Random(seed);
        var cases = new List<RollingOriginCases.Case>();
        for (var series = 0; series < 60; series++)
            for (var origin = 2000; origin < 2010; origin++)
                for (var step = 1; step <= 3 && origin + step <= 2010; step++)
                {
                    var actual = 100 + 10 * random.NextDouble();
                    var forecasts = new double[Methods.Length];
                    for (var m = 0; m < Methods.Length; m++) forecasts[m] = actual + noise[m] * (2 * random.NextDouble() - 1);
                    cases.Add(new RollingOriginCases.Case(origin, step, actual, 1, 1, forecasts, Length: 4 + series % 3, Series: series));
                }
        return new RollingOriginCases(cases, Methods.Length);
    }

    [Fact]
    public void The_weighted_mean_serves_only_when_it_is_asked_for_as_a_candidate()
    {
        // One method far better than the rest: weights would put everything on it, and nothing else comes as close.
        var cases = Cases([8, 8, 0.1, 6, 7], seed: 3);

        var weighing = ProductionBlend.Fit(Methods, cases, new ForecastTrainingOptions { BlendWeightedCandidate = true, BlendByLength = false });
        var equal = ProductionBlend.Fit(Methods, cases, new ForecastTrainingOptions { BlendByLength = false });

        Assert.Equal(BlendCombiner.Weighted, weighing.Combiner);
        Assert.Contains("weighted", weighing.ValidationLoss.Keys);
        Assert.NotEqual(BlendCombiner.Weighted, equal.Combiner);
        Assert.DoesNotContain("weighted", equal.ValidationLoss.Keys);
        Assert.Equal(equal.ValidationLoss.Values.Min(), equal.ValidationLoss[equal.CombinerName]);
        Assert.Contains("damped-trend", equal.NonZeroWeights.Keys);
    }
}
