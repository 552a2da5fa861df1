using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Series;
using Analytics.Tests.Support;

namespace Analytics.Grains.Tests;

/// <summary>
/// The feed that lets API processes keep ranking answers until they change: every stored leaderboard change is in it
/// by the time the series that caused it has answered, repeats are not, and a follower that cannot know what it
/// missed is told to drop everything. (Other tests share the cluster, so only this test's indicators are looked for.)
/// </summary>
public sealed class LeaderboardChangesTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    private ILeaderboardChangesGrain Feed => fixture.Grains.GetGrain<ILeaderboardChangesGrain>(ILeaderboardChangesGrain.Key);

    private static string NewIndicator() => "test-" + Guid.NewGuid().ToString("n")[..12];

    private Task<UpsertCounts> UpsertAsync(string province, string indicator, double value) =>
        fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province, indicator))
            .UpsertAsync([new Observation(province, indicator, 2020, null, ObservationKind.Actual, value, "%", "test.pdf", $"{value}")]);

    [Fact]
    public async Task A_changed_leaderboard_is_in_the_feed_when_the_series_answers_and_an_unchanged_one_is_not()
    {
        var indicator = NewIndicator();
        var start = await Feed.SinceAsync(Guid.Empty, 0);
        Assert.True(start.All); // a new follower knows nothing yet

        await UpsertAsync("01", indicator, 40);
        var changed = await Feed.SinceAsync(start.Epoch, start.Cursor);
        Assert.False(changed.All);
        Assert.Contains(indicator, changed.Indicators);

        await UpsertAsync("01", indicator, 40); // the same figure again changes nothing
        var after = await Feed.SinceAsync(changed.Epoch, changed.Cursor);
        Assert.DoesNotContain(indicator, after.Indicators);

        await UpsertAsync("01", indicator, 41);
        Assert.Contains(indicator, (await Feed.SinceAsync(after.Epoch, after.Cursor)).Indicators);
    }

    [Fact]
    public async Task A_follower_of_another_epoch_or_further_behind_than_the_feed_remembers_drops_everything()
    {
        var now = await Feed.SinceAsync(Guid.Empty, 0);

        Assert.True((await Feed.SinceAsync(Guid.NewGuid(), now.Cursor)).All);

        var prefix = NewIndicator();
        for (var i = 0; i <= ILeaderboardChangesGrain.Remembered; i++) await Feed.ChangedAsync($"{prefix}-{i}");
        var behind = await Feed.SinceAsync(now.Epoch, now.Cursor);
        Assert.True(behind.All);
        Assert.False((await Feed.SinceAsync(behind.Epoch, behind.Cursor)).All); // caught up again
    }
}
