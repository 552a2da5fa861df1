namespace Analytics.Ml;

/// <summary>
/// Out-of-sample forecasts collected by rolling the forecast origin through the training years:
/// for each origin, every method sees only the years up to it (the global model is one trained
/// with no year after its cutoff, which is at or before the origin) and is scored on later years
/// up to the training cutoff. Production weights and interval calibrations are fitted on these.
/// </summary>
internal sealed class RollingOriginCases
{
    public RollingOriginCases(List<Case> cases, int methodCount)
    {
        Cases = cases;
        MethodCount = methodCount;
    }

    public List<Case> Cases { get; }
    public int MethodCount { get; }

    /// <summary>
    /// One (series, origin, scored year): the actual, the series' scale at the origin, every method's forecast, how many
    /// figures the series had at the origin and which series it is (its index in the training list), so errors can be
    /// judged per series and origin as the back-test's headline judges them.
    /// </summary>
    public readonly record struct Case(int Origin, int Step, double Actual, double Scale, double Unit, double[] Forecasts, int Length = 0, int Series = -1)
    {
        public double ScaledError(int method) => (Actual - Forecasts[method]) / Scale;

        /// <summary>Error in interval units (see <see cref="AnnualSeries.IntervalUnit"/>).</summary>
        public double UnitError(double forecast) => (Actual - forecast) / Unit;
    }

    /// <summary>
    /// Collects cases for origins <paramref name="firstOrigin"/>..<paramref name="cutoffYear"/>−1.
    /// <paramref name="globalModelFor"/> returns the global model that may be used at an origin (null: none).
    /// </summary>
    public static RollingOriginCases Collect(IReadOnlyList<SeriesHistory> series, int firstOrigin, int cutoffYear, int maxStep,
        Func<int, GlobalGrowthModel?> globalModelFor, GroupTrends groups, double recentWeight, int threads = -1,
        Func<SeriesHistory, int, double[]>? peerPath = null, AnalogModel? analog = null)
    {
        // The statistical methods, the global model, then the peer-pooled forecast from the last figures (and the analog).
        var methodCount = StatisticalMethods.All.Length + 2 + (analog is null ? 0 : 1);
        var globalIndex = StatisticalMethods.All.Length;
        var perSeries = new List<Case>[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var list = new List<Case>();
            var h = series[i];
            for (var origin = firstOrigin; origin < cutoffYear; origin++)
            {
                var past = h.Through(origin);
                if (past.Count < GlobalModelOptions.MinimumPoints || past.Count == h.Count) continue;
                var steps = Math.Min(maxStep, cutoffYear - past.LastYear);
                var prepared = new PreparedSeries(past, steps, groups.For(past));
                var scale = prepared.Series.Scale;
                if (scale <= 0) continue;
                double[]? global = null;
                double[]? peer = null;
                double[]? analogPath = null;
                for (var t = past.Count; t < h.Count; t++)
                {
                    var year = h.Years[t];
                    if (year > cutoffYear) break;
                    var step = year - past.LastYear;
                    if (step > steps) break;
                    global ??= globalModelFor(origin)?.Path(prepared) ?? prepared.StatisticalPath(StatisticalMethods.DampedIndex);
                    var forecasts = new double[methodCount];
                    for (var m = 0; m < StatisticalMethods.All.Length; m++) forecasts[m] = prepared.StatisticalPath(m)[step - 1];
                    peer ??= peerPath?.Invoke(past, steps) ?? prepared.StatisticalPath(StatisticalMethods.NaiveIndex);
                    forecasts[globalIndex] = global[step - 1];
                    forecasts[globalIndex + 1] = peer[step - 1];
                    if (analog is not null)
                    {
                        analogPath ??= analog.Path(prepared.Series, steps, origin);
                        forecasts[globalIndex + 2] = analogPath[step - 1];
                    }
                    list.Add(new Case(origin, step, h.Values[t], scale, prepared.Series.IntervalUnit(recentWeight), forecasts, past.Count, i));
                }
            }
            perSeries[i] = list;
        });
        var cases = new List<Case>();
        foreach (var list in perSeries) cases.AddRange(list);
        return new RollingOriginCases(cases, methodCount);
    }
}
