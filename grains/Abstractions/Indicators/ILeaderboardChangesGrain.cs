using Orleans.Concurrency;

namespace Analytics.Indicators;

/// <summary>
/// Which leaderboards changed lately, for the API processes that keep ranking answers: each follows this feed and
/// drops the answers of a changed indicator within its polling interval, so an answer can be kept until its data
/// changes rather than for a fixed second. One activation for the cluster; not persisted: a new activation starts a
/// new epoch, and a follower that knew another epoch (or fell further behind than the feed remembers) drops everything.
/// </summary>
public interface ILeaderboardChangesGrain : IGrainWithStringKey
{
    const string Key = "all";

    /// <summary>Changes the feed remembers; a follower further behind is told to drop everything.</summary>
    const int Remembered = 4_096;

    /// <summary>An indicator's leaderboard or definition changed (called after the change is in the indicator grain's memory).</summary>
    [AlwaysInterleave]
    Task ChangedAsync(string indicator);

    /// <summary>The indicators changed after <paramref name="cursor"/> of <paramref name="epoch"/>; pass the answer's epoch and cursor next time.</summary>
    [AlwaysInterleave]
    Task<LeaderboardChanges> SinceAsync(Guid epoch, long cursor);
}

/// <param name="All">True when the follower cannot know what changed (another epoch, or too far behind): drop every answer.</param>
[GenerateSerializer, Immutable]
public sealed record LeaderboardChanges(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Cursor,
    [property: Id(2)] IReadOnlyList<string> Indicators,
    [property: Id(3)] bool All);
