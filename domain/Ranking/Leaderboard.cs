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
        var year = query.Year ?? LatestYear(entries, query, query.Kind) ?? 0;
        var field = Field(query, year);
        var figures = FiguresFor(entries, field, year, query.Kind);
        var current = Compete(figures.Select(f => (f.Key, f.Value)), direction);
        var previous = Compete(FiguresFor(entries, field, year - 1, query.Kind).Select(f => (f.Key, f.Value)), direction)
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
        var qualifiers = figures.Where(f => f.Qualifier is not null).ToDictionary(f => f.Key, f => f.Qualifier, StringComparer.Ordinal);
        var uncertain = UncertainOrder(figures);

        var ranked = current.Select(r =>
        {
            int? before = previous.TryGetValue(r.Key, out var p) ? p.Rank : null;
            return new RankingRow(r.Key, r.Value, r.Rank, before, before - r.Rank,
                qualifiers.GetValueOrDefault(r.Key), uncertain.GetValueOrDefault(r.Key));
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

    /// <summary>
    /// For each figure whose order against another is not known, those others: a pair is uncertain when one of the two
    /// is qualified and the values each may truly have (<see cref="Qualifiers.Range"/>) meet, so either could be the
    /// larger or they could be equal ("&gt; 40" against 50, "≥ 40" against 40, "&gt; 40" against "&gt; 50"). Two exact figures
    /// are always in a known order (a tie is a tie); "&gt; 40" against 30, or against 40, is known too. Ranks stay those of
    /// the stored values: this only says which of them rest on a bound. Costs the qualified figures times all figures.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> UncertainOrder(IReadOnlyList<(string Key, double Value, Qualifier? Qualifier)> figures)
    {
        // Most rankings hold exact figures only: nothing to compare, nothing to allocate for.
        if (!figures.Any(f => f.Qualifier is not null)) return EmptyOrder;
        var against = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var all = figures.Select(f => (f.Key, Range: Qualifiers.Range(f.Value, f.Qualifier), Exact: f.Qualifier is null)).ToList();
        foreach (var q in all.Where(f => !f.Exact))
            foreach (var other in all)
            {
                if (other.Key == q.Key || !q.Range.Overlaps(other.Range)) continue;
                Add(q.Key, other.Key);
                Add(other.Key, q.Key);
            }
        return against.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)[.. a.Value], StringComparer.Ordinal);

        void Add(string key, string other)
        {
            if (!against.TryGetValue(key, out var set)) against[key] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(other);
        }
    }

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyOrder = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The provinces that take part in a year: all of them, or those that existed then when lifetimes are given.</summary>
    private static IReadOnlyList<string> Field(RankingQuery query, int year)
    {
        if (query.Lifetimes is not { } lifetimes) return query.Provinces;
        var field = new List<string>(query.Provinces.Count);
        for (var i = 0; i < query.Provinces.Count; i++)
            if (lifetimes[i].Contains(year)) field.Add(query.Provinces[i]);
        return field;
    }

    /// <summary>The latest year one of the provinces has a figure for while it existed (Hà Nội's 2030 figure is no year of the 63).</summary>
    private static int? LatestYear(IReadOnlyDictionary<string, SeriesSummary> entries, RankingQuery query, ObservationKind kind)
    {
        int? latest = null;
        for (var i = 0; i < query.Provinces.Count; i++)
        {
            if (!entries.TryGetValue(query.Provinces[i], out var summary)) continue;
            var lifetime = query.Lifetimes?[i] ?? YearSpan.Always;
            foreach (var v in summary.Values)
            {
                if (v.Kind == kind && (latest is null || v.Year > latest) && lifetime.Contains(v.Year)) latest = v.Year;
            }
        }
        return latest;
    }

    private static List<(string Key, double Value, Qualifier? Qualifier)> FiguresFor(
        IReadOnlyDictionary<string, SeriesSummary> entries,
        IReadOnlyList<string> provinces,
        int year,
        ObservationKind kind)
    {
        var values = new List<(string Province, double Value, Qualifier? Qualifier)>(provinces.Count);
        foreach (var province in provinces)
        {
            if (!entries.TryGetValue(province, out var summary)) continue;
            foreach (var v in summary.Values)
            {
                if (v.Year == year && v.Kind == kind) { values.Add((province, v.Value, v.Qualifier)); break; }
            }
        }
        return values;
    }
}
