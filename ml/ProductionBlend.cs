namespace Analytics.Ml;

/// <summary>How <c>production</c> combines the other methods' forecasts.</summary>
public enum BlendCombiner
{
    /// <summary>A weighted mean, the weights from greedy ensemble selection shrunk towards the best single method.</summary>
    Weighted,
    /// <summary>The median of every method's forecast: robust to one method running away.</summary>
    Median,
    /// <summary>The mean after dropping the lowest and highest fifth of the methods' forecasts.</summary>
    TrimmedMean,
    /// <summary>The mean of the few methods with the least error on the back-test, with equal weights.</summary>
    BestMean,
    /// <summary>The median of the few methods with the least error on the back-test.</summary>
    BestMedian,
    /// <summary>
    /// The median of the few methods with the least error and naive (of four, the mean of the middle two): when the
    /// best methods disagree, the last figure pulls the forecast towards it.
    /// </summary>
    BestAndNaiveMedian,
}

/// <summary>
/// What <c>production</c> serves: a combination of the other methods' forecasts, chosen on the rolling-origin
/// back-test inside the training years rather than by taste.
/// <list type="number">
/// <item>Weighted candidate (only with <see cref="ForecastTrainingOptions.BlendWeightedCandidate"/>; by default not, see
/// the eighth round in docs/forecasting.md): greedy forward selection with replacement (Caruana et al. 2004) picks weights, in steps
/// of 1/rounds, that minimise mean absolute scaled error over the back-test's first few steps ahead, then shrinks
/// them halfway towards the single best method (estimated weights are noisy; the "forecast combination puzzle").
/// With too few cases to cross-validate, it is what serves, fitted on every case.</item>
/// <item>Best-of candidates: the mean, or the median, of the few methods with the least error, with equal weights (a
/// robust combination: nothing estimated but which methods take part), and the median of those methods and naive.</item>
/// <item>Which combiner serves (median, trimmed mean, mean or median of the best, median of the best and naive, and
/// the weighted mean if it is a candidate) is chosen by time-series cross-validation: the weights and the best methods are fitted on the cases whose scored year is at or before a split year, and every candidate is scored on the
/// cases forecast from the split year on, which the fit never saw. The chosen combiner is then refitted on every
/// case. So no weight and no choice is made on the years the forecasts are later scored on.</item>
/// <item>Length bands: on the same split, each band of series by figures at the origin (4–6, 7–9, 10–14, 15+) may keep
/// a combination of its own (naive; peer-pooled and naive; its own best methods, with or without naive) where that beat
/// the overall choice on the band's validation cases, judged per series as the back-test's headline judges (young series
/// gain little from trends their few figures cannot tell from noise).</item>
/// </list>
/// The same combination serves every step ahead (weights of their own per step, or a shrinkage of the trend per step,
/// measured worse on tables left out).
/// </summary>
public sealed class ProductionBlend
{
    private readonly double[] _weights;

    internal ProductionBlend(string[] methods, double[] weights, BlendCombiner combiner = BlendCombiner.Weighted,
        IReadOnlyDictionary<string, double>? validationLoss = null, int? splitYear = null, IReadOnlyList<LengthBandChoice>? bands = null)
    {
        Bands = bands ?? [];
        Methods = methods;
        _weights = weights;
        Combiner = combiner;
        ValidationLoss = validationLoss ?? new Dictionary<string, double>();
        SplitYear = splitYear;
    }

    /// <summary>Names of the blended methods, in the order of <see cref="Weights"/>.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>Weights summing to 1 (for the median and the trimmed mean: equal, as every method takes part).</summary>
    public IReadOnlyList<double> Weights => _weights;

    public BlendCombiner Combiner { get; }

    /// <summary>The combiner's name as <see cref="ValidationLoss"/> and the back-test report give it.</summary>
    public string CombinerName => Name(Combiner);

