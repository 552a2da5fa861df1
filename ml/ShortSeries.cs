using System.Collections.Concurrent;

namespace Analytics.Ml;

/// <summary>
/// What the other provinces of one indicator did up to a year: medians over their recent histories (the last six
/// years up to it) of the yearly change and of the mean absolute yearly change, both relative to each series' level.
/// </summary>
public sealed record PeerEvidence(double RelativeChange, double RelativeSpread, double MedianLevel, int Series);

/// <summary>
/// Every series of every indicator, so that a series with two or three figures can borrow its indicator's level,
/// trend and spread from its peers. Each question is answered from the data up to the year asked about only.
/// </summary>
public sealed class PeerPool
{
    /// <summary>Peers an indicator needs before its pooled trend and spread are used.</summary>
    public const int MinimumPeers = 3;

    /// <summary>Years of each peer's recent history that count (the last six: five yearly changes).</summary>
    public const int WindowYears = 6;

    public static readonly PeerPool Empty = new(new Dictionary<string, SeriesHistory[]>());

    private readonly Dictionary<string, SeriesHistory[]> _byGroup;
    private readonly ConcurrentDictionary<(string, int), PeerEvidence?> _cache = new();

    private PeerPool(Dictionary<string, SeriesHistory[]> byGroup) => _byGroup = byGroup;

    internal IEnumerable<KeyValuePair<string, SeriesHistory[]>> Groups => _byGroup;

    internal static PeerPool Of(IEnumerable<KeyValuePair<string, SeriesHistory[]>> groups) => new(groups.ToDictionary(g => g.Key, g => g.Value));

    /// <summary>Pools every series with a group and at least two figures up to <paramref name="throughYear"/>.</summary>
    public static PeerPool Build(IEnumerable<SeriesHistory> series, int throughYear) => new(series
        .Where(s => s.Group is not null)
        .Select(s => s.Through(throughYear))
        .Where(s => s.Count >= 2)
        .GroupBy(s => s.Group!)
        .ToDictionary(g => g.Key, g => g.ToArray()));

    /// <summary>The indicator's evidence as of the end of <paramref name="year"/>; null with fewer than <see cref="MinimumPeers"/> peers.</summary>
    public PeerEvidence? At(string? group, int year)
    {
        if (group is null || !_byGroup.TryGetValue(group, out var peers)) return null;
        return _cache.GetOrAdd((group, year), key =>
        {
            var changes = new List<double>();
            var spreads = new List<double>();
            var levels = new List<double>();
            foreach (var p in _byGroup[key.Item1])
            {
                var recent = p.Through(key.Item2);
                if (recent.Count < 2 || recent.LastYear <= key.Item2 - WindowYears) continue;
                var from = 0;
                while (recent.Years[from] <= key.Item2 - WindowYears) from++;
                if (recent.Count - from < 2) from = recent.Count - 2;
                double sumAbs = 0, sumChange = 0, level = 0;
                for (var i = from; i < recent.Count; i++) level += Math.Abs(recent.Values[i]);
                level /= recent.Count - from;
                var span = recent.Years[^1] - recent.Years[from];
                for (var i = from + 1; i < recent.Count; i++) sumAbs += Math.Abs(recent.Values[i] - recent.Values[i - 1]);
                sumChange = recent.Values[^1] - recent.Values[from];
                if (level <= 0) continue;
                changes.Add(sumChange / span / level);
                spreads.Add(sumAbs / span / level);
                levels.Add(recent.Values[^1]);
            }
            return changes.Count < MinimumPeers ? null : new PeerEvidence(Median(changes), Median(spreads), Median(levels), changes.Count);
        });
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}

/// <summary>
/// <c>peer-pooled</c>: the forecast for a series with fewer figures than the main methods need (two or three). Its
/// own few figures give the level and a noisy trend; its indicator's other provinces give a steadier trend and a
/// spread. The point is the last figure plus a weighted mix of the two trends; the interval unit is the larger of the
/// series' own yearly change, its peers' typical change at its level and one unit of its resolution, so a
/// two-figure series never gets an interval narrower than its indicator moves. The mix weights and, for each length
/// (2, 3 figures) and step ahead, the error quantiles are fitted on GSO-like series cut to their last two or three
/// figures at rolling origins inside the training years: calibrated like every other forecast, and wider.
/// </summary>
public sealed class ShortSeriesModel
{
    public const string MethodName = "peer-pooled";

    /// <summary>The shortest series it forecasts, and the longest (longer ones go to the main methods).</summary>
    public const int MinimumPoints = 2, MaximumPoints = 3;

    private static readonly double[] Grid = [0, 0.25, 0.5, 0.75, 1];

    private readonly ErrorDistribution[][] _errors; // [points − 2][step − 1]

