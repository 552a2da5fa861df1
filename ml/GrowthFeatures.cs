namespace Analytics.Ml;

/// <summary>
/// Scale-free description of a series at its last year, for one step ahead: what the global model sees.
/// Every feature is a ratio (changes over the series' own scale, levels over bounds), so provinces of
/// any size and indicators of any unit share one model.
/// </summary>
internal static class GrowthFeatures
{
    public static readonly string[] Names =
    [
        "step", "history-years", "drift-per-scale", "last-change", "mean-change-3y", "last-vs-mean-3y",
        "last-vs-mean-all", "change-autocorrelation", "trend-efficiency", "relative-volatility",
        "relative-last-growth", "relative-drift", "share-of-range", "room-below", "room-above",
        "damped-trend-change", "escap-twlr-change", "bounded-trend-change", "change-dispersion",
        "largest-change", "share-of-rises", "previous-change", "recent-vs-full-scale",
        "change-1y-ago", "change-2y-ago", "change-3y-ago", "change-4y-ago", "change-5y-ago",
        "log-growth-last", "log-growth-5y", "drift-change",
        "group-known", "group-last-change", "group-3y-change", "group-log-growth", "own-minus-group-3y",
        "level-vs-group", "group-3y-spread", "years-to-bound",
    ];

    public static int Count => Names.Length;

    private const float Cap = 50;

    /// <summary>Fills <paramref name="f"/> (length <see cref="Count"/>) for <paramref name="step"/> years after the last one.</summary>
    public static void Compute(PreparedSeries prepared, int step, Span<float> f)
    {
        var s = prepared.Series;
        var v = s.Values;
        var n = v.Length;
        var scale = s.Scale;
        var last = v[^1];

        double meanAbsLevel = 0, mean = 0;
        foreach (var x in v) { meanAbsLevel += Math.Abs(x); mean += x; }
        meanAbsLevel /= n;
        mean /= n;

        double sumAbsChange = 0, sumChange = 0, rises = 0, maxAbs = 0;
        for (var i = 1; i < n; i++)
        {
            var d = v[i] - v[i - 1];
            sumAbsChange += Math.Abs(d);
            sumChange += d;
            if (d > 0) rises++;
            maxAbs = Math.Max(maxAbs, Math.Abs(d));
        }
        var meanChange = sumChange / (n - 1);
        double var0 = 0, cov1 = 0;
        for (var i = 1; i < n; i++)
        {
            var d = v[i] - v[i - 1] - meanChange;
            var0 += d * d;
            if (i > 1) cov1 += d * (v[i - 1] - v[i - 2] - meanChange);
        }
        var acf1 = var0 > 0 ? cov1 / var0 : 0;

        var k = Math.Min(3, n - 1);
        var meanChange3 = (last - v[n - 1 - k]) / k;
        var mean3 = 0.0;
        for (var i = n - 3; i < n; i++) mean3 += v[Math.Max(i, 0)];
        mean3 /= 3;

        var inv = scale > 0 ? 1 / scale : 0;
        f[0] = step;
        f[1] = Math.Min(n, 40);
        f[2] = Clip(meanChange * inv);
        f[3] = Clip((v[n - 1] - v[n - 2]) * inv);
        f[4] = Clip(meanChange3 * inv);
        f[5] = Clip((last - mean3) * inv);
        f[6] = Clip((last - mean) * inv);
        f[7] = (float)Math.Clamp(acf1, -1, 1);
        f[8] = sumAbsChange > 0 ? (float)((last - v[0]) / sumAbsChange) : 0;
        f[9] = meanAbsLevel > 0 ? Clip(scale / meanAbsLevel) : Cap;
        f[10] = Math.Abs(last) > 0 ? Clip((v[n - 1] - v[n - 2]) / Math.Abs(last)) : 0;
        f[11] = meanAbsLevel > 0 ? Clip(meanChange / meanAbsLevel) : 0;
        f[12] = s.Min is { } lo && s.Max is { } hi ? (float)((last - lo) / (hi - lo)) : -1;
        f[13] = s.Min is { } lo2 ? Clip((last - lo2) * inv) : Cap;
        f[14] = s.Max is { } hi2 ? Clip((hi2 - last) * inv) : Cap;
        f[15] = Clip((prepared.StatisticalPath(StatisticalMethods.DampedIndex)[step - 1] - last) * inv);
        f[16] = Clip((prepared.StatisticalPath(StatisticalMethods.TwlrIndex)[step - 1] - last) * inv);
        f[17] = Clip((prepared.StatisticalPath(StatisticalMethods.BoundedIndex)[step - 1] - last) * inv);
        f[18] = (float)(n > 2 && scale > 0 ? Math.Sqrt(var0 / (n - 2)) * inv : 0);
        f[19] = Clip(maxAbs * inv);
        f[20] = (float)(rises / (n - 1));
        f[21] = n > 2 ? Clip((v[n - 2] - v[n - 3]) * inv) : 0;

        var recent = RecentScale(v);
        f[22] = scale > 0 ? Clip(recent / scale) : 1;
        var invRecent = recent > 0 ? 1 / recent : inv;
        for (var lag = 1; lag <= 5; lag++) f[22 + lag] = n - lag >= 1 ? Clip((v[n - lag] - v[n - lag - 1]) * invRecent) : 0;
        var positive = v[n - 2] > 0 && last > 0;
        f[28] = positive ? Clip(Math.Log(last / v[n - 2])) : 0;
        var back = Math.Min(5, n - 1);
        f[29] = last > 0 && v[n - 1 - back] > 0 ? Clip(Math.Log(last / v[n - 1 - back]) / back) : 0;
        f[30] = Clip(step * meanChange * inv);

        if (prepared.Group is { } g)
        {
            f[31] = 1;
            f[32] = Clip(g.LastChange);
            f[33] = Clip(g.ThreeYearChange);
            f[34] = Clip(g.LogGrowth);
            f[35] = Clip(meanChange3 * inv - g.ThreeYearChange);
            f[36] = last > 0 && g.MedianLevel > 0 ? Clip(Math.Log(last / g.MedianLevel)) : 0;
            f[37] = Clip(g.ThreeYearSpread);
        }
        else
        {
            f[31] = 0; f[32] = 0; f[33] = 0; f[34] = 0; f[35] = 0; f[36] = 0; f[37] = 0;
        }
        // Years until the recent pace would hit the bound it is heading for (a rate nearing 100%).
        var heading = meanChange3 > 0 ? s.Max : meanChange3 < 0 ? s.Min : null;
        f[38] = heading is { } bound && meanChange3 != 0 ? Clip((bound - last) / meanChange3) : Cap;
    }

    /// <summary>Mean absolute yearly change over the last five years: the unit the global model predicts in.</summary>
    public static double RecentScale(double[] v)
    {
        var k = Math.Min(5, v.Length - 1);
        if (k < 1) return 0;
        var sum = 0.0;
        for (var i = v.Length - k; i < v.Length; i++) sum += Math.Abs(v[i] - v[i - 1]);
        return sum / k;
    }

    private static float Clip(double x) => (float)Math.Clamp(x, -Cap, Cap);
}
