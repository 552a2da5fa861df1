namespace Analytics.Domain;

/// <summary>The current figure for one observation key, with its provenance and what it replaced.</summary>
public sealed record SeriesPoint(
    int Year,
    int? Quarter,
    ObservationKind Kind,
    double Value,
    string? Unit,
    string? Source,
    string? Quote,
    DateTimeOffset IngestedAt,
    IReadOnlyList<Revision> Revisions);

/// <summary>A value that was replaced: what it was, where it came from, and when it was replaced.</summary>
public sealed record Revision(
    double Value,
    string? Source,
    string? Quote,
    DateTimeOffset IngestedAt,
    DateTimeOffset ReplacedAt);

/// <summary>What an upsert did, summed across series by the ingest flow.</summary>
public readonly record struct UpsertCounts(
    int Inserted,
    int Unchanged,
    int Revised)
{
    public static UpsertCounts operator +(UpsertCounts a, UpsertCounts b) =>
        new(a.Inserted + b.Inserted, a.Unchanged + b.Unchanged, a.Revised + b.Revised);

    public int Total => Inserted + Unchanged + Revised;
}
