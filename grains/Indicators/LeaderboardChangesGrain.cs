using Orleans.Concurrency;

namespace Analytics.Indicators;

/// <summary>
/// The cluster's feed of leaderboard changes (see <see cref="ILeaderboardChangesGrain"/>): a ring of the last
/// changes, numbered. Calls interleave; none awaits, so each runs whole on the grain's scheduler.
/// </summary>
[Reentrant]
public sealed class LeaderboardChangesGrain : Grain, ILeaderboardChangesGrain
{
    private readonly Guid _epoch = Guid.NewGuid();
    private readonly string[] _ring = new string[ILeaderboardChangesGrain.Remembered];
    private long _last; // number of the latest change; change n sits at _ring[n % Remembered]

    public Task ChangedAsync(string indicator)
    {
        _last++;
        _ring[_last % _ring.Length] = indicator;
        return Task.CompletedTask;
    }

    public Task<LeaderboardChanges> SinceAsync(Guid epoch, long cursor)
    {
        if (epoch != _epoch || cursor > _last || _last - cursor > _ring.Length)
            return Task.FromResult(new LeaderboardChanges(_epoch, _last, [], All: true));
        var changed = new HashSet<string>(StringComparer.Ordinal);
        for (var n = cursor + 1; n <= _last; n++) changed.Add(_ring[n % _ring.Length]);
        return Task.FromResult(new LeaderboardChanges(_epoch, _last, [.. changed], All: false));
    }
}
