using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Indicators;

/// <summary>One per indicator: its definition and a leaderboard that its series grains keep current.</summary>
public interface IIndicatorGrain : IGrainWithStringKey
{
    Task DefineAsync(IndicatorDefinition definition);

    Task<IndicatorDefinition?> GetDefinitionAsync();

    /// <summary>
    /// Before a batch changes series of this indicator: records, durably, which provinces it is about to change, so
    /// a crash part way is repaired from those series without the batch being sent again.
    /// </summary>
    Task ExpectAsync(Guid batch, IReadOnlyList<string> provinces);

    /// <summary>The batch is through: every series it changed has pushed its figures.</summary>
    [OneWay]
    Task SettleAsync(Guid batch);

    /// <summary>A series pushes its yearly figures after every change; stale versions are ignored.</summary>
    Task PublishAsync(SeriesSummary summary);

    /// <summary>Answers a ranking from the materialised leaderboard: no fan-out to series grains.</summary>
    Task<Ranking> RankAsync(RankingQuery query);

    /// <summary>Every province's yearly figures: what the forecasting model trains on and what attainment scans for targets.</summary>
    Task<IReadOnlyList<SeriesSummary>> GetSummariesAsync();

    /// <summary>The provinces that have a series of this indicator.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetProvincesAsync();

    /// <summary>The provinces with a target for <paramref name="year"/>: all the attainment table needs to know, in a small answer.</summary>
    Task<IReadOnlyList<string>> GetProvincesWithTargetAsync(int year);
}

/// <summary>The yearly (non-quarterly) figures of one province's series, as the leaderboard keeps them.</summary>
[GenerateSerializer, Immutable]
public sealed record SeriesSummary(
    [property: Id(0)] string Province,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<YearValue> Values);

[GenerateSerializer, Immutable]
public readonly record struct YearValue(
    [property: Id(0)] int Year,
    [property: Id(1)] ObservationKind Kind,
    [property: Id(2)] double Value);

/// <summary>
/// Which figures to rank, and among which provinces (the caller resolves a region into codes).
/// Without a year, the latest year any of those provinces has a figure of that kind for.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RankingQuery(
    [property: Id(0)] int? Year,
    [property: Id(1)] ObservationKind Kind,
    [property: Id(2)] IReadOnlyList<string> Provinces,
    [property: Id(3)] int? Top);

[GenerateSerializer, Immutable]
public sealed record Ranking(
    [property: Id(0)] string Indicator,
    [property: Id(1)] int Year,
    [property: Id(2)] ObservationKind Kind,
    [property: Id(3)] Direction Direction,
    [property: Id(4)] IReadOnlyList<RankingRow> Rows);

/// <summary>
/// A province's place. Rank is null when it has no figure for the year. RankChange is positive when the
/// province moved up since the previous year (rank 5 → 3 is +2), null when it was not ranked then.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RankingRow(
    [property: Id(0)] string Province,
    [property: Id(1)] double? Value,
    [property: Id(2)] int? Rank,
    [property: Id(3)] int? PreviousRank,
    [property: Id(4)] int? RankChange);
