using System.Globalization;

namespace Analytics.Domain.Quality;

/// <summary>
/// The within-series rules on one province's yearly figures for one indicator: a level shift (break) first, then, in
/// each stretch between breaks, figures out of line with their neighbours (<see cref="QualityRule.SeriesValue"/>) and
/// yearly changes out of line with the others (<see cref="QualityRule.SeriesChange"/>), and for each suspect figure
/// whether it is ≈ 10ⁿ × what the series predicts (<see cref="QualityRule.UnitSlip"/>). Positive series are read on a
/// log scale, so a province's size does not matter and growth is a straight line; series with zeros or negatives on
/// their own scale.
/// </summary>
internal static class SeriesChecks
{
    /// <summary>The powers of ten a slip is named by, and in which words.</summary>
    private static readonly int[] SlipPowers = [1, -1, 3, -3, 6, -6];

    public static void Run(IReadOnlyList<QualityFigure> series, QualityThresholds t, Func<int, Words?> explain, List<QualityFlag> flags)
    {
        if (series.Count < t.MinHistory) return;
        var s = new SeriesScale(series);
        var breaks = new List<int>();
        if (LevelShift(s, 0, s.Count, t) is { } shift)
        {
            breaks.Add(shift.Index);
            var f = series[shift.Index];
            var before = s.Back(shift.Before);
            flags.Add(new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.LevelShift, f.Value, shift.Z, t.LevelShiftZ, null, null,
                Bilingual.Both(
                    $"từ năm {Year(f.Year)} chuỗi số liệu ở mức khác hẳn: khoảng {RatioVi(s, shift.Step)} so với các năm trước (quanh {NumberVi(before)})",
                    $"from {Year(f.Year)} on the series runs at another level: about {Ratio(s, shift.Step)} the years before (around {Number(before)})"),
                explain(f.Year)));
            if (Slip(s, shift.Step, t) is { } power)
                flags.Add(SlipFlag(f, power, before, t, fromYearOn: true, explain(f.Year)));
        }

