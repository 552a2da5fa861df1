namespace Analytics.Ml;

/// <summary>
/// How the provinces of one indicator moved recently, year by year: medians over the group's series
/// of scale-free recent changes. A province's own trend over a few noisy years is a poor guide; the
/// same indicator's trend across 63 provinces is a steadier one, and the global model weighs the two.
/// Each year's figures use only data up to that year.
/// </summary>
internal sealed class GroupTrends
{
    public static readonly GroupTrends Empty = new(new Dictionary<(string, int), GroupTrend>());

    private readonly Dictionary<(string Group, int Year), GroupTrend> _trends;

    private GroupTrends(Dictionary<(string, int), GroupTrend> trends) => _trends = trends;

    public int Count => _trends.Count;

    internal IEnumerable<KeyValuePair<(string Group, int Year), GroupTrend>> Entries => _trends;

    internal static GroupTrends Of(IEnumerable<KeyValuePair<(string Group, int Year), GroupTrend>> entries) =>
        new(entries.ToDictionary(e => e.Key, e => e.Value));

    public GroupTrend? For(SeriesHistory history) =>
        history.Group is { } g && _trends.TryGetValue((g, history.LastYear), out var t) ? t : null;

    /// <summary>Trends for every group and every year up to <paramref name="cutoffYear"/> with at least <paramref name="minimumSeries"/> series.</summary>
    public static GroupTrends Build(IReadOnlyList<SeriesHistory> series, int cutoffYear, int minimumSeries = 5)
    {
        var samples = new Dictionary<(string, int), List<(double Last, double Three, double Log, double Level)>>();
        foreach (var h in series)
        {
            if (h.Group is null) continue;
            var past = h.Through(cutoffYear);
            if (past.Count < 2) continue;
            var v = AnnualSeries.From(past).Values;
            var first = past.FirstYear;
            var sumAbs = 0.0;
            for (var i = 1; i < v.Length; i++)
            {
                sumAbs += Math.Abs(v[i] - v[i - 1]);
                if (i < 3) continue;
                var year = first + i;
                if (past.ValueAt(year) is null) continue; // only years the series actually reports
                var scale = sumAbs / i;
                if (scale <= 0) continue;
                var log = v[i] > 0 && v[i - 3] > 0 ? Math.Log(v[i] / v[i - 3]) / 3 : double.NaN;
                var key = (h.Group, year);
                if (!samples.TryGetValue(key, out var list)) samples[key] = list = [];
                list.Add(((v[i] - v[i - 1]) / scale, (v[i] - v[i - 3]) / 3 / scale, log, v[i]));
            }
        }
        var trends = new Dictionary<(string, int), GroupTrend>();
        foreach (var (key, list) in samples)
        {
            if (list.Count < minimumSeries) continue;
            var logs = list.Select(x => x.Log).Where(double.IsFinite).ToList();
            trends[key] = new GroupTrend(Median(list.Select(x => x.Last)), Median(list.Select(x => x.Three)),
                logs.Count >= minimumSeries ? Median(logs) : 0, Median(list.Select(x => x.Level)),
                Quantile(list.Select(x => x.Three), 0.75) - Quantile(list.Select(x => x.Three), 0.25), list.Count);
        }
        return new GroupTrends(trends);
    }

    private static double Quantile(IEnumerable<double> values, double level)
    {
        var a = values.ToArray();
        Array.Sort(a);
        return a[(int)Math.Round(level * (a.Length - 1))];
    }

    private static double Median(IEnumerable<double> values)
    {
        var a = values.ToArray();
        Array.Sort(a);
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }
}

/// <summary>Median scale-free changes of one indicator across provinces in one year.</summary>
internal sealed record GroupTrend(double LastChange, double ThreeYearChange, double LogGrowth, double MedianLevel, double ThreeYearSpread, int Series);
