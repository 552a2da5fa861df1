using Orleans.Concurrency;

namespace Analytics.Provinces;

/// <summary>
/// Which (province, indicator) series exist: the index behind "the indicators a province has series for".
/// A derived index, kept in memory only: on activation it is rebuilt from the leaderboards (one call per indicator),
/// and series register themselves as they activate. Persisting it would cost a storage write for every new series,
/// of a state that grows with the cluster, on the ingest path.
/// </summary>
public interface ICoverageGrain : IGrainWithStringKey
{
    const string Key = "all";

    [AlwaysInterleave]
    Task AddAsync(string province, string indicator);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> IndicatorsOfAsync(string province);

    /// <summary>How many of <paramref name="series"/> (province, indicator) no series holds yet: one call for a whole batch.</summary>
    [AlwaysInterleave]
    Task<int> CountNewAsync(IReadOnlyList<(string Province, string Indicator)> series);

    [AlwaysInterleave]
    Task<int> CountAsync();
}
