namespace Analytics.Domain;

/// <summary>
/// The current figure for one observation key, with its provenance (and the audit entry of the batch that stored it)
/// and what it replaced: its first and latest revisions; <see cref="CompactedRevisions"/> counts those dropped between
/// them (each is still in the audit trail, under the batch that sent it). <see cref="Qualifier"/>: the value is a bound or
/// an approximation (null: exact).
/// </summary>
public sealed record SeriesPoint(
    int Year,
    int? Quarter,
    ObservationKind Kind,
    double Value,
    string? Unit,
    string? Source,
    string? Quote,
    DateTimeOffset IngestedAt,
    IReadOnlyList<Revision> Revisions,
    string? AuditId = null,
    int CompactedRevisions = 0,
    Withdrawal? Withdrawn = null,
    Qualifier? Qualifier = null)
{
    /// <summary>Whether the figure counts: a withdrawn one stays in the history but leaves rankings, forecasts and exports.</summary>
    public bool Current => Withdrawn is null;
}

/// <summary>Why and when an admin withdrew a figure, and the audit entry of the withdrawal.</summary>
public sealed record Withdrawal(string Reason, DateTimeOffset At, string? AuditId);

/// <summary>
/// A value that was replaced: what it was, where it came from, and when it was replaced. <see cref="AuditId"/> names
/// the audit entry of the batch that stored the value, <see cref="ReplacedByAuditId"/> the one that replaced it (null
/// for figures stored before the audit trail existed, or loaded from the bundled data).
/// </summary>
public sealed record Revision(
    double Value,
    string? Source,
    string? Quote,
    DateTimeOffset IngestedAt,
    DateTimeOffset ReplacedAt,
    string? AuditId = null,
    string? ReplacedByAuditId = null,
    Qualifier? Qualifier = null);

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