    /// <summary>The combiner's name and, in brackets, the length bands that combine otherwise (the back-test report's).</summary>
    public string Description => Bands.Count == 0 ? CombinerName
        : $"{CombinerName} ({string.Join("; ", Bands.Select(b => $"{(b.To == int.MaxValue ? $"{b.From}+" : $"{b.From}–{b.To}")}: {b.Name}"))})";

    /// <summary>Each candidate's mean bounded scaled error on the validation origins (from <see cref="SplitYear"/> on).</summary>
    public IReadOnlyDictionary<string, double> ValidationLoss { get; }

    /// <summary>First origin of the validation cases; the weights they judged were fitted on years up to it.</summary>
    public int? SplitYear { get; }

    /// <summary>Methods with a non-zero weight, by name.</summary>
    public IReadOnlyDictionary<string, double> NonZeroWeights =>
        Methods.Select((m, i) => (m, w: _weights[i])).Where(x => x.w > 0).ToDictionary(x => x.m, x => Math.Round(x.w, 4));

    /// <summary>
    /// Length bands (figures at the origin) whose own combination beat the overall one on the validation origins; a
    /// series in no band takes the overall combination.
    /// </summary>
    public IReadOnlyList<LengthBandChoice> Bands { get; }

    internal double Combine(ReadOnlySpan<double> forecasts) => Combine(Combiner, _weights, forecasts);

    /// <summary>The combination for a series of <paramref name="length"/> figures: its band's, if it has one.</summary>
    internal double Combine(ReadOnlySpan<double> forecasts, int length)
    {
        foreach (var b in Bands)
            if (length >= b.From && length <= b.To) return Combine(b.Combiner, b.Weights, forecasts);
        return Combine(Combiner, _weights, forecasts);
    }

    private static double Combine(BlendCombiner combiner, double[] weights, ReadOnlySpan<double> forecasts)
    {
        switch (combiner)
        {
            case BlendCombiner.Weighted or BlendCombiner.BestMean:
            {
                var sum = 0.0;
                for (var m = 0; m < weights.Length; m++) if (weights[m] != 0) sum += weights[m] * forecasts[m];
                return sum;
            }
            default:
            {
                Span<double> sorted = stackalloc double[forecasts.Length];
                var n = 0;
                for (var m = 0; m < forecasts.Length; m++)
                    if (combiner is not (BlendCombiner.BestMedian or BlendCombiner.BestAndNaiveMedian) || weights[m] > 0) sorted[n++] = forecasts[m];
                sorted = sorted[..n];
                sorted.Sort();
                if (combiner is not BlendCombiner.TrimmedMean) return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                var drop = n / 5;
                var total = 0.0;
                for (var i = drop; i < n - drop; i++) total += sorted[i];
                return total / (n - 2 * drop);
            }
        }
    }

    /// <summary>A scaled error counted at most this many scales when choosing the combiner: one broken case cannot choose.</summary>
    internal const double ChoiceLossCap = 20;

    internal static ProductionBlend Fit(string[] methods, RollingOriginCases cases, ForecastTrainingOptions options)
    {
        var pool = cases.Cases.Where(c => c.Step <= options.BlendFitSteps).ToList();
        if (pool.Count < IntervalCalibration.MinimumErrorsPerStep)
            return new ProductionBlend(methods, Enumerable.Repeat(1.0 / methods.Length, methods.Length).ToArray());

        // Time-series cross-validation: weights from cases scored up to the split year, candidates judged after it.
        var origins = pool.Select(c => c.Origin).Distinct().Order().ToArray();
        var split = origins.Length > options.BlendValidationOrigins ? origins[^options.BlendValidationOrigins] : (int?)null;
        var chosen = BlendCombiner.Weighted;
        var losses = new Dictionary<string, double>();
        List<LengthBandChoice>? bands = null;
        if (split is { } s)
        {
            var fit = pool.Where(c => c.Origin + c.Step <= s).ToList();
            var validation = pool.Where(c => c.Origin >= s).ToList();
            if (fit.Count >= IntervalCalibration.MinimumErrorsPerStep && validation.Count >= IntervalCalibration.MinimumErrorsPerStep)
            {
                foreach (var combiner in Candidates(options))
                    losses[Name(combiner)] = Loss(validation, combiner, WeightsFor(combiner, fit, methods.Length, options));
                chosen = Candidates(options).MinBy(c => losses[Name(c)]);
                if (options.BlendByLength) bands = FitBands(methods, fit, validation, pool, chosen, WeightsFor(chosen, fit, methods.Length, options), options);
            }
        }
        var final = WeightsFor(chosen, pool, methods.Length, options);
        return new ProductionBlend(methods, final, chosen, losses, split, bands);
    }