        var edges = new List<int> { 0 };
        edges.AddRange(breaks);
        edges.Add(s.Count);
        for (var e = 0; e + 1 < edges.Count; e++)
            Stretch(series, s, edges[e], edges[e + 1], t, explain, flags);
    }

    private sealed record Shift(int Index, double Step, double Z, double Before);

    /// <summary>
    /// The strongest break in [from, to): a year from which the detrended series stays on the other side of the step,
    /// at least two years on each side, the step far beyond the series' usual yearly change and large in itself.
    /// </summary>
    private static Shift? LevelShift(SeriesScale s, int from, int to, QualityThresholds t)
    {
        if (to - from < 4) return null;
        var trend = s.MedianChange(from, to);
        // The stretch's yearly changes (change k ends at figure from + 1 + k), and room for all but one of them.
        Span<double> changes = to - from - 1 <= Robust.StackLimit ? stackalloc double[to - from - 1] : new double[to - from - 1];
        s.ChangesPerYear(from, to, changes);
        Span<double> others = changes.Length - 1 <= Robust.StackLimit ? stackalloc double[changes.Length - 1] : new double[changes.Length - 1];
        Span<double> sides = stackalloc double[6];
        Shift? best = null;
        for (var i = from + 2; i <= to - 2; i++)
        {
            var first = Math.Max(from, i - 3);
            var before = sides[..(i - first)];
            var after = sides.Slice(3, Math.Min(to, i + 3) - i);
            for (var j = 0; j < before.Length; j++) before[j] = s.Detrended(first + j, trend);
            for (var j = 0; j < after.Length; j++) after[j] = s.Detrended(i + j, trend);
            var step = Robust.Median(after) - Robust.Median(before);
            var (beforeMin, beforeMax) = (Robust.Min(before), Robust.Max(before));
            var (afterMin, afterMax) = (Robust.Min(after), Robust.Max(after));
            var persists = step > 0 ? afterMin > beforeMax : afterMax < beforeMin;
            // Both sides must be levels, not noise: each side's own range well inside the step.
            var level = beforeMax - beforeMin <= Math.Abs(step) / 2 && afterMax - afterMin <= Math.Abs(step) / 2;
            if (!persists || !level || s.Effect(step) < t.MinRelativeEffect) continue;
            // The spread of the other yearly changes: the step must be far beyond what a year usually brings.
            var n = 0;
            for (var k = 0; k < changes.Length; k++)
                if (from + 1 + k != i) others[n++] = changes[k] - trend;
            var mad = Robust.Mad(others[..n], Robust.Median(others[..n]));
            var z = Robust.Z(step, 0, mad, s.Floor);
            if (Math.Abs(z) < t.LevelShiftZ) continue;
            if (best is null || Math.Abs(z) > Math.Abs(best.Z)) best = new Shift(i, step, z, 0);
        }
        if (best is null) return null;
        // Report the level before in the figure's own scale (undo the detrending at the last year before the break).
        var last = best.Index - 1;
        return best with { Before = s.X[last] };
    }

    /// <summary>Spikes and jumps inside one stretch without breaks.</summary>
    private static void Stretch(IReadOnlyList<QualityFigure> series, SeriesScale s, int from, int to, QualityThresholds t,
        Func<int, Words?> explain, List<QualityFlag> flags)
    {
        if (to - from < 4) return;
        var active = Enumerable.Range(from, to - from).ToList();
        var suspects = new Dictionary<int, (double Z, double Predicted, double Mad)>();
        Span<double> predictions = to - from <= Robust.StackLimit ? stackalloc double[to - from] : new double[to - from];
        Span<double> residualsOf = to - from <= Robust.StackLimit ? stackalloc double[to - from] : new double[to - from];
        // One figure at a time, the worst first, each removed before the next is judged: a wild figure makes its
        // neighbours look wild too when they are predicted from it.
        for (var round = 0; round < Math.Max(1, (to - from) / 4) && active.Count >= 4; round++)
        {
            var trend = s.MedianChange(active);
            var predicted = predictions[..active.Count];
            var residuals = residualsOf[..active.Count];
            for (var k = 0; k < active.Count; k++)
            {
                predicted[k] = s.Predict(active, k, trend);
                residuals[k] = s.X[active[k]] - predicted[k];
            }
            var centre = Robust.Median(residuals);
            var mad = Robust.Mad(residuals, centre);
            var worst = -1;
            var worstZ = 0.0;
            for (var k = 0; k < active.Count; k++)
            {
                var z = Robust.Z(residuals[k], centre, mad, s.Floor);
                if (Math.Abs(z) > Math.Abs(worstZ)) (worst, worstZ) = (k, z);
            }
            if (worst < 0 || Math.Abs(worstZ) < t.SeriesValueZ || s.Effect(residuals[worst]) < t.MinRelativeEffect) break;
            suspects[active[worst]] = (worstZ, predicted[worst], Math.Max(mad, s.Floor));
            active.RemoveAt(worst);
        }

        foreach (var (i, (z, predicted, mad)) in suspects)
        {
            var f = series[i];
            var half = t.SeriesValueZ / Robust.Consistency * mad;
            var (low, high) = (s.Back(predicted - half), s.Back(predicted + half));
            flags.Add(new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.SeriesValue, f.Value, z, t.SeriesValueZ, low, high,
                Bilingual.Both(
                    $"{NumberVi(f.Value)} lệch khỏi các năm lân cận của tỉnh, vốn cho thấy khoảng {NumberVi(low)}–{NumberVi(high)}",
                    $"{Number(f.Value)} is out of line with the province's neighbouring years, which suggest {Number(low)}–{Number(high)}"),
                explain(f.Year)));
            if (Slip(s, s.X[i] - predicted, t) is { } power)
                flags.Add(SlipFlag(f, power, s.Back(predicted), t, fromYearOn: false, explain(f.Year)));
        }

        // Yearly changes against the stretch's other changes; a change is the later figure's, unless the figure before
        // it is the one out of line (the first year of a stretch, or the figure the value rule found).
        if (to - from - 1 < 3) return;
        // Change k ends at figure from + 1 + k.
        Span<double> perYear = to - from - 1 <= Robust.StackLimit ? stackalloc double[to - from - 1] : new double[to - from - 1];
        s.ChangesPerYear(from, to, perYear);
        var median = Robust.Median(perYear);
        var spread = Robust.Mad(perYear, median);
        var flagged = new HashSet<int>();
        for (var k = 0; k < perYear.Length; k++)
        {
            var index = from + 1 + k;
            var z = Robust.Z(perYear[k], median, spread, s.Floor);
            if (Math.Abs(z) < t.SeriesChangeZ || s.Effect(s.X[index] - s.X[index - 1]) < t.MinRelativeEffect) continue;
            var culprit = suspects.ContainsKey(index - 1) && !suspects.ContainsKey(index) ? index - 1 : index;
            if (!flagged.Add(culprit)) continue;
            var f = series[culprit];
            var previous = series[index - 1];
            var reach = t.SeriesChangeZ / Robust.Consistency * Math.Max(spread, s.Floor);
            var gap = series[index].Year - previous.Year;
            var (low, high) = culprit == index
                ? (s.Back(s.X[index - 1] + (median - reach) * gap), s.Back(s.X[index - 1] + (median + reach) * gap))
                : ((double?)null, (double?)null);
            flags.Add(new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.SeriesChange, f.Value, z, t.SeriesChangeZ, low, high,
                Bilingual.Both(
                    $"từ {NumberVi(previous.Value)} ({Year(previous.Year)}) đến {NumberVi(series[index].Value)} ({Year(series[index].Year)}): thay đổi khác hẳn các năm khác của tỉnh",
                    $"from {Number(previous.Value)} ({Year(previous.Year)}) to {Number(series[index].Value)} ({Year(series[index].Year)}): a change unlike the province's other years"),
                explain(series[index].Year)));
        }
    }

    /// <summary>The power of ten a deviation (in the series' scale) amounts to, when it is one a slip would make.</summary>
    private static int? Slip(SeriesScale s, double deviation, QualityThresholds t)
    {
        if (!s.Log) return null;
        var powers = deviation / Math.Log(10);
        var n = (int)Math.Round(powers);
        return SlipPowers.Contains(n) && Math.Abs(powers - n) <= t.SlipTolerance ? n : null;
    }

    internal static QualityFlag SlipFlag(QualityFigure f, int power, double expected, QualityThresholds t, bool fromYearOn, Words? explanation)
    {
        var factor = Math.Pow(10, power);
        var (vi, en) = SlipWords(power);
        var from = fromYearOn ? Bilingual.Both($" từ năm {Year(f.Year)}", $" from {Year(f.Year)} on") : Bilingual.Both("", "");
        return new QualityFlag(f.Province, f.Indicator, f.Year, QualityRule.UnitSlip, f.Value, power, t.SlipTolerance,
            expected / Math.Sqrt(10), expected * Math.Sqrt(10),
            Bilingual.Both(
                $"{NumberVi(f.Value)} ≈ {FactorVi(power)} so với mức dự kiến {NumberVi(expected)}{from.Vi}: {vi}",
                $"{Number(f.Value)} ≈ {Factor(power)} the expected {Number(expected)}{from.En}: {en}"),
            explanation);
    }

    private static (string Vi, string En) SlipWords(int power) => power switch
    {
        1 => ("có thể mất dấu thập phân (86,2 thành 862)", "a decimal mark lost (86.2 read as 862)"),
        -1 => ("có thể lệch dấu thập phân một chữ số (÷10)", "a decimal slip of one place (÷10)"),
        3 => ("có thể ghi theo đơn vị thay vì nghìn", "units given where thousands are meant"),
        -3 => ("có thể ghi theo nghìn thay vì đơn vị, hoặc dấu chấm phân cách hàng nghìn bị đọc là dấu thập phân", "thousands given where units are meant, or a thousands '.' read as a decimal mark"),
        6 => ("có thể ghi theo đơn vị thay vì triệu", "units given where millions are meant"),
        -6 => ("có thể ghi theo triệu thay vì đơn vị", "millions given where units are meant"),
        _ => ("", ""),
    };

    internal static string Factor(int power, IFormatProvider? culture = null) => power > 0
        ? "×" + Math.Pow(10, power).ToString("#,0", culture ?? CultureInfo.InvariantCulture)
        : "÷" + Math.Pow(10, -power).ToString("#,0", culture ?? CultureInfo.InvariantCulture);

    private static string Ratio(SeriesScale s, double step, IFormatProvider? culture = null) =>
        s.Log ? "×" + Math.Exp(step).ToString(Math.Exp(step) >= 10 ? "0" : "0.##", culture ?? CultureInfo.InvariantCulture)
              : (step >= 0 ? "+" : "") + Number(step, culture);

    internal static string Number(double v, IFormatProvider? culture = null) => Math.Abs(v) >= 1000 || v == Math.Round(v)
        ? v.ToString("0.##", culture ?? CultureInfo.InvariantCulture)
        : v.ToString("G4", culture ?? CultureInfo.InvariantCulture);

    // The Vietnamese reasons write numbers as Vietnamese readers do (4,5 and 1.000): "4.499" there reads as four thousand.
    private static readonly IFormatProvider Vietnamese = Bilingual.VietnameseNumbers;

    internal static string NumberVi(double v) => Number(v, Vietnamese);

    internal static string FactorVi(int power) => Factor(power, Vietnamese);

    private static string RatioVi(SeriesScale s, double step) => Ratio(s, step, Vietnamese);

    internal static string Year(int y) => y.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One series in the scale the rules compare it in: log for all-positive figures, the figures themselves otherwise.</summary>
