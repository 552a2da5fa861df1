namespace Analytics.Ml;

/// <summary>
/// What <c>production</c> serves: a weighted mean of the other methods' forecasts, the weights chosen
/// on the rolling-origin back-test rather than by taste.
/// <list type="number">
/// <item>Greedy forward selection with replacement (Caruana et al. 2004) picks weights, in steps of
/// 1/rounds, that minimise mean absolute scaled error over the back-test's first few steps ahead
/// (the most recent origins, where every method had nearly all the data it has today).</item>
/// <item>Those weights are then shrunk halfway towards the single best method of the same back-test.
/// Estimated combination weights are noisy and, here, biased against the global model, whose
/// back-test copies saw fewer years than the served one; shrinking towards the best single method
/// is the standard remedy (the "forecast combination puzzle"); it beat the unshrunk weights and the
/// best single method alone at the origins we checked (see ml/README.md).</item>
/// </list>
/// The same weights serve every step ahead.
/// </summary>
public sealed class ProductionBlend
{
    private readonly double[] _weights;

    internal ProductionBlend(string[] methods, double[] weights)
    {
        Methods = methods;
        _weights = weights;
    }

    /// <summary>Names of the blended methods, in the order of <see cref="Weights"/>.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>Weights summing to 1.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Methods with a non-zero weight, by name.</summary>
    public IReadOnlyDictionary<string, double> NonZeroWeights =>
        Methods.Select((m, i) => (m, w: _weights[i])).Where(x => x.w > 0).ToDictionary(x => x.m, x => Math.Round(x.w, 4));

    internal double Combine(ReadOnlySpan<double> forecasts)
    {
        var sum = 0.0;
        for (var m = 0; m < _weights.Length; m++) if (_weights[m] != 0) sum += _weights[m] * forecasts[m];
        return sum;
    }

    internal static ProductionBlend Fit(string[] methods, RollingOriginCases cases, ForecastTrainingOptions options)
    {
        var pool = cases.Cases.Where(c => c.Step <= options.BlendFitSteps).ToList();
        if (pool.Count < IntervalCalibration.MinimumErrorsPerStep)
            return new ProductionBlend(methods, Enumerable.Repeat(1.0 / methods.Length, methods.Length).ToArray());
        var selected = Select(pool, methods.Length, options.BlendRounds);
        var best = Select(pool, methods.Length, 1);
        var weights = new double[methods.Length];
        for (var m = 0; m < weights.Length; m++)
            weights[m] = (1 - options.BlendShrinkToBest) * selected[m] + options.BlendShrinkToBest * best[m];
        return new ProductionBlend(methods, weights);
    }

    /// <summary>Caruana's ensemble selection: add, one at a time, the method that most lowers the blend's mean absolute scaled error.</summary>
    private static double[] Select(List<RollingOriginCases.Case> pool, int methodCount, int rounds)
    {
        var counts = new int[methodCount];
        var sum = new double[pool.Count]; // running sum of the selected forecasts, per case
        for (var round = 1; round <= rounds; round++)
        {
            var best = -1;
            var bestLoss = double.PositiveInfinity;
            for (var m = 0; m < methodCount; m++)
            {
                var loss = 0.0;
                for (var i = 0; i < pool.Count; i++)
                {
                    var c = pool[i];
                    loss += Math.Abs(c.Actual - (sum[i] + c.Forecasts[m]) / round) / c.Scale;
                }
                if (loss < bestLoss) { bestLoss = loss; best = m; }
            }
            counts[best]++;
            for (var i = 0; i < pool.Count; i++) sum[i] += pool[i].Forecasts[best];
        }
        return counts.Select(c => (double)c / rounds).ToArray();
    }
}
