namespace Analytics.Domain;

/// <summary>
/// The ranking arithmetic, apart from the grain so tests can call it directly.
/// Competition ranking ("1, 2, 2, 4"): tied values share the best rank and the next rank skips. <see cref="Compete"/>
/// is the one place that rule lives; rankings by value and by attainment both go through it.
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
        var field = Field(query, year);
        var current = RanksFor(entries, field, year, query.Kind, direction);
        var previous = RanksFor(entries, field, year - 1, query.Kind, direction).ToDictionary(r => r.Key, StringComparer.Ordinal);

        var ranked = current.Select(r =>
        {
            int? before = previous.TryGetValue(r.Key, out var p) ? p.Rank : null;
            return new RankingRow(r.Key, r.Value, r.Rank, before, before - r.Rank);
        });
        if (query.Top is { } top) ranked = ranked.Where(r => r.Rank <= top);

        // Provinces without a figure still appear, after the ranked ones, so a gap in reporting is visible.
        var rankedCodes = current.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var unranked = field
            .Where(p => !rankedCodes.Contains(p))
            .Order(StringComparer.Ordinal)
            .Select(p => new RankingRow(p, null, null, previous.TryGetValue(p, out var prev) ? prev.Rank : null, null));

        return new Ranking(indicator, year, query.Kind, direction,
            [.. ranked, .. query.Top is null ? unranked : []]);
    }

    /// <summary>
    /// Competition ranks of keyed values, best first (direction-aware); equal values share the best rank and the next
    /// rank skips. Ties are listed by key (ordinal), so the same figures always give the same order.
    /// </summary>
    public static List<(string Key, double Value, int Rank)> Compete(IEnumerable<(string Key, double Value)> values, Direction direction)
    {
        var sorted = values.ToList();
        sorted.Sort((a, b) =>
        {
            // Context indicators (no better or worse) are listed largest first, like higher-is-better; the ranking
            // carries the direction so a reader can tell a position from a verdict.
            var byValue = direction == Direction.LowerIsBetter ? a.Value.CompareTo(b.Value) : b.Value.CompareTo(a.Value);
            return byValue != 0 ? byValue : string.CompareOrdinal(a.Key, b.Key);
        });
        var ranked = new List<(string Key, double Value, int Rank)>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var rank = i > 0 && sorted[i].Value.Equals(sorted[i - 1].Value) ? ranked[i - 1].Rank : i + 1;
            ranked.Add((sorted[i].Key, sorted[i].Value, rank));
        }
        return ranked;
    }

    /// <summary>The provinces that take part in a year: all of them, or those that existed then when lifetimes are given.</summary>
    private static IReadOnlyList<string> Field(RankingQuery query, int year)
    {
        if (query.Lifetimes is not { } lifetimes) return query.Provinces;
        var field = new List<string>(query.Provinces.Count);
        for (var i = 0; i < query.Provinces.Count; i++)
            if (lifetimes[i].Contains(year)) field.Add(query.Provinces[i]);
        return field;
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

    private static List<(string Key, double Value, int Rank)> RanksFor(
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
        return Compete(values, direction);
    }
}