    internal ShortSeriesModel(double ownWeight, double peerWeight, ErrorDistribution[][] errors, int cases, IReadOnlyList<TrackRecordCell>? record = null)
    {
        Record = record ?? [];
        OwnWeight = ownWeight;
        PeerWeight = peerWeight;
        _errors = errors;
        Cases = cases;
    }

    internal IReadOnlyList<ErrorDistribution[]> Errors => _errors;

    /// <summary>Weight of the series' own trend (last minus first, per year).</summary>
    public double OwnWeight { get; }

    /// <summary>Weight of the peers' median relative trend, times the series' last value.</summary>
    public double PeerWeight { get; }

    /// <summary>How it did in its own back-test, by length (2, 3) and step: error against naive's, interval coverage.</summary>
    public IReadOnlyList<TrackRecordCell> Record { get; }

    /// <summary>Back-test cases the weights and error quantiles were fitted on.</summary>
    public int Cases { get; }

    /// <summary>Whether every length had enough errors for at least its first step.</summary>
    public bool IsCalibrated => _errors.All(e => e.Length > 0 && !ReferenceEquals(e[0], ErrorDistribution.RandomWalkPrior));

    public static bool Serves(SeriesHistory history) => history.Count is >= MinimumPoints and <= MaximumPoints;

    internal ErrorDistribution ErrorsFor(int points, int step)
    {
        var steps = _errors[Math.Clamp(points, MinimumPoints, MaximumPoints) - MinimumPoints];
        return step <= steps.Length ? steps[step - 1] : steps[^1].Stretch((double)step / steps.Length);
    }

    /// <summary>The interval unit: own yearly change, peers' spread at this level, one unit of resolution; whichever is largest.</summary>
    internal static double Unit(SeriesHistory history, PeerEvidence? peers)
    {
        var span = history.LastYear - history.FirstYear;
        double own = 0;
        for (var i = 1; i < history.Count; i++) own += Math.Abs(history.Values[i] - history.Values[i - 1]);
        own = span > 0 ? own / span : 0;
        var pooled = peers is { } p ? p.RelativeSpread * Math.Abs(history.LastValue) : 0;
        var unit = Math.Max(Math.Max(own, pooled), BacktestMetrics.Resolution(history.Values));
        return unit > 0 ? unit : 1;
    }

    internal static (double Own, double Peer) Trends(SeriesHistory history, PeerEvidence? peers)
    {
        var span = history.LastYear - history.FirstYear;
        var own = span > 0 ? (history.LastValue - history.Values[0]) / span : 0;
        var peer = peers is { } p ? p.RelativeChange * Math.Abs(history.LastValue) : own;
        return (own, peer);
    }

    /// <summary>Steps 1..<paramref name="maxStep"/> from the last <see cref="MaximumPoints"/> figures of any series (a base method of production).</summary>
    internal double[] Path(SeriesHistory history, PeerEvidence? peers, int maxStep)
    {
        var cut = history.Count > MaximumPoints ? LastPoints(history, MaximumPoints) : history;
        var path = new double[maxStep];
        for (var step = 1; step <= maxStep; step++) path[step - 1] = Point(cut, peers, step);
        return path;
    }

    internal double Point(SeriesHistory history, PeerEvidence? peers, int step)
    {
        var (own, peer) = Trends(history, peers);
        return history.Clamp(history.LastValue + step * (OwnWeight * own + PeerWeight * peer));
    }

    private readonly record struct Case(int Origin, int Points, int Step, double Last, double Own, double Peer, double Unit, double Actual, double? Min, double? Max)
    {
        public double Point(double a, double b)
        {
            var v = Last + Step * (a * Own + b * Peer);
            if (Min is { } lo && v < lo) v = lo;
            if (Max is { } hi && v > hi) v = hi;
            return v;
        }
    }

    /// <summary>The last <paramref name="points"/> figures of <paramref name="history"/>.</summary>
    public static SeriesHistory LastPoints(SeriesHistory history, int points)
    {
        var skip = Math.Max(0, history.Count - points);
        return new SeriesHistory(history.Id, [.. history.Years.Skip(skip)], [.. history.Values.Skip(skip)],
            history.Min, history.Max, history.HigherIsBetter, history.Group);
    }

