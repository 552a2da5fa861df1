namespace Analytics.Domain;

/// <summary>
/// The ranking arithmetic, apart from the grain so tests can call it directly.
/// Competition ranking ("1, 2, 2, 4"): tied values share the best rank and the next rank skips.
/// </summary>
public static class Leaderboard
{
    public static Ranking Rank(
        string indicator,
        Direction direction,
        IReadOnlyDictionary<string, SeriesSummary> entries,
        RankingQuery query)
    {
        var year = query.Year ?? LatestYear(entries, query.Provinces, query.Kind) ?? 0;
        var current = RanksFor(entries, query.Provinces, year, query.Kind, direction);
        var previous = RanksFor(entries, query.Provinces, year - 1, query.Kind, direction);

        var ranked = current
            .OrderBy(r => r.Value.Rank)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r =>
            {
                int? before = previous.TryGetValue(r.Key, out var p) ? p.Rank : null;
                return new RankingRow(r.Key, r.Value.Value, r.Value.Rank, before, before - r.Value.Rank);
            });
        if (query.Top is { } top) ranked = ranked.Where(r => r.Rank <= top);

        // Provinces without a figure still appear, after the ranked ones, so a gap in reporting is visible.
        var unranked = query.Provinces
            .Where(p => !current.ContainsKey(p))
            .Order(StringComparer.Ordinal)
            .Select(p => new RankingRow(p, null, null, previous.TryGetValue(p, out var prev) ? prev.Rank : null, null));

        return new Ranking(indicator, year, query.Kind, direction,
            [.. ranked, .. query.Top is null ? unranked : []]);
    }

    private static int? LatestYear(IReadOnlyDictionary<string, SeriesSummary> entries, IReadOnlyList<string> provinces, ObservationKind kind)
    {
        int? latest = null;
        foreach (var province in provinces)
        {
            if (!entries.TryGetValue(province, out var summary)) continue;
            foreach (var v in summary.Values)
            {
                if (v.Kind == kind && (latest is null || v.Year > latest)) latest = v.Year;
            }
        }
        return latest;
    }

    private static Dictionary<string, (double Value, int Rank)> RanksFor(
        IReadOnlyDictionary<string, SeriesSummary> entries,
        IReadOnlyList<string> provinces,
        int year,
        ObservationKind kind,
        Direction direction)
    {
        var values = new List<(string Province, double Value)>(provinces.Count);
        foreach (var province in provinces)
        {
            if (!entries.TryGetValue(province, out var summary)) continue;
            foreach (var v in summary.Values)
            {
                if (v.Year == year && v.Kind == kind) { values.Add((province, v.Value)); break; }
            }
        }

        values.Sort((a, b) => direction == Direction.HigherIsBetter ? b.Value.CompareTo(a.Value) : a.Value.CompareTo(b.Value));
        var ranks = new Dictionary<string, (double, int)>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var rank = i > 0 && values[i].Value.Equals(values[i - 1].Value) ? ranks[values[i - 1].Province].Item2 : i + 1;
            ranks[values[i].Province] = (values[i].Value, rank);
        }
        return ranks;
    }
}
