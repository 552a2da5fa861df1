using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Series;

/// <summary>One (province, indicator) time series; key "{provinceCode}/{indicatorCode}".</summary>
/// <remarks>
/// The reads are <see cref="ReadOnlyAttribute"/>: they run beside one another, never beside an upsert. A forecast can
/// wait for the cluster's first model (a training of seconds, longer on a busy machine); without this, a plain read of
/// the figures queued behind it and timed out after 30 s.
/// </remarks>
public interface ISeriesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies observations idempotently: equal figures change nothing, changed ones keep the old value as a revision.
    /// <paramref name="auditId"/> is the audit entry of the batch (null from the bundled-data loader).
    /// </summary>
    Task<UpsertCounts> UpsertAsync(IReadOnlyList<Observation> observations, string? auditId = null);

    /// <summary>
    /// As <see cref="UpsertAsync"/>, but the push to the indicator's leaderboard is handed back to the caller
    /// (<see cref="BatchUpsert.Summary"/>, every time, changed or not), which sends a part's pushes together, one call
    /// per indicator, before its batch settles. Only for a batch announced to the leaderboard
    /// (<see cref="Indicators.IIndicatorGrain.ExpectAsync"/>): a push the caller never sends is pulled from this series by
    /// the leaderboard's repair, as after a crash, or sent by the batch sent again.
    /// </summary>
    Task<BatchUpsert> UpsertInBatchAsync(IReadOnlyList<Observation> observations, string? auditId);

    /// <summary>
    /// Withdraws this series' current figures that match (null fields match all): of one batch (its audit entry), one
    /// year, one kind. They stay in the history with the reason and leave rankings and forecasts. Answers how many.
    /// </summary>
    Task<int> WithdrawAsync(string? batchAuditId, int? year, ObservationKind? kind, string reason, string withdrawalAuditId);

    /// <summary>Removes from storage the figures a withdrawal withdrew before <paramref name="before"/> (its retention); answers how many.</summary>
    Task<int> PurgeAsync(string withdrawalAuditId, DateTimeOffset before);

    [ReadOnly]
    Task<SeriesSnapshot> GetAsync();

    /// <summary>
    /// The projection for <paramref name="targetYear"/> with intervals and attainment of the target set for that
    /// year, if any. Cached until the series changes or the model is retrained.
    /// </summary>
    [ReadOnly]
    Task<Forecasting.ForecastResult> GetForecastAsync(int targetYear);

    /// <summary>The forecasts this series issued (bounded, persisted), oldest first; all target years when null.</summary>
    [ReadOnly]
    Task<IReadOnlyList<IssuedForecast>> GetForecastHistoryAsync(int? targetYear);
}

/// <summary>What <see cref="ISeriesGrain.UpsertInBatchAsync"/> did, and the series' figures to push to its leaderboard.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchUpsert(
    [property: Id(0)] UpsertCounts Counts,
    [property: Id(1)] SeriesSummary Summary);

[GenerateSerializer, Immutable]
public sealed record SeriesSnapshot(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<SeriesPoint> Points);
