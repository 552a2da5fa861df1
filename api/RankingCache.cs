using System.Collections.Concurrent;
using Analytics.Domain;
using Analytics.Hosting;

namespace Analytics.Api;

/// <summary>
/// Ranking answers kept in the API process for a moment, so that the question analysts ask most is answered without
/// a round trip to the silo: on a busy machine that round trip (two more thread wake-ups, a GC in either process)
/// makes most of a ranking's tail latency (README, "Measured performance").
/// <para>
/// How fresh: a batch or a definition change that goes through this process drops that indicator's answers before
/// it is acknowledged, so its clients always read their own writes. Changes made through another API process show
/// here within <see cref="MaxAge"/> (1 s unless <c>Analytics:RankingCacheSeconds</c> says otherwise; 0 turns the
/// cache off). Concurrent misses for one question share a single call to the indicator grain.
/// </para>
/// </summary>
public sealed class RankingCache
{
    /// <summary>Distinct questions kept at most; beyond that the cache starts afresh rather than grow with every query.</summary>
    public const int MaxEntries = 10_000;

    private readonly TimeProvider _clock;
    private readonly AnalyticsMetrics? _metrics;
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RankingKey, Entry> _entries = new();

    public RankingCache(TimeProvider clock, IConfiguration config, AnalyticsMetrics? metrics = null)
    {
        _clock = clock;
        _metrics = metrics;
        MaxAge = TimeSpan.FromSeconds(config.GetValue("Analytics:RankingCacheSeconds", 1.0));
    }

    public TimeSpan MaxAge { get; }

    /// <summary>One question: the catalog version is part of it because answers carry names, regions and units.</summary>
    public readonly record struct RankingKey(string Indicator, long CatalogVersion, int? Year, ObservationKind Kind, string? Region, int? Top);

    private sealed record Entry(Task<object> Answer, long FetchedAt, long Generation);

    /// <summary>The cached answer to <paramref name="key"/> if it is fresh, else the one <paramref name="fetch"/> gives.</summary>
    public async Task<T> GetOrFetchAsync<T>(RankingKey key, Func<Task<T>> fetch) where T : class
    {
        if (MaxAge <= TimeSpan.Zero) return await fetch();

        var generation = _generations.GetValueOrDefault(key.Indicator);
        while (true)
        {
            if (_entries.TryGetValue(key, out var known) && IsFresh(known, generation))
            {
                _metrics?.RecordRankingCache(hit: true);
                return await AnswerAsync<T>(key, known);
            }

            // Timed from before the call, so an answer is never older than MaxAge counted from when it was read.
            var fetching = new Entry(FetchAsObject(fetch), _clock.GetTimestamp(), generation);
            var stored = known is null ? _entries.TryAdd(key, fetching) : _entries.TryUpdate(key, fetching, known);
            if (!stored) continue; // another request began the same fetch first: share it
            if (_entries.Count > MaxEntries) _entries.Clear();
            _metrics?.RecordRankingCache(hit: false);
            return await AnswerAsync<T>(key, fetching);
        }
    }

    private async Task<T> AnswerAsync<T>(RankingKey key, Entry entry)
    {
        try
        {
            return (T)await entry.Answer;
        }
        catch
        {
            // A failed fetch is not an answer: forget it (unless someone already replaced it) and let the caller see
            // the failure, as it would have without the cache.
            _entries.TryRemove(new KeyValuePair<RankingKey, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Drops every answer about these indicators: called before a change through this process is acknowledged.</summary>
    public void Invalidate(IEnumerable<string> indicators)
    {
        foreach (var indicator in indicators) _generations.AddOrUpdate(indicator, 1, (_, g) => g + 1);
    }

    private bool IsFresh(Entry entry, long generation) =>
        entry.Generation == generation && _clock.GetElapsedTime(entry.FetchedAt) < MaxAge;

    private static async Task<object> FetchAsObject<T>(Func<Task<T>> fetch) where T : class => await fetch();
}