    /// <summary>
    /// Fits the trend weights and the error quantiles on <paramref name="series"/> cut to their last two and three
    /// figures at each origin from <paramref name="firstOrigin"/> to the cutoff − 1, scored on their later figures up to
    /// the cutoff; peers as of each origin. Only series with <paramref name="established"/> figures or more at the origin
    /// are cut: series that were themselves young then (tables just begun) erred more, and calibrating on them made the
    /// intervals of cut series 3–4 points too wide on years and tables the fit never saw. Long steps are rescaled to
    /// today's turbulence when <paramref name="anchorLongSteps"/> (as the main calibration does).
    /// </summary>
    internal static ShortSeriesModel Fit(IReadOnlyList<SeriesHistory> series, PeerPool peers, int firstOrigin, int cutoff, int maxStep, int fitSteps,
        int established, bool anchorLongSteps)
    {
        var perSeries = new List<Case>[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { MaxDegreeOfParallelism = 1 }, i =>
        {
            var list = new List<Case>();
            var h = series[i];
            for (var origin = firstOrigin; origin < cutoff; origin++)
            {
                var past = h.Through(origin);
                if (past.Count < Math.Max(MinimumPoints, established) || past.Count == h.Count) continue;
                var evidence = peers.At(h.Group, origin);
                for (var points = MinimumPoints; points <= MaximumPoints; points++)
                {
                    if (past.Count < points) break;
                    var cut = LastPoints(past, points);
                    var (own, peer) = Trends(cut, evidence);
                    var unit = Unit(cut, evidence);
                    for (var t = past.Count; t < h.Count; t++)
                    {
                        var year = h.Years[t];
                        var step = year - cut.LastYear;
                        if (year > cutoff || step > maxStep) break;
                        list.Add(new Case(origin, points, step, cut.LastValue, own, peer, unit, h.Values[t], h.Min, h.Max));
                    }
                }
            }
            perSeries[i] = list;
        });
        var cases = perSeries.SelectMany(l => l).ToList();

        // Weights: the pair with the least mean bounded unit error over the first steps (the time-series CV the
        // main blend also uses: every case is forecast from an origin and scored on later years only).
        double bestA = 0.5, bestB = 0.5, bestLoss = double.PositiveInfinity;
        var fitting = cases.Where(c => c.Step <= fitSteps).ToList();
        if (fitting.Count >= IntervalCalibration.MinimumErrorsPerStep)
            foreach (var a in Grid)
            foreach (var b in Grid)
            {
                if (a + b > 1.0 + 1e-9) continue;
                var loss = 0.0;
                foreach (var c in fitting) loss += Math.Min(ProductionBlend.ChoiceLossCap, Math.Abs(c.Actual - c.Point(a, b)) / c.Unit);
                if (loss < bestLoss - 1e-9) { bestLoss = loss; bestA = a; bestB = b; }
            }

        // Long steps are scored only from old origins: rescale their errors by how much wider one-step errors were at
        // those origins than at the last three (as the main calibration does), so widths take today's turbulence.
        double OneStepSpread(Func<int, bool> origin)
        {
            var e = cases.Where(c => c.Step == 1 && origin(c.Origin)).Select(c => Math.Abs(c.Actual - c.Point(bestA, bestB)) / c.Unit).Order().ToArray();
            return e.Length >= IntervalCalibration.MinimumErrorsPerStep ? e[(int)(e.Length * 0.8)] : double.NaN;
        }
        var recent = OneStepSpread(o => o >= cutoff - 3);
        var factors = new Dictionary<int, double>();
        foreach (var g in cases.GroupBy(c => c.Step))
        {
            var origins = g.Select(c => c.Origin).ToHashSet();
            var then = OneStepSpread(origins.Contains);
            factors[g.Key] = anchorLongSteps && double.IsFinite(recent) && double.IsFinite(then) && then > 0 ? recent / then : 1;
        }

        var errors = new ErrorDistribution[MaximumPoints - MinimumPoints + 1][];
        for (var points = MinimumPoints; points <= MaximumPoints; points++)
        {
            var list = new List<ErrorDistribution>();
            for (var step = 1; step <= maxStep; step++)
            {
                var f = factors.GetValueOrDefault(step, 1);
                var e = cases.Where(c => c.Points == points && c.Step == step).Select(c => f * (c.Actual - c.Point(bestA, bestB)) / c.Unit).ToList();
                if (e.Count < IntervalCalibration.MinimumErrorsPerStep) break;
                list.Add(ErrorDistribution.FromSamples(e));
            }
            // Too little history to measure: a wide normal prior, flagged by IsCalibrated.
            errors[points - MinimumPoints] = list.Count > 0 ? [.. list] : [ErrorDistribution.RandomWalkPrior];
        }
        var record = new TrackRecord.Builder();
        foreach (var c in cases)
        {
            var steps = errors[c.Points - MinimumPoints];
            var d = c.Step <= steps.Length ? steps[c.Step - 1] : steps[^1].Stretch((double)c.Step / steps.Length);
            var point = c.Point(bestA, bestB);
            var e = (c.Actual - point) / c.Unit;
            record.Add(c.Points, c.Step, c.Actual - point, c.Actual - c.Last,
                e >= d.Quantile(0.10) && e <= d.Quantile(0.90), e >= d.Quantile(0.025) && e <= d.Quantile(0.975));
        }
        return new ShortSeriesModel(bestA, bestB, errors, cases.Count, [.. record.Cells(IntervalCalibration.MinimumErrorsPerStep)]);
    }
}
