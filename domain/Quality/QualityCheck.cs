using Analytics.Domain.Geography;

namespace Analytics.Domain.Quality;

/// <summary>
/// Runs every rule: over all stored figures (<see cref="Run"/>), or on a batch against what is stored
/// (<see cref="CheckBatch"/>), answering only the batch's flags. Rules flag; nothing here drops or changes a figure.
/// </summary>
public sealed class QualityCheck(IndicatorRelations? relations = null, Gazetteer? gazetteer = null, QualityThresholds? thresholds = null)
{
    private readonly IndicatorRelations _relations = relations ?? IndicatorRelations.None;
    private readonly QualityThresholds _t = thresholds ?? QualityThresholds.Default;

    public QualityThresholds Thresholds => _t;

    public IReadOnlyList<QualityFlag> Run(IReadOnlyList<QualityFigure> figures) => Run(figures, PeerStats.From(figures, _t), null);

    /// <summary>
    /// The flags on <paramref name="batch"/>'s figures, read against <paramref name="stored"/> (a batch figure replaces a
    /// stored one of the same province, indicator and year). <paramref name="peers"/>, when given, are the stored
    /// figures' peer statistics computed once beforehand, so a large batch costs one pass over the series it touches.
    /// </summary>
    public IReadOnlyList<QualityFlag> CheckBatch(IReadOnlyList<QualityFigure> stored, IReadOnlyList<QualityFigure> batch, PeerStats? peers = null)
    {
        var touched = batch.Select(f => f.Ref).ToHashSet();
        var series = batch.Select(f => (f.Province, f.Indicator)).ToHashSet();
        var indicators = batch.Select(f => f.Indicator).ToHashSet();
        foreach (var r in _relations.Parts) if (indicators.Contains(r.Other!)) indicators.Add(r.Indicator);
        // A share is judged with its count and denominator, whichever of the three the batch brings.
        foreach (var r in _relations.Shares)
            if (indicators.Contains(r.Indicator) || indicators.Contains(r.Other!) || indicators.Contains(r.Denominator!))
                indicators.UnionWith([r.Indicator, r.Other!, r.Denominator!]);
        var merged = stored.Where(f => indicators.Contains(f.Indicator) && !touched.Contains(f.Ref)).Concat(batch).ToList();
        var stats = peers ?? PeerStats.From(merged, _t);
        return [.. Run(merged, stats, series).Where(f => touched.Contains(f.Figure))];
    }

    /// <summary>
    /// The flags a run over everything <paramref name="stored"/> gives the figures <paramref name="wanted"/> (a batch's,
    /// once stored), from only the stored figures those flags depend on: the whole series of each wanted figure; every
    /// province's figures of its indicator within <see cref="QualityThresholds.CopiedYears"/> − 1 years of it (its peers
    /// of the year, and the rows it may be a copy of); and its province's figures of that year of the indicators it is
    /// read with (its wholes, a share's count and denominator). Only the wanted figures' series are judged, so a batch
    /// costs what its own series and years cost, not what its indicators hold.
    /// </summary>
    public IReadOnlyList<QualityFlag> CheckStored(IEnumerable<QualityFigure> stored, IReadOnlyCollection<FigureRef> wanted)
    {
        var reach = Math.Max(_t.CopiedYears - 1, 0);
        var series = new HashSet<(string, string)>();
        var near = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var readWith = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var beside = new HashSet<FigureRef>();
        foreach (var f in wanted)
        {
            series.Add((f.Province, f.Indicator));
            if (!near.TryGetValue(f.Indicator, out var years)) near[f.Indicator] = years = [];
            for (var y = f.Year - reach; y <= f.Year + reach; y++) years.Add(y);
            if (!readWith.TryGetValue(f.Indicator, out var others)) readWith[f.Indicator] = others = [.. _relations.ReadWith(f.Indicator)];
            foreach (var other in others) beside.Add(new FigureRef(f.Province, other, f.Year));
        }
        var scoped = stored.Where(f => series.Contains((f.Province, f.Indicator))
                                       || (near.TryGetValue(f.Indicator, out var years) && years.Contains(f.Year))
                                       || beside.Contains(f.Ref)).ToList();
        var wantedSet = wanted as IReadOnlySet<FigureRef> ?? wanted.ToHashSet();
        return [.. Run(scoped, PeerStats.From(scoped, _t), series).Where(f => wantedSet.Contains(f.Figure))];
    }

