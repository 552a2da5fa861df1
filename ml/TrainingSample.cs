namespace Analytics.Ml;

/// <summary>
/// Which series the global model and the rolling-origin cases learn from when there are more than
/// <see cref="ForecastTrainingOptions.MaxTrainingSeries"/>: training cost grows with the rows, while what
/// the model learns (scale-free change patterns) is already well estimated from a few tens of thousands of
/// series. Stratified by indicator (<see cref="SeriesHistory.Group"/>): each keeps its share of the sample,
/// and every indicator keeps at least one series (as long as the cap is not below the number of indicators),
/// so a small one is never dropped wholesale. Within an indicator the series are taken in the order of a
/// fixed hash of their id, so the same data always gives the same sample, in any process.
/// </summary>
internal static class TrainingSample
{
    /// <summary>
    /// At most <paramref name="max"/> of <paramref name="series"/> (all of them when <paramref name="max"/> is 0 or
    /// not below the count), in their given order.
    /// </summary>
    public static IReadOnlyList<SeriesHistory> Draw(IReadOnlyList<SeriesHistory> series, int max)
    {
        if (max <= 0 || series.Count <= max) return series;
        // The r-th of an indicator's n series (in hash order) is keyed r/n; the smallest keys overall win, so each
        // indicator contributes in proportion to its size, and every indicator's first series (key 0) comes first.
        var keyed = new List<(double Key, ulong Hash, SeriesHistory History)>(series.Count);
        foreach (var group in series.GroupBy(s => s.Group))
        {
            var members = group.Select(h => (Hash: StableHash(h.Id), History: h))
                .OrderBy(m => m.Hash).ThenBy(m => m.History.Id, StringComparer.Ordinal).ToList();
            for (var rank = 0; rank < members.Count; rank++)
                keyed.Add(((double)rank / members.Count, members[rank].Hash, members[rank].History));
        }
        var chosen = keyed.OrderBy(k => k.Key).ThenBy(k => k.Hash).ThenBy(k => k.History.Id, StringComparer.Ordinal)
            .Take(max).Select(k => k.History).ToHashSet(ReferenceEqualityComparer.Instance);
        return series.Where(chosen.Contains).ToList();
    }

    /// <summary>
    /// FNV-1a over the id's characters, then SplitMix64's finaliser so ids that differ only in their province
    /// prefix spread evenly. Not string.GetHashCode, which is seeded afresh in every process.
    /// </summary>
    internal static ulong StableHash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in id) hash = unchecked((hash ^ ch) * 1099511628211UL);
        hash = unchecked((hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL);
        hash = unchecked((hash ^ (hash >> 27)) * 0x94D049BB133111EBUL);
        return hash ^ (hash >> 31);
    }
}
