using Analytics.Domain;

namespace Analytics.Series;

/// <summary>One (province, indicator) time series; key "{provinceCode}/{indicatorCode}".</summary>
public interface ISeriesGrain : IGrainWithStringKey
{
    /// <summary>Applies observations idempotently: equal figures change nothing, changed ones keep the old value as a revision.</summary>
    Task<UpsertCounts> UpsertAsync(IReadOnlyList<Observation> observations);

    Task<SeriesSnapshot> GetAsync();

    /// <summary>
    /// The projection for <paramref name="targetYear"/> with intervals and attainment of the target set for that
    /// year, if any. Cached until the series changes or the model is retrained.
    /// </summary>
    Task<Forecasting.ForecastResult> GetForecastAsync(int targetYear);
}

/// <summary>What an upsert did, summed across series by the ingest flow.</summary>
[GenerateSerializer, Immutable]
public readonly record struct UpsertCounts(
    [property: Id(0)] int Inserted,
    [property: Id(1)] int Unchanged,
    [property: Id(2)] int Revised)
{
    public static UpsertCounts operator +(UpsertCounts a, UpsertCounts b) =>
        new(a.Inserted + b.Inserted, a.Unchanged + b.Unchanged, a.Revised + b.Revised);

    public int Total => Inserted + Unchanged + Revised;
}

[GenerateSerializer, Immutable]
public sealed record SeriesSnapshot(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<SeriesPoint> Points);

/// <summary>The current figure for one observation key, with its provenance and what it replaced.</summary>
[GenerateSerializer, Immutable]
public sealed record SeriesPoint(
    [property: Id(0)] int Year,
    [property: Id(1)] int? Quarter,
    [property: Id(2)] ObservationKind Kind,
    [property: Id(3)] double Value,
    [property: Id(4)] string? Unit,
    [property: Id(5)] string? Source,
    [property: Id(6)] string? Quote,
    [property: Id(7)] DateTimeOffset IngestedAt,
    [property: Id(8)] IReadOnlyList<Revision> Revisions);

/// <summary>A value that was replaced: what it was, where it came from, and when it was replaced.</summary>
[GenerateSerializer, Immutable]
public sealed record Revision(
    [property: Id(0)] double Value,
    [property: Id(1)] string? Source,
    [property: Id(2)] string? Quote,
    [property: Id(3)] DateTimeOffset IngestedAt,
    [property: Id(4)] DateTimeOffset ReplacedAt);
