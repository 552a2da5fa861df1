using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>
/// <c>GET /api/series/{province}/{indicator}</c>: every figure of one unit's series with its provenance. For a unit of the
/// 34 formed by a merger, the years before it are derived from the members' figures (each point marked
/// <c>derived</c>, with method and members), followed by the years reported for the unit itself.
/// </summary>
public sealed record SeriesDto(
    string Province, string ProvinceName, string Indicator, string IndicatorName, string Unit,
    long Version, IReadOnlyList<SeriesPointDto> Observations, Geography Geography, string? Found = null);

/// <summary>
/// The current figure for one (year, quarter, kind), where it came from, and the values it replaced. A derived point
/// (<see cref="Origin"/> <c>derived</c>) has no source of its own: <see cref="Method"/> and <see cref="Members"/> say how
/// it follows from the members' reported figures, and its ingest time is the latest of theirs. <see cref="Qualifier"/>:
/// the value is a bound or an approximation (&gt;, ≥, &lt;, ≤, ≈); null when exact. <see cref="Quality"/>: the quality
/// rules' flags on the figure (a yearly actual, or an estimate where no actual exists), most severe first.
/// </summary>
public sealed record SeriesPointDto(
    int Year, int? Quarter, ObservationKind Kind, double Value, string? Unit, string? Source, string? Quote,
    DateTimeOffset IngestedAt, IReadOnlyList<RevisionDto> Revisions, string? AuditId = null,
    FigureOrigin Origin = FigureOrigin.Reported, string? Method = null, IReadOnlyList<CarriedMemberDto>? Members = null, IReadOnlyList<string>? Notes = null,
    SourceDocumentDto? Document = null, int CompactedRevisions = 0, WithdrawalDto? Withdrawn = null, string? Qualifier = null,
    IReadOnlyList<FigureQualityDto>? Quality = null)
{
    /// <summary><see cref="CompactedRevisions"/>: revisions between the first and the latest kept that were dropped (the audit trail has their batches).</summary>
    public static SeriesPointDto From(SeriesPoint p) => new(p.Year, p.Quarter, p.Kind, p.Value, p.Unit, p.Source, p.Quote, p.IngestedAt,
        [.. p.Revisions.Select(r => new RevisionDto(r.Value, r.Source, r.Quote, r.IngestedAt, r.ReplacedAt, r.AuditId, r.ReplacedByAuditId, r.Qualifier?.ToSymbol()))], p.AuditId,
        CompactedRevisions: p.CompactedRevisions,
        Withdrawn: p.Withdrawn is { } w ? new WithdrawalDto(w.Reason, w.At, w.AuditId) : null,
        Qualifier: p.Qualifier?.ToSymbol());
}

/// <summary>Why and when an admin withdrew the figure (<c>POST /api/withdrawals</c>): it stays here, and leaves rankings, forecasts and exports.</summary>
public sealed record WithdrawalDto(string Reason, DateTimeOffset At, string? AuditId);

/// <summary>
/// <c>POST /api/withdrawals</c>: which figures to withdraw, and why. One of <c>batch</c> (an audit entry id), <c>key</c>
/// (every batch a key sent in the last 93 days), or <c>indicator</c> with optional <c>province</c>, <c>year</c> and <c>kind</c>.
/// </summary>
public sealed record WithdrawalRequest(string Reason, string? Batch = null, string? Key = null, string? Indicator = null,
    string? Province = null, int? Year = null, string? Kind = null);

/// <summary>What a withdrawal did: how many figures of how many series, and its audit entry.</summary>
public sealed record WithdrawalResult(int Withdrawn, int Series, string AuditId);

/// <summary>
/// A replaced value; <c>auditId</c> is the entry (<c>GET /api/audit</c>) of the batch that stored it, <c>replacedByAuditId</c>
/// of the one that replaced it; <c>qualifier</c> the replaced value's bound or approximation symbol.
/// </summary>
public sealed record RevisionDto(
    double Value, string? Source, string? Quote, DateTimeOffset IngestedAt, DateTimeOffset ReplacedAt, string? AuditId, string? ReplacedByAuditId,
    string? Qualifier = null);

/// <summary>
/// What <c>POST /api/observations</c> did with an accepted batch. Received counts rows; identical duplicate rows
/// collapse before applying. Sums over batches add up.
/// </summary>
public readonly record struct IngestResult(int Received, int Inserted, int Unchanged, int Revised, IReadOnlyList<QualityWarningDto>? Warnings = null)
{
    public static IngestResult operator +(IngestResult a, IngestResult b) =>
        new(a.Received + b.Received, a.Inserted + b.Inserted, a.Unchanged + b.Unchanged, a.Revised + b.Revised,
            a.Warnings is null && b.Warnings is null ? null : [.. a.Warnings ?? [], .. b.Warnings ?? []]);
}

/// <summary>
/// A figure of an accepted batch that a quality rule (docs/quality.md) finds suspect: stored all the same. <c>row</c> is
/// the CSV line (or 1-based JSON element); <c>confirmed</c> the sender's reason when the row confirmed the figure.
/// </summary>
public sealed record QualityWarningDto(
    int Row, string Province, string Indicator, int Year, string Rule, string Severity, double Score,
    double? ExpectedLow, double? ExpectedHigh, string Reason, string? Confirmed)
{
    public static QualityWarningDto From(Analytics.Domain.Quality.QualityFlag f, ObservationInput row) => new(
        row.Row, f.Province, f.Indicator, f.Year, Analytics.Domain.Quality.QualityRules.ToCode(f.Rule), f.Severity.ToString().ToLowerInvariant(),
        f.Score, f.ExpectedLow, f.ExpectedHigh, f.Reason.ForReader(), string.IsNullOrWhiteSpace(row.Confirmed) ? null : row.Confirmed.Trim());
}

/// <summary>
/// The registered document a figure's <c>source</c> names (data/sources.csv): its Vietnamese title, number, issuing body,
/// date (yyyy, yyyy-mm or yyyy-mm-dd), kind and public address. Null when the source is not registered.
/// </summary>
public sealed record SourceDocumentDto(string Id, string Kind, string Title, string? Number, string Issuer, string? Date, string? Url)
{
    public static SourceDocumentDto? From(Analytics.Domain.Sources.SourceDocument? d) =>
        d is null ? null : new(d.Id, Analytics.Domain.Sources.SourceKindCodes.ToCode(d.Kind), d.TitleVi, d.Number, d.Issuer, d.Date, d.Url);
}
