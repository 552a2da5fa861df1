using System.Collections.Concurrent;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Hosting;

namespace Analytics.Api;

/// <summary>
/// Ranking and series answers kept in the API process, so the questions analysts ask again and again are answered
/// without a round trip to the silo: on a busy machine that round trip (two more thread wake-ups, a GC in either
/// process) makes most of an answer's tail latency (docs/performance.md). Both kinds of answer are about
/// one indicator, and every change to a series of it moves its leaderboard, so one rule keeps both fresh.
/// <para>
/// How fresh: a batch or a definition change that goes through this process drops that indicator's answers before
/// it is acknowledged, so its clients always read their own writes. Changes made anywhere else (another API process,
/// a silo's bundle loader, a leaderboard's repair) reach this process through the cluster's feed of leaderboard
/// changes (<see cref="LeaderboardChangeFeed"/>, a few times a second): while this process follows it, answers are
/// kept until their indicator changes, up to <see cref="FollowedMaxAge"/> (60 s, <c>Analytics:RankingCacheFollowedSeconds</c>)
/// in case a change was not announced; an answer past that age is given once more while it is read again beside the
/// request. When the feed cannot be read, answers live <see cref="MaxAge"/> only (1 s,
/// <c>Analytics:RankingCacheSeconds</c>; 0 turns the cache off). Concurrent misses for one question share one call
/// to the cluster.
/// </para>
/// </summary>
public sealed class AnswerCache
{
    /// <summary>
    /// Distinct questions kept at most (<c>Analytics:AnswerCacheEntries</c>, 25,000 unless set; an answer takes a few
    /// kilobytes), so the cache does not grow with every query. Past it, the answers read longest ago are dropped down
    /// to three quarters of this. It was 10,000 and dropped everything at once: the benchmark's 12,000 questions then
    /// missed in bursts, which held its step loads to 600–850 requests/s; with the answers kept, 1,750–5,000
    /// (docs/performance.md).
    /// </summary>
    public int MaxEntries { get; }

    /// <summary>Below this the cache would trim on almost every miss.</summary>
    public const int MinimumEntries = 100;

    private readonly TimeProvider _clock;
    private readonly AnalyticsMetrics? _metrics;
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<object, Entry> _entries = new();

