using Analytics.Api;
using Analytics.Domain;
using Analytics.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Analytics.Api.Tests;

/// <summary>The API's short-lived ranking answers: when they are reused, and when they must not be.</summary>
public sealed class AnswerCacheTests
{
    private readonly ManualClock _clock = new();
    private int _fetches;

    private AnswerCache Cache(double seconds = 1) =>
        new(_clock, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Analytics:RankingCacheSeconds"] = $"{seconds}" }).Build());

    private static AnswerCache.RankingKey Key(string indicator = "rate", int? year = 2020) => new(indicator, 1, year, ObservationKind.Actual, null, null);

    private Task<string> Fetch(string answer)
    {
        Interlocked.Increment(ref _fetches);
        return Task.FromResult(answer);
    }

    [Fact]
    public async Task Reuses_an_answer_younger_than_its_max_age_and_asks_again_after()
    {
        var cache = Cache();
        Assert.Equal("first", await cache.GetOrFetchAsync(Key(), () => Fetch("first")));
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("first", await cache.GetOrFetchAsync(Key(), () => Fetch("second")));
        Assert.Equal(1, _fetches);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("second", await cache.GetOrFetchAsync(Key(), () => Fetch("second")));
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task Different_questions_get_their_own_answers()
    {
        var cache = Cache();
        Assert.Equal("2020", await cache.GetOrFetchAsync(Key(year: 2020), () => Fetch("2020")));
        Assert.Equal("2021", await cache.GetOrFetchAsync(Key(year: 2021), () => Fetch("2021")));
        Assert.Equal("other", await cache.GetOrFetchAsync(Key("other"), () => Fetch("other")));
        Assert.Equal(3, _fetches);
    }

    [Fact]
    public async Task An_invalidated_indicator_is_asked_again_at_once_and_others_are_not()
    {
        var cache = Cache();
        await cache.GetOrFetchAsync(Key("rate"), () => Fetch("old"));
        await cache.GetOrFetchAsync(Key("other"), () => Fetch("kept"));

        cache.Invalidate(["rate"]);

        Assert.Equal("new", await cache.GetOrFetchAsync(Key("rate"), () => Fetch("new")));
        Assert.Equal("kept", await cache.GetOrFetchAsync(Key("other"), () => Fetch("not asked")));
        Assert.Equal(3, _fetches);
    }

    [Fact]
    public async Task An_answer_read_while_its_indicator_changed_is_not_reused()
    {
        var cache = Cache();
        var reading = new TaskCompletionSource<string>();
        var first = cache.GetOrFetchAsync(Key(), () => reading.Task);

        cache.Invalidate(["rate"]); // a batch was acknowledged while the ranking was being read
        reading.SetResult("from before the batch");
        await first;

        Assert.Equal("after", await cache.GetOrFetchAsync(Key(), () => Fetch("after")));
    }

    [Fact]
    public async Task A_quality_answer_is_dropped_when_an_indicator_it_also_reads_changes()
    {
        var cache = Cache();
        var key = new AnswerCache.QualityKey("schoolgirls", 1);
        await cache.GetOrFetchAsync(key, ["pupils"], () => Fetch("old"));
        Assert.Equal("old", await cache.GetOrFetchAsync(key, ["pupils"], () => Fetch("not asked")));

        cache.Invalidate(["pupils"]); // the whole changed: a part may now exceed it

        Assert.Equal("new", await cache.GetOrFetchAsync(key, ["pupils"], () => Fetch("new")));
        cache.Invalidate(["schoolgirls"]);
        Assert.Equal("newer", await cache.GetOrFetchAsync(key, ["pupils"], () => Fetch("newer")));
        Assert.Equal(3, _fetches);
    }

    [Fact]
    public async Task Concurrent_misses_share_one_fetch()
    {
        var cache = Cache();
        var reading = new TaskCompletionSource<string>();
        var calls = 0;
        var readers = Enumerable.Range(0, 20).Select(_ => cache.GetOrFetchAsync(Key(), () =>
        {
            Interlocked.Increment(ref calls);
            return reading.Task;
        })).ToList();

        reading.SetResult("shared");

        Assert.All(await Task.WhenAll(readers), a => Assert.Equal("shared", a));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_failed_fetch_is_not_kept()
    {
        var cache = Cache();
        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetOrFetchAsync<string>(Key(), () => throw new TimeoutException()));

        Assert.Equal("answer", await cache.GetOrFetchAsync(Key(), () => Fetch("answer")));
    }

    [Fact]
    public async Task A_max_age_of_zero_turns_it_off()
    {
        var cache = Cache(seconds: 0);
        await cache.GetOrFetchAsync(Key(), () => Fetch("a"));
        await cache.GetOrFetchAsync(Key(), () => Fetch("b"));

        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task While_the_feed_of_changes_is_followed_an_answer_is_kept_until_its_indicator_changes()
    {
        var cache = Cache();
        await cache.GetOrFetchAsync(Key("rate"), () => Fetch("kept"));
        await cache.GetOrFetchAsync(Key("other"), () => Fetch("other kept"));

        _clock.Advance(TimeSpan.FromSeconds(30));
        cache.Followed(TimeSpan.FromSeconds(1));
        Assert.Equal("kept", await cache.GetOrFetchAsync(Key("rate"), () => Fetch("not asked")));

        cache.Invalidate(["rate"]); // the feed said so
        Assert.Equal("new", await cache.GetOrFetchAsync(Key("rate"), () => Fetch("new")));
        Assert.Equal("other kept", await cache.GetOrFetchAsync(Key("other"), () => Fetch("not asked")));
        Assert.Equal(3, _fetches);
    }

    [Fact]
    public async Task Past_its_longest_age_or_once_the_feed_goes_quiet_an_answer_is_asked_again()
    {
        var cache = Cache();
        await cache.GetOrFetchAsync(Key(), () => Fetch("first"));

        _clock.Advance(cache.FollowedMaxAge);
        cache.Followed(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await cache.GetOrFetchAsync(Key(), () => Fetch("second"))); // too old even while followed

        _clock.Advance(TimeSpan.FromSeconds(2)); // no good read of the feed since: back to the one-second age
        Assert.Equal("third", await cache.GetOrFetchAsync(Key(), () => Fetch("third")));
        Assert.Equal(3, _fetches);
    }

    [Fact]
    public async Task An_answer_past_its_longest_age_with_nothing_changed_is_given_at_once_while_it_is_read_again()
    {
        var cache = Cache();
        await cache.GetOrFetchAsync(Key(), () => Fetch("first"));
        _clock.Advance(cache.FollowedMaxAge);
        cache.Followed(TimeSpan.FromSeconds(1));

        var reread = new TaskCompletionSource<string>();
        var asked = 0;
        Task<string> Slow() { Interlocked.Increment(ref asked); return reread.Task; }
        var during = new[] { cache.GetOrFetchAsync(Key(), Slow), cache.GetOrFetchAsync(Key(), Slow) };
        Assert.All(during, t => Assert.True(t.IsCompletedSuccessfully, "an aged answer waits for nothing"));
        Assert.Equal(["first", "first"], during.Select(t => t.Result));
        Assert.Equal(1, asked); // read again once, not by every request

        reread.SetResult("second");
        Assert.Equal("second", await cache.GetOrFetchAsync(Key(), () => Fetch("not asked")));
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task A_failed_re_read_of_an_aged_answer_is_not_kept_and_the_next_request_asks_again()
    {
        var cache = Cache();
        await cache.GetOrFetchAsync(Key(), () => Fetch("first"));
        _clock.Advance(cache.FollowedMaxAge);
        cache.Followed(TimeSpan.FromSeconds(1));

        var reread = new TaskCompletionSource<string>();
        Assert.Equal("first", await cache.GetOrFetchAsync(Key(), () => reread.Task));
        reread.SetException(new TimeoutException("the cluster did not answer"));

        Assert.Equal("fresh", await cache.GetOrFetchAsync(Key(), () => Fetch("fresh")));
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task An_aged_answer_is_read_again_in_front_of_the_request_when_the_feed_is_not_followed_or_its_indicator_changed()
    {
        var cache = Cache();
        await cache.GetOrFetchAsync(Key("quiet"), () => Fetch("old"));
        await cache.GetOrFetchAsync(Key("changed"), () => Fetch("old"));
        _clock.Advance(cache.FollowedMaxAge);
        Assert.Equal("new", await cache.GetOrFetchAsync(Key("quiet"), () => Fetch("new"))); // feed not followed: not trusted

        cache.Followed(TimeSpan.FromSeconds(1));
        cache.Invalidate(["changed"]);
        Assert.Equal("new", await cache.GetOrFetchAsync(Key("changed"), () => Fetch("new")));
        Assert.Equal(4, _fetches);
    }

    [Fact]
    public async Task Dropping_everything_reaches_answers_being_read_too()
    {
        var cache = Cache();
        cache.Followed(TimeSpan.FromSeconds(1));
        await cache.GetOrFetchAsync(Key("rate"), () => Fetch("old"));
        var reading = new TaskCompletionSource<string>();
        var inFlight = cache.GetOrFetchAsync(Key("other"), () => reading.Task);

        cache.InvalidateAll(); // the feed restarted: nobody can say what changed
        reading.SetResult("read before");
        await inFlight;

        Assert.Equal("new", await cache.GetOrFetchAsync(Key("rate"), () => Fetch("new")));
        Assert.Equal("new other", await cache.GetOrFetchAsync(Key("other"), () => Fetch("new other")));
    }

    [Fact]
    public async Task New_population_figures_drop_the_population_weighted_indicators_and_no_others()
    {
        var cache = Cache();
        var catalog = new IndicatorCatalog();
        catalog.Add(Definition("weighted", Aggregation.PopulationWeighted));
        catalog.Add(Definition("summed", Aggregation.Sum));
        await cache.GetOrFetchAsync(Key("weighted"), () => Fetch("old weighted"));
        await cache.GetOrFetchAsync(Key("summed"), () => Fetch("summed kept"));

        cache.Invalidate([Analytics.Domain.Geography.CarriedFigures.PopulationIndicator], catalog);

        Assert.Equal("new weighted", await cache.GetOrFetchAsync(Key("weighted"), () => Fetch("new weighted")));
        Assert.Equal("summed kept", await cache.GetOrFetchAsync(Key("summed"), () => Fetch("not asked")));
    }

    [Fact]
    public async Task Series_answers_share_their_indicators_freshness_with_its_rankings()
    {
        var cache = Cache();
        AnswerCache.SeriesKey Series(string indicator) => new(indicator, 1, new Analytics.Domain.Geography.UnitKey("vn-63", "60"), null);
        await cache.GetOrFetchAsync(Series("rate"), () => Fetch("old series"));
        await cache.GetOrFetchAsync(Series("other"), () => Fetch("other series"));
        Assert.Equal("ranking", await cache.GetOrFetchAsync(Key("rate"), () => Fetch("ranking"))); // a different question of the same indicator

        cache.Invalidate(["rate"]);

        Assert.Equal("new series", await cache.GetOrFetchAsync(Series("rate"), () => Fetch("new series")));
        Assert.Equal("other series", await cache.GetOrFetchAsync(Series("other"), () => Fetch("not asked")));
        Assert.Equal(4, _fetches);
    }

    [Fact]
    public async Task A_full_cache_drops_the_answers_read_longest_ago_and_keeps_the_ones_in_use()
    {
        var cache = new AnswerCache(_clock, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:RankingCacheSeconds"] = "3600", ["Analytics:AnswerCacheEntries"] = "1000",
        }).Build());
        AnswerCache.RankingKey Question(int i) => Key($"i{i}");
        var hot = Key("hot");
        await cache.GetOrFetchAsync(hot, () => Fetch("hot"));
        var last = cache.MaxEntries - 2; // with the hot one, the cache is full after this question
        for (var i = 0; i <= last; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            await cache.GetOrFetchAsync(Question(i), () => Fetch($"{i}"));
            // Read all along, as a question many readers ask is.
            if (i % 100 == 0) await cache.GetOrFetchAsync(hot, () => Fetch("hot again"));
        }
        Assert.Equal(cache.MaxEntries, _fetches); // full to the brim, nothing asked twice

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await cache.GetOrFetchAsync(Key("one too many"), () => Fetch("one too many"));

        // The newest answers and the one in use stay: asked again, they cost no fetch.
        var fetches = _fetches;
        Assert.Equal("hot", await cache.GetOrFetchAsync(hot, () => Fetch("hot again")));
        Assert.Equal($"{last}", await cache.GetOrFetchAsync(Question(last), () => Fetch("asked again")));
        Assert.Equal("one too many", await cache.GetOrFetchAsync(Key("one too many"), () => Fetch("asked again")));
        Assert.Equal(fetches, _fetches);

        // The oldest went, and only down to three quarters of the bound: the last quarter's questions were never dropped.
        Assert.Equal("asked again", await cache.GetOrFetchAsync(Question(0), () => Fetch("asked again")));
        var keptFrom = cache.MaxEntries / 4 + 1;
        for (var i = keptFrom; i <= last; i += 7)
            Assert.Equal($"{i}", await cache.GetOrFetchAsync(Question(i), () => Fetch("asked again")));
        Assert.Equal(fetches + 1, _fetches);
    }

    [Fact]
    public void A_bound_too_small_to_keep_anything_is_refused_at_start()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Analytics:AnswerCacheEntries"] = "10" }).Build();
        var refused = Assert.Throws<InvalidOperationException>(() => new AnswerCache(_clock, config));
        Assert.Contains("Analytics:AnswerCacheEntries", refused.Message);
        Assert.Equal(25_000, Cache().MaxEntries);
    }

    private static IndicatorDefinition Definition(string code, Aggregation aggregation) =>
        new(code, code, code, "%", Direction.HigherIsBetter, 0, 100, aggregation, "test");
}