internal sealed class SeriesScale
{
    public SeriesScale(IReadOnlyList<QualityFigure> series)
    {
        var n = series.Count;
        Years = new int[n];
        X = new double[n];
        Log = true;
        for (var i = 0; i < n; i++) Log &= series[i].Value > 0;
        Span<double> sizes = n <= Robust.StackLimit ? stackalloc double[n] : new double[n];
        var resolution = 0.0;
        for (var i = 0; i < n; i++)
        {
            var v = series[i].Value;
            Years[i] = series[i].Year;
            X[i] = Log ? Math.Log(v) : v;
            sizes[i] = Math.Abs(v);
            resolution = Math.Max(resolution, Resolution(v));
        }
        var level = Robust.Median(sizes);
        Level = level > 0 ? level : Math.Max(1e-9, Robust.Max(sizes));
        // The smallest spread taken seriously: 1 % of the level, and never less than the figures' own resolution (a
        // series written to one decimal around 0.2 moves by halves through rounding alone), so a smooth or coarsely
        // rounded series does not make every rounding difference look infinitely unusual.
        Floor = Log ? Math.Max(0.01, resolution / Level) : Math.Max(0.01 * Level, resolution);
    }

    /// <summary>The last digit a figure is written to: 1 for 1846, 0.1 for 86.2 (at most six decimals are read).</summary>
    private static double Resolution(double v)
    {
        for (var d = 0; d <= 6; d++)
        {
            var scaled = v * Math.Pow(10, d);
            if (Math.Abs(scaled - Math.Round(scaled)) < 1e-6 * Math.Max(1, Math.Abs(scaled))) return Math.Pow(10, -d);
        }
        return 1e-6;
    }