    private List<QualityFlag> Run(IReadOnlyList<QualityFigure> figures, PeerStats peers, HashSet<(string, string)>? onlySeries)
    {
        var flags = new List<QualityFlag>();
        var explanations = new MergerExplanations(gazetteer);
        foreach (var byIndicator in figures.GroupBy(f => f.Indicator))
        {
            var rows = byIndicator.GroupBy(f => f.Province)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<QualityFigure>)[.. g.OrderBy(f => f.Year)]);
            foreach (var (province, series) in rows)
            {
                if (onlySeries is not null && !onlySeries.Contains((province, byIndicator.Key))) continue;
                SeriesChecks.Run(series, _t, year => explanations.For(province, year), flags);
                foreach (var f in series)
                    foreach (var flag in peers.Check(f, _t))
                        // A slip is read from the peers only where the series is too short to speak for itself: a
                        // province with a thousandth of the others' cattle, year after year, is small, not mistyped.
                        if (flag.Rule != QualityRule.UnitSlip || series.Count < _t.MinHistory) flags.Add(flag);
                if (_relations.IsCumulative(byIndicator.Key)) Cumulative(series, flags);
            }
            CopiedRows.Find(rows, _t, flags);
        }
        // One index of the figures for both cross-indicator rules.
        var byRef = new Dictionary<FigureRef, QualityFigure>();
        foreach (var f in figures) byRef[f.Ref] = f;
        PartsAndWholes(figures, byRef, flags);
        Shares(figures, byRef, flags);
        return flags;
    }

    private void Cumulative(IReadOnlyList<QualityFigure> series, List<QualityFlag> flags)
    {
        for (var i = 1; i < series.Count; i++)
        {
            var (previous, f) = (series[i - 1], series[i]);
            if (f.Value >= previous.Value) continue;
            flags.Add(new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.CumulativeFalls, f.Value,
                f.Value - previous.Value, 0, previous.Value, null,
                Bilingual.Both(
                    $"số lũy kế {SeriesChecks.NumberVi(f.Value)} nhỏ hơn năm {SeriesChecks.Year(previous.Year)} ({SeriesChecks.NumberVi(previous.Value)})",
                    $"the cumulative {SeriesChecks.Number(f.Value)} is below {SeriesChecks.Year(previous.Year)}'s {SeriesChecks.Number(previous.Value)}")));
        }
    }

    private void PartsAndWholes(IReadOnlyList<QualityFigure> figures, Dictionary<FigureRef, QualityFigure> byRef, List<QualityFlag> flags)
    {
        var parts = _relations.Parts.ToList();
        if (parts.Count == 0) return;
        foreach (var relation in parts)
            foreach (var part in figures.Where(f => f.Indicator == relation.Indicator))
            {
                if (!byRef.TryGetValue(new FigureRef(part.Province, relation.Other!, part.Year), out var whole)) continue;
                // A whole rounded to fewer digits than its part may be a hair smaller; more than 0.5 % is not rounding.
                if (part.Value <= whole.Value * 1.005) continue;
                flags.Add(new QualityFlag(part.Province, part.Indicator, part.Year, QualityRule.PartExceedsWhole, part.Value,
                    whole.Value == 0 ? double.PositiveInfinity : part.Value / whole.Value, 1, 0, whole.Value,
                    Bilingual.Both(
                        $"{SeriesChecks.NumberVi(part.Value)} lớn hơn tổng {relation.Other} ({SeriesChecks.NumberVi(whole.Value)}) mà nó là một phần: {relation.Reason}",
                        $"{SeriesChecks.Number(part.Value)} exceeds {relation.Other} ({SeriesChecks.Number(whole.Value)}), the whole it is part of: {relation.Reason}")));
            }
    }

    /// <summary>
    /// <see cref="QualityRule.ShareMismatch"/>: where a share, its count and its denominator are all stored for a province
    /// and year, the share must be count ÷ denominator × factor, within the tolerance or one unit of the share's last
    /// written digit. A zero denominator gives no share to compare with, and says nothing.
    /// </summary>
    private void Shares(IReadOnlyList<QualityFigure> figures, Dictionary<FigureRef, QualityFigure> byRef, List<QualityFlag> flags)
    {
        var shares = _relations.Shares.ToList();
        if (shares.Count == 0) return;
        foreach (var relation in shares)
            foreach (var share in figures.Where(f => f.Indicator == relation.Indicator))
            {
                if (!byRef.TryGetValue(new FigureRef(share.Province, relation.Other!, share.Year), out var count)) continue;
                if (!byRef.TryGetValue(new FigureRef(share.Province, relation.Denominator!, share.Year), out var denominator)) continue;
                if (denominator.Value == 0) continue;
                var expected = count.Value / denominator.Value * relation.Factor;
                var digit = LastDigitUnit(share.Value);
                var allowed = Math.Max(_t.ShareTolerance * Math.Abs(expected), digit);
                var off = Math.Abs(share.Value - expected);
                if (off <= allowed) continue;
                var factor = relation.Factor == 1 ? "" : $" × {SeriesChecks.Number(relation.Factor)}";
                flags.Add(new QualityFlag(share.Province, share.Indicator, share.Year, QualityRule.ShareMismatch, share.Value,
                    off / Math.Max(Math.Abs(expected), digit), _t.ShareTolerance, expected - allowed, expected + allowed,
                    Bilingual.Both(
                        $"{SeriesChecks.NumberVi(share.Value)} khác {relation.Other} ÷ {relation.Denominator}{factor} = {SeriesChecks.NumberVi(count.Value)} ÷ {SeriesChecks.NumberVi(denominator.Value)}{factor} = {SeriesChecks.NumberVi(expected)}: {relation.Reason}",
                        $"{SeriesChecks.Number(share.Value)} differs from {relation.Other} ÷ {relation.Denominator}{factor} = {SeriesChecks.Number(count.Value)} ÷ {SeriesChecks.Number(denominator.Value)}{factor} = {SeriesChecks.Number(expected)}: {relation.Reason}")));
            }
    }

    /// <summary>One unit of the last digit a figure is written with (24.18 → 0.01, 95 → 1): the most rounding or cutting can change.</summary>
    internal static double LastDigitUnit(double value)
    {
        var text = Math.Abs(value).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (text.Contains('E')) return 0;
        var point = text.IndexOf('.');
        return point < 0 ? 1 : Math.Pow(10, -(text.Length - point - 1));
    }
}