    public AnswerCache(TimeProvider clock, IConfiguration config, AnalyticsMetrics? metrics = null)
    {
        _clock = clock;
        _metrics = metrics;
        MaxAge = TimeSpan.FromSeconds(config.GetValue("Analytics:RankingCacheSeconds", 1.0));
        FollowedMaxAge = MaxAge <= TimeSpan.Zero ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Max(MaxAge.TotalSeconds, config.GetValue("Analytics:RankingCacheFollowedSeconds", 60.0)));
        MaxEntries = config.GetValue("Analytics:AnswerCacheEntries", 25_000);
        if (MaxEntries < MinimumEntries)
            throw new InvalidOperationException($"Analytics:AnswerCacheEntries must be at least {MinimumEntries}, not {MaxEntries}.");
    }

    /// <summary>How long an answer is kept while the feed of changes is not being followed.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>How long an answer is kept at most while the feed is followed (changes drop it sooner).</summary>
    public TimeSpan FollowedMaxAge { get; }

    // Until when (a timestamp of the clock) the feed counts as followed: each good read of it extends this a little,
    // so a feed that stops answering is no longer trusted within that moment.
    private long _followedUntil;

    // Bumped to drop every answer at once (the feed restarted, or this process fell behind it).
    private long _allGeneration;

    /// <summary>The feed was read just now and its changes applied: answers may be kept longer until <paramref name="forAtMost"/> from now.</summary>
    public void Followed(TimeSpan forAtMost) =>
        Interlocked.Exchange(ref _followedUntil, _clock.GetTimestamp() + (long)(forAtMost.TotalSeconds * _clock.TimestampFrequency));

    /// <summary>Drops every answer: this process cannot tell which indicators changed.</summary>
    public void InvalidateAll() => Interlocked.Increment(ref _allGeneration);

    /// <summary>One question: the catalog version is part of it because answers carry names, regions and units; the geography (vn-63, vn-34, or null for the default) because it decides the units ranked; the reader's language because answers carry notes.</summary>
    public readonly record struct RankingKey(string Indicator, long CatalogVersion, int? Year, ObservationKind Kind, string? Region, int? Top,
        string? Geography = null)
    {
        public bool English { get; init; } = Bilingual.ReaderIsEnglish;
    }

    /// <param name="Stale">While this entry re-reads an answer that only grew old, the answer it replaces (given meanwhile).</param>
    private sealed record Entry(Task<object> Answer, long FetchedAt, long Generation, long AllGeneration, Task<object>? Stale = null)
    {
        /// <summary>When a request last took this answer (a timestamp of the clock): the least recent go first when the cache is full.</summary>
        public long LastRead = FetchedAt;
    }

    // 1 while one request trims the cache; the others go on without waiting for it.
    private int _trimming;

    /// <summary>One unit's series (of its geography), all kinds or one: the catalog version because answers carry names and units.</summary>
    public readonly record struct SeriesKey(string Indicator, long CatalogVersion, UnitKey Unit, ObservationKind? Kind)
    {
        /// <summary>The reader's language: derived figures carry notes.</summary>
        public bool English { get; init; } = Bilingual.ReaderIsEnglish;
    }

    /// <summary>
    /// The quality flags of one indicator's stored figures: in both languages, so no reader's language; the catalog version
    /// because a definition may change. They read the indicator's wholes too (a part above its whole), so they are
    /// dropped when any of those changes.
    /// </summary>
    public readonly record struct QualityKey(string Indicator, long CatalogVersion);

    /// <summary>The cached answer to <paramref name="key"/> if it is fresh, else the one <paramref name="fetch"/> gives.</summary>
    public Task<T> GetOrFetchAsync<T>(RankingKey key, Func<Task<T>> fetch) where T : class =>
        GetOrFetchAsync([key.Indicator], key, fetch, hit => _metrics?.RecordRankingCache(hit));

    /// <inheritdoc cref="GetOrFetchAsync{T}(RankingKey, Func{Task{T}})"/>
    /// <param name="alsoReads">The other indicators the answer is computed from: a change to any of them drops it too.</param>
    public Task<T> GetOrFetchAsync<T>(QualityKey key, IReadOnlyList<string> alsoReads, Func<Task<T>> fetch) where T : class =>
        GetOrFetchAsync([key.Indicator, .. alsoReads], key, fetch, _ => { });

    /// <inheritdoc cref="GetOrFetchAsync{T}(RankingKey, Func{Task{T}})"/>
    public Task<T> GetOrFetchAsync<T>(SeriesKey key, Func<Task<T>> fetch) where T : class =>
        GetOrFetchAsync([key.Indicator], key, fetch, hit => _metrics?.RecordSeriesCache(hit));

    private async Task<T> GetOrFetchAsync<T>(IReadOnlyList<string> indicators, object key, Func<Task<T>> fetch, Action<bool> record) where T : class
    {
        if (MaxAge <= TimeSpan.Zero) return await fetch();

        // Generations only grow, so their sum changes whenever any of the indicators' does.
        var generation = 0L;
        foreach (var indicator in indicators) generation += _generations.GetValueOrDefault(indicator);
        var allGeneration = Interlocked.Read(ref _allGeneration);
        while (true)
        {
            if (_entries.TryGetValue(key, out var known) && IsFresh(known, generation, allGeneration))
            {
                if (known.Stale is { } stale && !known.Answer.IsCompletedSuccessfully)
                {
                    // Its re-read is under way: the answer it replaces meanwhile; a failed re-read is a miss.
                    if (known.Answer.IsCompleted) { _entries.TryRemove(new KeyValuePair<object, Entry>(key, known)); continue; }
                    record(true);
                    return (T)await stale;
                }
                Volatile.Write(ref known.LastRead, _clock.GetTimestamp());
                record(true);
                return await AnswerAsync<T>(key, known);
            }

            if (known is not null && IsAged(known, generation, allGeneration))
            {
                // Unchanged as far as the followed feed says, only past its longest age: read again beside the request
                // rather than in front of it. Answers fetched together age together, and re-reading them all on the
                // request path put a burst of misses into every minute's tail.
                var reread = new Entry(FetchAsObject(fetch), _clock.GetTimestamp(), generation, allGeneration, known.Answer);
                if (!_entries.TryUpdate(key, reread, known)) continue;
                _ = reread.Answer.ContinueWith(_ => _entries.TryRemove(new KeyValuePair<object, Entry>(key, reread)),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                record(true);
                return (T)(reread.Answer.IsCompletedSuccessfully ? reread.Answer.Result : await known.Answer);
            }

            // Timed from before the call, so an answer is never older than MaxAge counted from when it was read.
            var fetching = new Entry(FetchAsObject(fetch), _clock.GetTimestamp(), generation, allGeneration);
            var stored = known is null ? _entries.TryAdd(key, fetching) : _entries.TryUpdate(key, fetching, known);
            if (!stored) continue; // another request began the same fetch first: share it
            if (_entries.Count > MaxEntries) TrimToLeastRecent();
            record(false);
            return await AnswerAsync<T>(key, fetching);
        }
    }

    /// <summary>Drops the answers read longest ago, down to three quarters of <see cref="MaxEntries"/>; an answer replaced meanwhile stays.</summary>
    private void TrimToLeastRecent()
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1) return;
        try
        {
            var entries = _entries.ToArray();
            var excess = entries.Length - MaxEntries * 3 / 4;
            if (excess <= 0) return;
            // Sorted on a copy of the times: a request may touch an entry while this sorts.
            var lastRead = new long[entries.Length];
            for (var i = 0; i < entries.Length; i++) lastRead[i] = Volatile.Read(ref entries[i].Value.LastRead);
            Array.Sort(lastRead, entries);
            for (var i = 0; i < excess; i++) _entries.TryRemove(entries[i]);
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    private async Task<T> AnswerAsync<T>(object key, Entry entry)
    {
        try
        {
            return (T)await entry.Answer;
        }
        catch
        {
            // A failed fetch is not an answer: forget it (unless someone already replaced it) and let the caller see
            // the failure, as it would have without the cache.
            _entries.TryRemove(new KeyValuePair<object, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Drops every answer about these indicators: called before a change through this process is acknowledged.</summary>
    public void Invalidate(IEnumerable<string> indicators)
    {
        foreach (var indicator in indicators) _generations.AddOrUpdate(indicator, 1, (_, g) => g + 1);
    }

    /// <summary>As <see cref="Invalidate(IEnumerable{string})"/>, and new population figures drop every population-weighted indicator too (their figures for the 34 units move).</summary>
    public void Invalidate(IEnumerable<string> indicators, IndicatorCatalog catalog)
    {
        var changed = indicators.ToList();
        Invalidate(changed);
        if (changed.Contains(CarriedFigures.PopulationIndicator))
            Invalidate(catalog.All.Where(d => d.Aggregation == Aggregation.PopulationWeighted).Select(d => d.Code));
    }

    /// <summary>Past <see cref="FollowedMaxAge"/> with nothing said to have changed, the feed followed now, and a good answer in hand.</summary>
    private bool IsAged(Entry entry, long generation, long allGeneration) =>
        entry.Generation == generation && entry.AllGeneration == allGeneration && entry.Answer.IsCompletedSuccessfully
        && _clock.GetTimestamp() < Interlocked.Read(ref _followedUntil) && FollowedMaxAge > MaxAge;

    private bool IsFresh(Entry entry, long generation, long allGeneration)
    {
        if (entry.Generation != generation || entry.AllGeneration != allGeneration) return false;
        var age = _clock.GetElapsedTime(entry.FetchedAt);
        return age < MaxAge || (age < FollowedMaxAge && _clock.GetTimestamp() < Interlocked.Read(ref _followedUntil));
    }

    private static async Task<object> FetchAsObject<T>(Func<Task<T>> fetch) where T : class => await fetch();
}