    /// <summary>The combiners the cross-validation chooses among (the weighted mean only if <see cref="ForecastTrainingOptions.BlendWeightedCandidate"/>).</summary>
    private static BlendCombiner[] Candidates(ForecastTrainingOptions options) =>
        [.. Enum.GetValues<BlendCombiner>().Where(c => options.BlendWeightedCandidate || c != BlendCombiner.Weighted)];

    /// <summary>
    /// For each length band, the same cross-validation among a few combinations that lean on the last figure and the
    /// peers (naive; peer-pooled and naive; the band's own three best with and without naive), judged against the
    /// overall choice on the band's validation cases with <see cref="SeriesLoss"/>: young series err differently from
    /// long ones, and a band keeps a combination of its own only where it beat the overall one on years its fit never saw.
    /// </summary>
    private static List<LengthBandChoice> FitBands(string[] methods, List<RollingOriginCases.Case> fit, List<RollingOriginCases.Case> validation,
        List<RollingOriginCases.Case> pool, BlendCombiner overall, double[] overallWeights, ForecastTrainingOptions options)
    {
        var result = new List<LengthBandChoice>();
        var peer = Array.IndexOf(methods, ShortSeriesModel.MethodName);
        foreach (var (from, to) in Backtester.LengthBands)
        {
            bool In(RollingOriginCases.Case c) => c.Length >= from && c.Length <= to;
            var bandFit = fit.Where(In).ToList();
            var bandValidation = validation.Where(In).ToList();
            if (bandFit.Count < IntervalCalibration.MinimumErrorsPerStep || bandValidation.Count < IntervalCalibration.MinimumErrorsPerStep) continue;
            var candidates = new List<(string Name, BlendCombiner Combiner, Func<List<RollingOriginCases.Case>, double[]> Weights)>
            {
                ("naive", BlendCombiner.Weighted, _ => OneHot(methods.Length, StatisticalMethods.NaiveIndex)),
                ("median-of-best-and-naive", BlendCombiner.BestAndNaiveMedian, c => WeightsFor(BlendCombiner.BestAndNaiveMedian, c, methods.Length, options)),
                ("median-of-best", BlendCombiner.BestMedian, c => WeightsFor(BlendCombiner.BestMedian, c, methods.Length, options)),
            };
            if (peer >= 0)
                candidates.Add(("mean-of-peer-pooled-and-naive", BlendCombiner.Weighted, _ =>
                {
                    var w = new double[methods.Length];
                    w[peer] = w[StatisticalMethods.NaiveIndex] = 0.5;
                    return w;
                }));
            var bestLoss = SeriesLoss(bandValidation, overall, overallWeights);
            var best = -1;
            for (var i = 0; i < candidates.Count; i++)
            {
                var loss = SeriesLoss(bandValidation, candidates[i].Combiner, candidates[i].Weights(bandFit));
                if (loss < bestLoss) { bestLoss = loss; best = i; }
            }
            if (best < 0) continue;
            var chosen = candidates[best];
            result.Add(new LengthBandChoice(from, to, chosen.Name, chosen.Combiner, chosen.Weights(pool.Where(In).ToList())));
        }
        return result;
    }

    private static double[] OneHot(int count, int index)
    {
        var w = new double[count];
        w[index] = 1;
        return w;
    }

