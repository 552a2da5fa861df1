using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Indicators;

/// <summary>One per indicator: its definition and a leaderboard that its series grains keep current.</summary>
public interface IIndicatorGrain : IGrainWithStringKey
{
    /// <summary>Sets the definition; the one it replaces goes to the history with <paramref name="auditId"/>, the change's audit entry.</summary>
    Task DefineAsync(IndicatorDefinition definition, string? auditId = null);

    Task<IndicatorDefinition?> GetDefinitionAsync();

    /// <summary>The definitions this indicator had before, newest first (at most <see cref="MaxHistory"/>).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<DefinitionVersion>> GetHistoryAsync();

    const int MaxHistory = 50;

    /// <summary>
    /// Before a batch changes series of this indicator: records, durably, which provinces it is about to change, so
    /// a crash part way is repaired from those series without the batch being sent again.
    /// </summary>
    Task ExpectAsync(Guid batch, IReadOnlyList<string> provinces);

    /// <summary>
    /// The batch is through: every series it changed has pushed its figures. Answered once the leaderboard holding them
    /// is stored: pushes of provinces a pending batch announced are not written one by one, but here.
    /// </summary>
    Task SettleAsync(Guid batch);

    /// <summary>A series pushes its yearly figures after every change; stale versions are ignored.</summary>
    Task PublishAsync(SeriesSummary summary);

    /// <summary>The pushes of several series at once, from a part of a batch (<see cref="Ingest.IBatchApplierGrain"/>); as <see cref="PublishAsync"/> for each.</summary>
    Task PublishManyAsync(IReadOnlyList<SeriesSummary> summaries);

    /// <summary>Answers a ranking from the materialised leaderboard: no fan-out to series grains.</summary>
    Task<Ranking> RankAsync(RankingQuery query);

    /// <summary>Every province's yearly figures: what the forecasting model trains on and what attainment scans for targets.</summary>
    Task<IReadOnlyList<SeriesSummary>> GetSummariesAsync();

    /// <summary>The provinces that have a series of this indicator.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetProvincesAsync();

    /// <summary>The provinces with a target for <paramref name="year"/>: all the attainment table needs to know, in a small answer.</summary>
    Task<IReadOnlyList<string>> GetProvincesWithTargetAsync(int year);

    /// <summary>The years any province has a target for, ascending: where a page without a year opens.</summary>
    Task<IReadOnlyList<int>> GetTargetYearsAsync();
}

/// <summary>A definition that was replaced, when, and by the change recorded in audit entry <see cref="ReplacedByAuditId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record DefinitionVersion(
    [property: Id(0)] IndicatorDefinition Definition,
    [property: Id(1)] DateTimeOffset ReplacedAt,
    [property: Id(2)] string? ReplacedByAuditId);
