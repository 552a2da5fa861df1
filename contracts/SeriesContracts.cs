using Analytics.Domain;

namespace Analytics.Contracts;

/// <summary><c>GET /api/series/{province}/{indicator}</c>: every figure of one series with its provenance.</summary>
public sealed record SeriesDto(
    string Province, string ProvinceName, string Indicator, string IndicatorName, string Unit,
    long Version, IReadOnlyList<SeriesPointDto> Observations);

/// <summary>The current figure for one (year, quarter, kind), where it came from, and the values it replaced.</summary>
public sealed record SeriesPointDto(
    int Year, int? Quarter, ObservationKind Kind, double Value, string? Unit, string? Source, string? Quote,
    DateTimeOffset IngestedAt, IReadOnlyList<RevisionDto> Revisions)
{
    public static SeriesPointDto From(SeriesPoint p) => new(p.Year, p.Quarter, p.Kind, p.Value, p.Unit, p.Source, p.Quote, p.IngestedAt,
        [.. p.Revisions.Select(r => new RevisionDto(r.Value, r.Source, r.Quote, r.IngestedAt, r.ReplacedAt))]);
}

public sealed record RevisionDto(double Value, string? Source, string? Quote, DateTimeOffset IngestedAt, DateTimeOffset ReplacedAt);

/// <summary>
/// What <c>POST /api/observations</c> did with an accepted batch. Received counts rows; identical duplicate rows
/// collapse before applying. Sums over batches add up.
/// </summary>
public readonly record struct IngestResult(int Received, int Inserted, int Unchanged, int Revised)
{
    public static IngestResult operator +(IngestResult a, IngestResult b) =>
        new(a.Received + b.Received, a.Inserted + b.Inserted, a.Unchanged + b.Unchanged, a.Revised + b.Revised);
}