    /// <summary>
    /// A loss shaped like the back-test's headline: per series and origin, the combination's mean absolute error over
    /// naive's (clamped as relMAE clamps it), the mean of its logarithm weighted by the cases; series and origins where
    /// naive was exact say nothing and are left out.
    /// </summary>
    internal static double SeriesLoss(List<RollingOriginCases.Case> cases, BlendCombiner combiner, double[] weights)
    {
        double total = 0, count = 0;
        foreach (var g in cases.GroupBy(c => (c.Series, c.Origin)))
        {
            double own = 0, naive = 0;
            var n = 0;
            foreach (var c in g)
            {
                own += Math.Abs(c.Actual - Combine(combiner, weights, c.Forecasts));
                naive += Math.Abs(c.Actual - c.Forecasts[StatisticalMethods.NaiveIndex]);
                n++;
            }
            if (naive / n <= BacktestMetrics.ExactError) continue;
            total += n * Math.Log(BacktestMetrics.RelativeError(own / n, naive / n));
            count += n;
        }
        return count > 0 ? total / count : 0;
    }

    private static string Name(BlendCombiner c) => c switch
    {
        BlendCombiner.Weighted => "weighted",
        BlendCombiner.Median => "median",
        BlendCombiner.TrimmedMean => "trimmed-mean",
        BlendCombiner.BestMean => "mean-of-best",
        BlendCombiner.BestMedian => "median-of-best",
        _ => "median-of-best-and-naive",
    };

    /// <summary>
    /// The weights a combiner uses, fitted on <paramref name="pool"/>: greedy selection for the weighted mean, equal
    /// shares of the <see cref="ForecastTrainingOptions.BlendBestMethods"/> methods of least error for the best-of
    /// combiners (the median reads only which are non-zero; naive joins them for the median of the best and naive),
    /// equal shares of all for the median and trimmed mean.
    /// </summary>
    private static double[] WeightsFor(BlendCombiner combiner, List<RollingOriginCases.Case> pool, int methodCount, ForecastTrainingOptions options)
    {
        switch (combiner)
        {
            case BlendCombiner.Weighted:
                return FitWeights(pool, methodCount, options);
            case BlendCombiner.BestMean or BlendCombiner.BestMedian or BlendCombiner.BestAndNaiveMedian:
            {
                var best = Enumerable.Range(0, methodCount)
                    .OrderBy(m => pool.Sum(c => Math.Min(ChoiceLossCap, Math.Abs(c.Actual - c.Forecasts[m]) / c.Scale)))
                    .Take(Math.Clamp(options.BlendBestMethods, 1, methodCount)).ToHashSet();
                if (combiner == BlendCombiner.BestAndNaiveMedian) best.Add(StatisticalMethods.NaiveIndex);
                return [.. Enumerable.Range(0, methodCount).Select(m => best.Contains(m) ? 1.0 / best.Count : 0)];
            }
            default:
                return Enumerable.Repeat(1.0 / methodCount, methodCount).ToArray();
        }
    }

    private static double Loss(List<RollingOriginCases.Case> cases, BlendCombiner combiner, double[] weights)
    {
        var total = 0.0;
        foreach (var c in cases)
            total += Math.Min(ChoiceLossCap, Math.Abs(c.Actual - Combine(combiner, weights, c.Forecasts)) / c.Scale);
        return total / cases.Count;
    }

    private static double[] FitWeights(List<RollingOriginCases.Case> pool, int methodCount, ForecastTrainingOptions options)
    {
        var selected = Select(pool, methodCount, options.BlendRounds);
        var best = Select(pool, methodCount, 1);
        var weights = new double[methodCount];
        for (var m = 0; m < weights.Length; m++)
            weights[m] = (1 - options.BlendShrinkToBest) * selected[m] + options.BlendShrinkToBest * best[m];
        return weights;
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

/// <summary>The combination a length band of series (figures at the origin, inclusive) uses instead of the overall one.</summary>
public sealed record LengthBandChoice(int From, int To, string Name, BlendCombiner Combiner, double[] Weights);