/// <summary>
/// The breaks the gazetteer explains: a province that absorbed another (Hà Tây into Hà Nội on 2008-08-01; the 2025
/// mergers) changes level in the year of the merger or the year after, and that is the merger, not an error.
/// </summary>
internal sealed class MergerExplanations(Gazetteer? gazetteer)
{
    private readonly Dictionary<string, List<(AdministrativeUnit Absorbed, DateOnly On)>> _absorbed = Build(gazetteer);

    private static Dictionary<string, List<(AdministrativeUnit, DateOnly)>> Build(Gazetteer? gazetteer)
    {
        var map = new Dictionary<string, List<(AdministrativeUnit, DateOnly)>>(StringComparer.Ordinal);
        if (gazetteer is null) return map;
        foreach (var unit in gazetteer.All)
        {
            if (unit.To is not { } end || gazetteer.SuccessorOf(unit) is not { } successor) continue;
            if (successor.TerritoryCode == unit.TerritoryCode) continue;
            if (!map.TryGetValue(successor.TerritoryCode, out var list)) map[successor.TerritoryCode] = list = [];
            list.Add((unit, end.AddDays(1)));
        }
        return map;
    }

    public Words? For(string territory, int year)
    {
        if (!_absorbed.TryGetValue(territory, out var list)) return null;
        var merged = list.Where(m => year == m.On.Year || year == m.On.Year + 1).ToList();
        if (merged.Count == 0) return null;
        var on = merged[0].On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var names = string.Join(", ", merged.Select(m => m.Absorbed.NameVi));
        return Bilingual.Both($"{names} sáp nhập vào đơn vị này ngày {on}: số liệu đổi mức vì địa giới đổi",
            $"{names} merged into this unit on {on}: the figures change level because the territory changed");
    }
}

/// <summary>
/// <see cref="QualityRule.CopiedRow"/>: two provinces whose figures agree over several consecutive years. Rows that
/// never change (0, 0, 0) or are written with one or two digits (0.2, 0.1, 0.2; 3, 4, 4) agree by chance and are passed over.
/// </summary>
internal static class CopiedRows
{
    /// <summary>Significant digits of a figure as written (its round-trip form), sign, point and outer zeros left out.</summary>
    private static int SignificantDigits(string written) => written.TrimStart('-').Replace(".", "").TrimStart('0').TrimEnd('0').Length;

