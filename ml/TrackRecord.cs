namespace Analytics.Ml;

/// <summary>
/// How production did, in the rolling-origin back-test inside the training years, on series of one length band at
/// one step ahead: its error against naive's (geometric mean of the ratios) and how often its 80% and 95% intervals
/// held the actual. What a page says about "series like this one" instead of one global number.
/// </summary>
public sealed record TrackRecordCell(string Length, int Step, int Cases, double RelMae, double Coverage80, double Coverage95);

/// <summary>Production's back-test record by length of history (figures) and step ahead.</summary>
public sealed class TrackRecord
{
    /// <summary>Length bands, in figures: two, three (peer-pooled), then 4–6, 7–9, 10–14, 15 and more.</summary>
    public static readonly IReadOnlyList<(int From, int To)> Bands = [(2, 2), (3, 3), (4, 6), (7, 9), (10, 14), (15, int.MaxValue)];

    public static readonly TrackRecord Empty = new([]);

    private readonly Dictionary<(int Band, int Step), TrackRecordCell> _cells;

    public TrackRecord(IEnumerable<TrackRecordCell> cells)
    {
        Cells = [.. cells];
        _cells = Cells.ToDictionary(c => (BandIndex(c.Length), c.Step));
    }

    public IReadOnlyList<TrackRecordCell> Cells { get; }

    public static string Label(int band) => Bands[band].To == int.MaxValue ? $"{Bands[band].From}+"
        : Bands[band].From == Bands[band].To ? $"{Bands[band].From}" : $"{Bands[band].From}–{Bands[band].To}";

    public static int BandOf(int points)
    {
        for (var b = 0; b < Bands.Count; b++) if (points >= Bands[b].From && points <= Bands[b].To) return b;
        return points < 2 ? -1 : Bands.Count - 1;
    }

    private static int BandIndex(string label)
    {
        for (var b = 0; b < Bands.Count; b++) if (Label(b) == label) return b;
        throw new ArgumentException($"Unknown length band '{label}'.");
    }

    /// <summary>The record for a series of <paramref name="points"/> figures, <paramref name="step"/> years ahead (the longest step measured, beyond it); null when not measured.</summary>
    public TrackRecordCell? For(int points, int step)
    {
        var band = BandOf(points);
        if (band < 0) return null;
        for (var s = step; s >= 1; s--)
            if (_cells.TryGetValue((band, s), out var cell)) return cell;
        return null;
    }

    /// <summary>Accumulates (production error, naive error, inside 80%, inside 95%) per band and step.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<(int, int), (int N, int Rel, double LogRel, int In80, int In95)> _sums = [];

        public void Add(int points, int step, double error, double naiveError, bool in80, bool in95)
        {
            var key = (BandOf(points), step);
            if (key.Item1 < 0) return;
            var s = _sums.GetValueOrDefault(key);
            s.N++;
            if (in80) s.In80++;
            if (in95) s.In95++;
            if (Math.Abs(naiveError) > BacktestMetrics.ExactError)
            {
                s.Rel++;
                s.LogRel += Math.Log(BacktestMetrics.RelativeError(Math.Abs(error), Math.Abs(naiveError)));
            }
            _sums[key] = s;
        }

        /// <summary>Cells with at least <paramref name="minimumCases"/> cases.</summary>
        public IEnumerable<TrackRecordCell> Cells(int minimumCases) => _sums
            .Where(kv => kv.Value.N >= minimumCases && kv.Value.Rel > 0)
            .OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv => new TrackRecordCell(Label(kv.Key.Item1), kv.Key.Item2, kv.Value.N,
                Math.Round(Math.Exp(kv.Value.LogRel / kv.Value.Rel), 3),
                Math.Round((double)kv.Value.In80 / kv.Value.N, 3), Math.Round((double)kv.Value.In95 / kv.Value.N, 3)));
    }
}
