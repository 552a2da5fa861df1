using Analytics.Indicators;

namespace Analytics.Api;

/// <summary>
/// Follows the cluster's feed of leaderboard changes (<see cref="ILeaderboardChangesGrain"/>) a few times a second and
/// drops this process's ranking answers about each changed indicator, so <see cref="AnswerCache"/> can keep answers
/// until their data changes instead of for one second. Every good read tells the cache it may keep answers longer for
/// a moment; when reads fail (the silos are restarting, say) the cache falls back to its one-second age on its own.
/// </summary>
public sealed class LeaderboardChangeFeed(
    IGrainFactory grains, AnswerCache rankings, CatalogCache catalog, IConfiguration config, ILogger<LeaderboardChangeFeed> log) : BackgroundService
{
    /// <summary>How often the feed is read (<c>Analytics:RankingFeedMilliseconds</c>): the delay before another process's change shows here.</summary>
    private readonly TimeSpan _interval = TimeSpan.FromMilliseconds(config.GetValue("Analytics:RankingFeedMilliseconds", 200));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (rankings.MaxAge <= TimeSpan.Zero) return; // the cache is off: nothing to keep fresh
        var feed = grains.GetGrain<ILeaderboardChangesGrain>(ILeaderboardChangesGrain.Key);
        var (epoch, cursor) = (Guid.Empty, 0L);
        var failing = false;
        using var timer = new PeriodicTimer(_interval);
        do
        {
            try
            {
                var changes = await feed.SinceAsync(epoch, cursor);
                if (changes.All) rankings.InvalidateAll();
                else if (changes.Indicators.Count > 0) rankings.Invalidate(changes.Indicators, (await catalog.GetForReadAsync()).Indicators);
                (epoch, cursor) = (changes.Epoch, changes.Cursor);
                // Trusted until a little after the next read is due: one late read does not shorten every answer's life.
                rankings.Followed(_interval * 3);
                if (failing) log.LogInformation("Following the leaderboard changes again; ranking answers are kept until they change");
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing) log.LogWarning(ex, "Cannot read the leaderboard changes; ranking answers are kept {Seconds} s only until it can", rankings.MaxAge.TotalSeconds);
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