    private static QualityFigure[] Window(IReadOnlyList<QualityFigure> series, int from, int count)
    {
        var window = new QualityFigure[count];
        for (var j = 0; j < count; j++) window[j] = series[from + j];
        return window;
    }

    /// <summary>A window of consecutive years: its first year and a hash of its figures' exact values.</summary>
    private readonly record struct WindowKey(int FirstYear, long Hash);

    /// <summary>Where a window is: its province's series and its first figure there.</summary>
    private readonly record struct WindowAt(string Province, IReadOnlyList<QualityFigure> Series, int Start);

    public static void Find(IReadOnlyDictionary<string, IReadOnlyList<QualityFigure>> rows, QualityThresholds t, List<QualityFlag> flags)
    {
        var k = t.CopiedYears;
        // Windows keyed by a hash of their exact values (no text per window: an upload's check made one for every
        // figure); windows that share a key are compared value by value before they count as copies.
        // Nearly every key is met once: its first window is kept alone, and a list is made only for a second.
        var first = new Dictionary<WindowKey, (int Order, WindowAt At)>(rows.Values.Sum(r => r.Count));
        var shared = new Dictionary<WindowKey, List<WindowAt>>();
        // In province order, so that which window flags a figure first, and the reason it gives, never depend on the
        // order the stored figures were read in.
        foreach (var (province, series) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (series.Count < k) continue;
            var telling = new bool[series.Count];
            for (var i = 0; i < series.Count; i++)
                telling[i] = SignificantDigits(series[i].Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) >= 3;
            for (var i = 0; i + k <= series.Count; i++)
            {
                if (series[i + k - 1].Year - series[i].Year != k - 1) continue;
                var varies = false;
                var digits = 0;
                var hash = new HashCode();
                for (var j = i; j < i + k; j++)
                {
                    varies |= !series[j].Value.Equals(series[i].Value);
                    if (telling[j]) digits++;
                    hash.Add(BitConverter.DoubleToInt64Bits(series[j].Value));
                }
                if (!varies || digits < 2) continue;
                var key = new WindowKey(series[i].Year, hash.ToHashCode());
                var at = new WindowAt(province, series, i);
                if (!first.TryGetValue(key, out var earlier)) first[key] = (first.Count, at);
                else if (shared.TryGetValue(key, out var list)) list.Add(at);
                else shared[key] = [earlier.At, at];
            }
        }

        var seen = new HashSet<FigureRef>();
        // Keys in the order they were first met, as the windows were read.
        foreach (var bucket in shared.OrderBy(b => first[b.Key].Order).Select(b => b.Value))
            foreach (var group in Copies(bucket, k).Where(g => g.Count > 1))
                foreach (var at in group)
                {
                    var twins = string.Join(", ", group.Where(g => g.Province != at.Province).Select(g => g.Province).Order(StringComparer.Ordinal));
                    var window = Window(at.Series, at.Start, k);
                    foreach (var f in window)
                    {
                        if (!seen.Add(f.Ref)) continue;
                        flags.Add(new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.CopiedRow, f.Value, k, k, null, null,
                            Bilingual.Both(
                                $"trùng từng số với tỉnh {twins} trong {k} năm liền từ {SeriesChecks.Year(window[0].Year)}: có thể chép nhầm dòng",
                                $"identical to province {twins} for {k} years in a row from {SeriesChecks.Year(window[0].Year)}: perhaps a copied row")));
                    }
                }
    }

    /// <summary>The windows of one key split into groups of exactly equal values (bit for bit, as their written forms), in order of first appearance.</summary>
    private static List<List<WindowAt>> Copies(List<WindowAt> bucket, int k)
    {
        var groups = new List<List<WindowAt>>();
        foreach (var at in bucket)
        {
            var group = groups.Find(g => Same(g[0], at, k));
            if (group is null) groups.Add([at]);
            else group.Add(at);
        }
        return groups;
    }

    private static bool Same(WindowAt a, WindowAt b, int k)
    {
        for (var j = 0; j < k; j++)
            if (BitConverter.DoubleToInt64Bits(a.Series[a.Start + j].Value) != BitConverter.DoubleToInt64Bits(b.Series[b.Start + j].Value)) return false;
        return true;
    }
}
