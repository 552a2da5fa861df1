namespace Analytics.Ml;

/// <summary>
/// <c>analog</c>: a nearest-neighbour forecast pooled across provinces and indicators. Every training series'
/// windows of its last <see cref="AnalogOptions.Window"/> figures (ending at an observed year) are kept scale-free: each
/// figure less the window's last, over the window's mean absolute yearly change, with what followed 1..H years on in the
/// same units. A series is forecast by the <see cref="AnalogOptions.Neighbours"/> windows whose shape is nearest its own
/// last figures' (Euclidean), the median of what followed them, carried back to its level and scale. A window counts
/// for a step only if the year it is scored on is at or before the cutoff asked for, so a rolling-origin copy never
/// sees a year after its origin. A series shorter than the window is compared on windows of its own length. The
/// windows are data, not fitted parameters: like the peers, a model handed more series
/// (<see cref="ForecastModel.WithPeerData"/>) reads their windows up to its data year too. A window of four figures and
/// 160 neighbours were chosen among the variants of the seventh round in docs/forecasting.md.
/// </summary>
internal sealed class AnalogModel
{
    public const string MethodName = "analog";

    private readonly AnalogOptions _options;
    private readonly Library[] _libraries; // by window length − MinimumWindow
    private readonly int _cutoff;

    /// <summary>
    /// Windows of one length: shapes [window][length − 1], (y_i − y_last) / scale, oldest first; futures
    /// [window][MaxStep], (y_(last+h) − y_last) / scale, NaN when not observed; the year each window ends.
    /// </summary>
    internal sealed record Library(int Length, float[] Shapes, float[] Futures, int[] EndYears);

    /// <summary>The shortest window: a series with fewer figures than <see cref="AnalogOptions.Window"/> is compared on its own length.</summary>
    public const int MinimumWindow = 4;

    private AnalogModel(AnalogOptions options, Library[] libraries, int cutoff)
    {
        _options = options;
        _libraries = libraries;
        _cutoff = cutoff;
    }

    internal AnalogOptions Options => _options;

    internal IReadOnlyList<Library> Libraries => _libraries;

    internal static AnalogModel Of(AnalogOptions options, Library[] libraries, int cutoff) => new(options, libraries, cutoff);

    public int Windows => _libraries.Length == 0 ? 0 : _libraries[^1].EndYears.Length;

    public int CutoffYear => _cutoff;

    /// <summary>Windows of every series, as known at the end of <paramref name="cutoffYear"/>.</summary>
    public static AnalogModel Build(IReadOnlyList<SeriesHistory> series, int cutoffYear, AnalogOptions options)
    {
        var libraries = new List<Library>();
        for (var w = Math.Min(MinimumWindow, options.Window); w <= options.Window; w++) libraries.Add(BuildLibrary(series, cutoffYear, options, w));
        return new AnalogModel(options, [.. libraries], cutoffYear);
    }

    private static Library BuildLibrary(IReadOnlyList<SeriesHistory> series, int cutoffYear, AnalogOptions options, int w)
    {
        var shapes = new List<float>();
        var futures = new List<float>();
        var endYears = new List<int>();
        foreach (var h in series)
        {
            var past = h.Through(cutoffYear);
            if (past.Count < 2) continue;
            var v = AnnualSeries.From(past).Values;
            for (var e = w - 1; e < v.Length - 1; e++)
            {
                var year = past.FirstYear + e;
                if (year < cutoffYear - options.HistoryYears || past.ValueAt(year) is null) continue;
                var scale = WindowScale(v, e, w);
                if (scale <= 0) continue;
                for (var i = e - w + 1; i < e; i++) shapes.Add((float)((v[i] - v[e]) / scale));
                for (var s = 1; s <= options.MaxStep; s++)
                {
                    var clip = options.Clip + options.Clip * Math.Sqrt(s);
                    futures.Add(e + s < v.Length ? (float)Math.Clamp((v[e + s] - v[e]) / scale, -clip, clip) : float.NaN);
                }
                endYears.Add(year);
            }
        }
        // Every forecast reads every window, and training forecasts every series at several origins: past a bound the
        // cost would grow with the square of the series. A window is kept by a fixed hash of its place, so the sample
        // is the same in every run and follows neither the order of the series nor their years (a plain stride would
        // keep every k-th series, or skip whole years).
        var stride = (endYears.Count + options.MaxWindows - 1) / options.MaxWindows;
        if (stride <= 1) return new Library(w, [.. shapes], [.. futures], [.. endYears]);
        var kept = new List<int>();
        for (var j = 0; j < endYears.Count; j++)
            if (Mix((ulong)j) % (ulong)stride == 0) kept.Add(j);
        var (dims, steps) = (w - 1, options.MaxStep);
        var keptShapes = new float[kept.Count * dims];
        var keptFutures = new float[kept.Count * steps];
        var keptYears = new int[kept.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            var j = kept[k];
            for (var i = 0; i < dims; i++) keptShapes[k * dims + i] = shapes[j * dims + i];
            for (var i = 0; i < steps; i++) keptFutures[k * steps + i] = futures[j * steps + i];
            keptYears[k] = endYears[j];
        }
        return new Library(w, keptShapes, keptFutures, keptYears);
    }

