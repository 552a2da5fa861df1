namespace Analytics.Domain;

/// <summary>Persisted state of a series grain. Mutated only by <see cref="SeriesState.Apply"/>.</summary>
public sealed class SeriesState
{
    public Dictionary<ObservationKey, SeriesPoint> Points { get; set; } = [];

    /// <summary>Bumped on every change; lets the leaderboard ignore stale or repeated pushes.</summary>
    public long Version { get; set; }

    public SeriesState Copy() => new() { Points = new(Points), Version = Version };

    /// <summary>
    /// Merges a batch into the series. Pure apart from the state itself, so it is unit-testable without a cluster.
    /// <paramref name="auditId"/> is the audit entry of the batch: new and revised figures carry it, and a revision
    /// records both the entry that stored the old value and the one that replaced it.
    /// </summary>
    public UpsertCounts Apply(IEnumerable<Observation> observations, DateTimeOffset now, string? auditId = null)
    {
        var counts = new UpsertCounts();
        foreach (var o in observations)
        {
            if (!Points.TryGetValue(o.Key, out var current))
            {
                Points[o.Key] = new SeriesPoint(o.Year, o.Quarter, o.Kind, o.Value, o.Unit, o.Source, o.Quote, now, [], auditId, Qualifier: o.Qualifier);
                counts += new UpsertCounts(1, 0, 0);
            }
            else if (current.Value.Equals(o.Value) && current.Qualifier == o.Qualifier && current.Current)
            {
                // The same figure again (perhaps from another document) is not news; keep the first provenance. A new
                // qualifier alone ("40" becoming "> 40") is a correction like a new value.
                counts += new UpsertCounts(0, 1, 0);
            }
            else
            {
                // The first and the newest revisions are kept, InputLimits.RevisionsPerFigure in all; those between are
                // counted and dropped (see there why): a figure stays correctable however often it is re-sent.
                var all = new List<Revision>(current.Revisions.Count + 1);
                all.AddRange(current.Revisions);
                all.Add(new Revision(current.Value, current.Source, current.Quote, current.IngestedAt, now, current.AuditId, auditId, current.Qualifier));
                var (revisions, dropped) = Compacted(all, InputLimits.RevisionsPerFigure);
                Points[o.Key] = new SeriesPoint(o.Year, o.Quarter, o.Kind, o.Value, o.Unit ?? current.Unit, o.Source, o.Quote, now, revisions, auditId,
                    current.CompactedRevisions + dropped, Qualifier: o.Qualifier);
                counts += new UpsertCounts(0, 0, 1);
            }
        }
        if (counts.Inserted + counts.Revised > 0) Version++;
        return counts;
    }

    /// <summary>
    /// Withdraws the current figures that <paramref name="matches"/> (those of one batch, one year, one kind): they stay
    /// in the history with the reason, and no longer count. A figure sent again later replaces a withdrawn one.
    /// </summary>
    public int Withdraw(Func<SeriesPoint, bool> matches, Withdrawal withdrawal)
    {
        var withdrawn = 0;
        foreach (var (key, p) in Points.ToArray())
        {
            if (!p.Current || !matches(p)) continue;
            Points[key] = p with { Withdrawn = withdrawal };
            withdrawn++;
        }
        if (withdrawn > 0) Version++;
        return withdrawn;
    }

    /// <summary>Removes the figures withdrawn by the withdrawal <paramref name="withdrawalAuditId"/> before <paramref name="before"/>; answers how many.</summary>
    public int Purge(string withdrawalAuditId, DateTimeOffset before)
    {
        var purged = 0;
        foreach (var (key, p) in Points.ToArray())
        {
            if (p.Withdrawn is not { } w || w.AuditId != withdrawalAuditId || w.At >= before) continue;
            Points.Remove(key);
            purged++;
        }
        if (purged > 0) Version++;
        return purged;
    }

    /// <summary>
    /// Keeps the first and the latest revisions of every figure, <paramref name="keep"/> (at least 2) in all, and counts
    /// those dropped. A series grain compacts to two when its state would outgrow its size limit, so its size is
    /// bounded by its figures, not by how often they were revised, and the next sender's correction still fits.
    /// </summary>
    public int Compact(int keep = 2)
    {
        var dropped = 0;
        foreach (var (key, p) in Points.ToArray())
        {
            if (p.Revisions.Count <= keep) continue;
            var (revisions, n) = Compacted(p.Revisions, keep);
            Points[key] = p with { Revisions = revisions, CompactedRevisions = p.CompactedRevisions + n };
            dropped += n;
        }
        return dropped;
    }

    private static (IReadOnlyList<Revision> Kept, int Dropped) Compacted(IReadOnlyList<Revision> revisions, int keep)
    {
        keep = Math.Max(2, keep);
        if (revisions.Count <= keep) return (revisions, 0);
        var kept = new List<Revision>(keep) { revisions[0] };
        kept.AddRange(revisions.Skip(revisions.Count - (keep - 1)));
        return (kept, revisions.Count - keep);
    }

    /// <summary>
    /// Makes equal texts of this series one instance each. Units and sources, a small vocabulary repeated across the
    /// whole catalogue, go through the silo-wide <paramref name="pool"/>; quotes and audit ids, which belong to one
    /// figure or one batch, are shared within the series only (a series citing one document for every year holds its
    /// words once), so the pool never fills with them. Values are unchanged: only which string instance holds them.
    /// </summary>
    public void ShareText(TextPool pool)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Local(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            if (local.TryGetValue(text, out var shared)) return shared;
            local[text] = text;
            return text;
        }

        foreach (var (key, p) in Points.ToArray())
        {
            var (unit, source, quote, auditId) = (pool.Share(p.Unit), pool.Share(p.Source), Local(p.Quote), Local(p.AuditId));
            var revisions = ShareText(p.Revisions, pool, Local);
            if (!ReferenceEquals(unit, p.Unit) || !ReferenceEquals(source, p.Source) || !ReferenceEquals(quote, p.Quote)
                || !ReferenceEquals(auditId, p.AuditId) || !ReferenceEquals(revisions, p.Revisions))
                Points[key] = p with { Unit = unit, Source = source, Quote = quote, AuditId = auditId, Revisions = revisions };
        }
    }

    private static IReadOnlyList<Revision> ShareText(IReadOnlyList<Revision> revisions, TextPool pool, Func<string?, string?> local)
    {
        // Most figures were never revised: one empty list for all of them instead of one each from storage.
        if (revisions.Count == 0) return [];
        Revision[]? changed = null;
        for (var i = 0; i < revisions.Count; i++)
        {
            var r = revisions[i];
            var (source, quote, auditId, replacedBy) = (pool.Share(r.Source), local(r.Quote), local(r.AuditId), local(r.ReplacedByAuditId));
            if (ReferenceEquals(source, r.Source) && ReferenceEquals(quote, r.Quote) && ReferenceEquals(auditId, r.AuditId)
                && ReferenceEquals(replacedBy, r.ReplacedByAuditId)) continue;
            changed ??= [.. revisions];
            changed[i] = r with { Source = source, Quote = quote, AuditId = auditId, ReplacedByAuditId = replacedBy };
        }
        return changed ?? revisions;
    }

    public IReadOnlyList<SeriesPoint> Ordered() =>
        [.. Points.Values.OrderBy(p => p.Year).ThenBy(p => p.Quarter ?? 0).ThenBy(p => p.Kind)];
}