    public int[] Years { get; }
    public double[] X { get; }
    public bool Log { get; }
    public double Level { get; }
    public double Floor { get; }
    public int Count => X.Length;

    public double Back(double x) => Log ? Math.Exp(x) : x;

    /// <summary>How large a difference is in itself: a log ratio, or a share of the series' level.</summary>
    public double Effect(double dx) => Log ? Math.Abs(dx) : Math.Abs(dx) / Level;

    /// <summary>Writes the yearly changes of figures [from, to) into <paramref name="perYear"/>: change k ends at figure from + 1 + k.</summary>
    public void ChangesPerYear(int from, int to, Span<double> perYear)
    {
        for (var i = from + 1; i < to; i++) perYear[i - from - 1] = (X[i] - X[i - 1]) / (Years[i] - Years[i - 1]);
    }

    public double MedianChange(int from, int to)
    {
        if (to - from < 2) return double.NaN;
        Span<double> perYear = to - from - 1 <= Robust.StackLimit ? stackalloc double[to - from - 1] : new double[to - from - 1];
        ChangesPerYear(from, to, perYear);
        return Robust.Median(perYear);
    }

    public double MedianChange(IReadOnlyList<int> indices)
    {
        if (indices.Count < 2) return double.NaN;
        Span<double> perYear = indices.Count - 1 <= Robust.StackLimit ? stackalloc double[indices.Count - 1] : new double[indices.Count - 1];
        for (var k = 1; k < indices.Count; k++)
            perYear[k - 1] = (X[indices[k]] - X[indices[k - 1]]) / (Years[indices[k]] - Years[indices[k - 1]]);
        return Robust.Median(perYear);
    }

    public double Detrended(int i, double trend) => X[i] - trend * (Years[i] - Years[0]);

    /// <summary>What the neighbours say figure <c>indices[k]</c> should be: between them, or from the nearest one along the trend.</summary>
    public double Predict(IReadOnlyList<int> indices, int k, double trend)
    {
        var i = indices[k];
        if (k > 0 && k < indices.Count - 1)
        {
            var (p, q) = (indices[k - 1], indices[k + 1]);
            return X[p] + (X[q] - X[p]) * (Years[i] - Years[p]) / (Years[q] - Years[p]);
        }
        var n = k == 0 ? indices[1] : indices[k - 1];
        return X[n] + trend * (Years[i] - Years[n]);
    }
}