    /// <summary>SplitMix64's finaliser: every bit of the input moves every bit of the output.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    private static double WindowScale(double[] v, int end, int window)
    {
        var sum = 0.0;
        for (var i = end - window + 2; i <= end; i++) sum += Math.Abs(v[i] - v[i - 1]);
        return sum / (window - 1);
    }

    /// <summary>
    /// Forecast path for steps 1..<paramref name="maxStep"/>, from windows scored at or before <paramref name="cutoffYear"/>
    /// (default: the model's own cutoff). A series shorter than the window, or with no neighbour, stays at its last figure.
    /// </summary>
    public double[] Path(AnnualSeries s, int maxStep, int? cutoffYear = null)
    {
        var cutoff = Math.Min(cutoffYear ?? _cutoff, _cutoff);
        var path = new double[maxStep];
        var v = s.Values;
        var last = v[^1];
        Array.Fill(path, last);
        if (_libraries.Length == 0 || v.Length < _libraries[0].Length) return path;
        var library = _libraries[Math.Min(v.Length - _libraries[0].Length, _libraries.Length - 1)];
        var w = library.Length;
        var shapes = library.Shapes;
        var futures = library.Futures;
        var endYears = library.EndYears;
        var scale = WindowScale(v, v.Length - 1, w);
        if (scale <= 0) scale = s.Scale;
        if (scale <= 0) return path;
        var dims = w - 1;
        Span<float> query = stackalloc float[dims];
        for (var i = 0; i < dims; i++) query[i] = (float)((v[v.Length - w + i] - last) / scale);

        // The nearest windows that have at least their first step scored by the cutoff (a bounded max-heap by distance).
        var m = _options.Candidates;
        var heapDist = new float[m];
        var heapIdx = new int[m];
        var count = 0;
        for (var j = 0; j < endYears.Length; j++)
        {
            if (endYears[j] + 1 > cutoff) continue;
            var d = 0f;
            var o = j * dims;
            for (var i = 0; i < dims; i++) { var x = shapes[o + i] - query[i]; d += x * x; }
            if (count < m) { heapDist[count] = d; heapIdx[count] = j; SiftUp(heapDist, heapIdx, count++); }
            else if (d < heapDist[0]) { heapDist[0] = d; heapIdx[0] = j; SiftDown(heapDist, heapIdx, m); }
        }
        if (count == 0) return path;
        var order = Enumerable.Range(0, count).OrderBy(i => heapDist[i]).Select(i => heapIdx[i]).ToArray();
        var k = _options.Neighbours;
        var values = new List<double>(k);
        for (var step = 1; step <= maxStep; step++)
        {
            var h = Math.Min(step, _options.MaxStep);
            values.Clear();
            foreach (var j in order)
            {
                if (endYears[j] + h > cutoff) continue;
                var z = futures[j * _options.MaxStep + h - 1];
                if (float.IsNaN(z)) continue;
                values.Add(z * (step > _options.MaxStep ? (double)step / _options.MaxStep : 1));
                if (values.Count == k) break;
            }
            if (values.Count < _options.MinimumNeighbours) { path[step - 1] = step > 1 ? path[step - 2] : last; continue; }
            path[step - 1] = s.Clamp(last + scale * PeerPool.Median(values));
        }
        return path;
    }

    private static void SiftUp(float[] d, int[] idx, int i)
    {
        while (i > 0)
        {
            var p = (i - 1) / 2;
            if (d[p] >= d[i]) break;
            (d[p], d[i]) = (d[i], d[p]);
            (idx[p], idx[i]) = (idx[i], idx[p]);
            i = p;
        }
    }

    private static void SiftDown(float[] d, int[] idx, int n)
    {
        var i = 0;
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, largest = i;
            if (l < n && d[l] > d[largest]) largest = l;
            if (r < n && d[r] > d[largest]) largest = r;
            if (largest == i) return;
            (d[largest], d[i]) = (d[i], d[largest]);
            (idx[largest], idx[i]) = (idx[i], idx[largest]);
            i = largest;
        }
    }
}

/// <summary>Settings of <see cref="AnalogModel"/>.</summary>
public sealed record AnalogOptions
{
    /// <summary>Figures compared (the last one is the anchor, so Window − 1 numbers describe a shape).</summary>
    public int Window { get; init; } = 4;

    /// <summary>Nearest windows whose median is the forecast.</summary>
    public int Neighbours { get; init; } = 160;

    /// <summary>Fewest neighbours a step needs; fewer: the previous step's forecast.</summary>
    public int MinimumNeighbours { get; init; } = 5;

    /// <summary>Nearest windows kept before each step's filter by year.</summary>
    public int Candidates { get; init; } = 640;

    /// <summary>Steps ahead stored per window; longer steps stretch the last in proportion.</summary>
    public int MaxStep { get; init; } = 10;

    /// <summary>What followed a window is clipped to ± Clip·(1 + √step) of its scale.</summary>
    public double Clip { get; init; } = 4;

    /// <summary>Only windows ending this many years before the cutoff or later.</summary>
    public int HistoryYears { get; init; } = 20;

    /// <summary>
    /// Windows kept per window length, about, at most (a fixed sample beyond it). The GSO tables have more at some lengths
    /// (0.870 → 0.871 × naive on unseen tables with the sample); 100,000 series have about a million, and every
    /// forecast reads them all: at 30,000 generated series a retrain took 159 s with 100,000 windows, 115 s with 20,000.
    /// </summary>
    public int MaxWindows { get; init; } = 20_000;
}
