namespace Analytics.Domain.Quality;

/// <summary>
/// The centre and spread of every province's figure for one indicator and year, computed once from stored data so a
/// batch is checked against its peers without re-reading them (<see cref="QualityRule.PeerOutlier"/>). Counts and
/// money are compared on a log scale: Hà Nội and Bắc Kạn differ by orders of magnitude, and on a plain scale the
/// largest provinces would always be "outliers".
/// </summary>
public sealed class PeerStats
{
    private readonly Dictionary<(string Indicator, int Year), Centre> _centres;

    private PeerStats(Dictionary<(string, int), Centre> centres) => _centres = centres;

    private sealed record Centre(bool Log, double Median, double Mad, int Count);

    public static PeerStats From(IEnumerable<QualityFigure> figures, QualityThresholds? thresholds = null)
    {
        var t = thresholds ?? QualityThresholds.Default;
        var centres = new Dictionary<(string, int), Centre>();
        foreach (var group in figures.GroupBy(f => (f.Indicator, f.Year)))
        {
            var values = group.Select(f => f.Value).ToList();
            if (values.Count < t.MinPeers) continue;
            var log = values.All(v => v > 0);
            var x = values.Select(v => log ? Math.Log(v) : v).ToList();
            var median = Robust.Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(x));
            centres[group.Key] = new Centre(log, median, Robust.Mad(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(x), median), values.Count);
        }
        return new PeerStats(centres);
    }

    /// <summary>The peer flag for <paramref name="f"/>, if it lies beyond the threshold; a unit-slip flag too when it is ≈ 10ⁿ (n = ±3, ±6) × the peers' median.</summary>
    internal IEnumerable<QualityFlag> Check(QualityFigure f, QualityThresholds t)
    {
        if (!_centres.TryGetValue((f.Indicator, f.Year), out var c)) yield break;
        if (c.Log && f.Value <= 0) yield break;
        var x = c.Log ? Math.Log(f.Value) : f.Value;
        var floor = c.Log ? 0.05 : 0.01 * Math.Max(Math.Abs(c.Median), 1e-9);
        var z = Robust.Z(x, c.Median, c.Mad, floor);
        if (Math.Abs(z) < t.PeerZ) yield break;
        var half = t.PeerZ / Robust.Consistency * Math.Max(c.Mad, floor);
        double Back(double v) => c.Log ? Math.Exp(v) : v;
        var (low, high, median) = (Back(c.Median - half), Back(c.Median + half), Back(c.Median));
        yield return new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.PeerOutlier, f.Value, z, t.PeerZ, low, high,
            Bilingual.Both(
                $"{SeriesChecks.NumberVi(f.Value)} khác xa {c.Count} tỉnh năm {SeriesChecks.Year(f.Year)} (trung vị {SeriesChecks.NumberVi(median)}, thường trong khoảng {SeriesChecks.NumberVi(low)}–{SeriesChecks.NumberVi(high)})",
                $"{SeriesChecks.Number(f.Value)} is far from the {c.Count} provinces of {SeriesChecks.Year(f.Year)} (median {SeriesChecks.Number(median)}, usually {SeriesChecks.Number(low)}–{SeriesChecks.Number(high)})"));
        if (!c.Log) yield break;
        // Only large powers: provinces differ too much for a ×10 against peers to mean a slip.
        var powers = (x - c.Median) / Math.Log(10);
        var n = (int)Math.Round(powers);
        if (Math.Abs(n) >= 3 && Math.Abs(n) <= 6 && n % 3 == 0 && Math.Abs(powers - n) <= 2 * t.SlipTolerance)
            yield return SeriesChecks.SlipFlag(f, n, median, t, fromYearOn: false, null);
    }
}
