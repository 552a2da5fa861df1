namespace Analytics.Domain;

/// <summary>Persisted state of a series grain. Mutated only by <see cref="SeriesState.Apply"/>.</summary>
public sealed class SeriesState
{
    public Dictionary<ObservationKey, SeriesPoint> Points { get; set; } = [];

    /// <summary>Bumped on every change; lets the leaderboard ignore stale or repeated pushes.</summary>
    public long Version { get; set; }

    public SeriesState Copy() => new() { Points = new(Points), Version = Version };

    /// <summary>Merges a batch into the series. Pure apart from the state itself, so it is unit-testable without a cluster.</summary>
    public UpsertCounts Apply(IEnumerable<Observation> observations, DateTimeOffset now)
    {
        var counts = new UpsertCounts();
        foreach (var o in observations)
        {
            if (!Points.TryGetValue(o.Key, out var current))
            {
                Points[o.Key] = new SeriesPoint(o.Year, o.Quarter, o.Kind, o.Value, o.Unit, o.Source, o.Quote, now, []);
                counts += new UpsertCounts(1, 0, 0);
            }
            else if (current.Value.Equals(o.Value))
            {
                // The same figure again (perhaps from another document) is not news; keep the first provenance.
                counts += new UpsertCounts(0, 1, 0);
            }
            else
            {
                var revisions = new List<Revision>(current.Revisions.Count + 1);
                revisions.AddRange(current.Revisions);
                revisions.Add(new Revision(current.Value, current.Source, current.Quote, current.IngestedAt, now));
                Points[o.Key] = new SeriesPoint(o.Year, o.Quarter, o.Kind, o.Value, o.Unit ?? current.Unit, o.Source, o.Quote, now, revisions);
                counts += new UpsertCounts(0, 0, 1);
            }
        }
        if (counts.Inserted + counts.Revised > 0) Version++;
        return counts;
    }

    public IReadOnlyList<SeriesPoint> Ordered() =>
        [.. Points.Values.OrderBy(p => p.Year).ThenBy(p => p.Quarter ?? 0).ThenBy(p => p.Kind)];
}
