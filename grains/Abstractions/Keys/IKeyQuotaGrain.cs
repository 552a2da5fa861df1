namespace Analytics.Keys;

/// <summary>
/// What one key may add in a UTC day, and what it added today: bytes of figures (their text and a fixed allowance per
/// figure) and new series (a province × indicator pair nobody had sent before). Refusals name the quota, the usage
/// and when it resets. An admin sets a key's own limits; otherwise the cluster's defaults apply. Key: the key's id.
/// </summary>
public interface IKeyQuotaGrain : IGrainWithStringKey
{
    /// <summary>Counts a batch against today's quota if it fits, and says so; a batch that does not fit counts nothing.</summary>
    Task<QuotaDecision> ReserveAsync(DateOnly day, long bytes, int newSeries, QuotaLimits defaults);

    /// <summary>The key's own limits (null fields: the cluster's defaults).</summary>
    Task SetLimitsAsync(QuotaLimits limits);

    Task<QuotaUsage> GetAsync(DateOnly day, QuotaLimits defaults);
}

/// <summary>Per-day limits; a null field means "the default" (as a key's own setting) or "no limit" (as a default).</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaLimits(
    [property: Id(0)] long? BytesPerDay,
    [property: Id(1)] int? SeriesPerDay);

/// <summary>Whether a batch fits; when not, which quota it would exceed, in words.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] string? Refusal);

/// <summary>A key's limits in force and what it used on one day.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaUsage(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] long BytesUsed,
    [property: Id(2)] int SeriesUsed,
    [property: Id(3)] long? BytesPerDay,
    [property: Id(4)] int? SeriesPerDay,
    [property: Id(5)] bool OwnLimits);
