using Analytics.Domain;
using Analytics.Series;
using Microsoft.Extensions.Logging;

namespace Analytics.Indicators;

/// <summary>
/// Repairs a leaderboard after a crash cut a batch short. A series writes its own state first and then pushes to its
/// leaderboard; a process killed in between (or the leaderboard's write lost with its silo) leaves the series ahead
/// of the leaderboard. So the ingest flow first records, durably, which provinces a batch is about to change
/// (<see cref="Expect"/>, written at once) and forgets them once the batch is through (<see cref="Settle"/>, written
/// with the leaderboard rows the batch changed). Because a pending batch is repaired this way, the pushes of the
/// provinces it announced need no write of their own (<see cref="Covers"/>): the batch's settling stores them all at
/// once, two writes per indicator and batch in all. Whatever is still pending when a new activation loads
/// the state, or has been pending for longer than <see cref="StaleAfter"/>, is pulled from those series and ranked as
/// they stand. Rankings wait for the first repair, so a restarted cluster never answers from a torn leaderboard.
/// </summary>
/// <param name="apply">Takes a series' figures into the leaderboard; true when they were newer.</param>
/// <param name="commit">Stores the leaderboard and this bookkeeping (the leaderboard's rows first).</param>
internal sealed class CutBatchRepair(string indicator, IGrainFactory grains, TimeProvider clock, ILogger log, Func<SeriesSummary, bool> apply, Func<Task> commit)
{
    /// <summary>A batch still pending after this long has failed somewhere (an API or a silo gone); its series are pulled.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);

    private Dictionary<Guid, PendingBatch> _pending = [];

    // The repair of batches a previous activation left pending; rankings wait for it. Null once done (or not needed).
    private Task? _inherited;

    /// <summary>Whether the pending batches changed since they were last given to storage.</summary>
    public bool Unsaved { get; set; }

    public Dictionary<Guid, PendingBatch> Snapshot() => new(_pending);

    /// <summary>Starts repairing what a previous activation left pending; called on the grain's scheduler.</summary>
    public void Inherit(Dictionary<Guid, PendingBatch> stored)
    {
        _pending = new(stored);
        if (_pending.Count == 0) return;
        // Not awaited by the activation: a series that is pushing to this grain right now would wait for the
        // activation, and the activation for that series. The first ranking awaits it instead.
        var inherited = _pending.Keys.ToList();
        _inherited = Task.Factory.StartNew(() => RepairAsync(inherited), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Current).Unwrap();
    }

    public bool Waiting => _inherited is not null;

    /// <summary>Rankings wait for the repair of what a previous activation left pending (once; a failure falls back to the stored leaderboard).</summary>
    public async Task AfterInheritedAsync()
    {
        if (_inherited is { } repair)
        {
            await repair;
            _inherited = null;
        }
    }

    public Task Expect(Guid batch, IReadOnlyList<string> provinces)
    {
        _pending[batch] = new PendingBatch(provinces, clock.GetUtcNow());
        Unsaved = true;
        return commit();
    }

    /// <summary>Forgets the batch; the caller's next write stores that (a crash before it costs one needless pull).</summary>
    public void Settle(Guid batch) => Unsaved |= _pending.Remove(batch);

    /// <summary>Whether a pending batch announced <paramref name="province"/>: then a crash is repaired by pulling its series.</summary>
    public bool Covers(string province)
    {
        foreach (var pending in _pending.Values)
            if (pending.Provinces.Contains(province)) return true;
        return false;
    }

    public Task RepairStaleAsync()
    {
        var cutoff = clock.GetUtcNow() - StaleAfter;
        var stale = _pending.Where(p => p.Value.Since <= cutoff).Select(p => p.Key).ToList();
        return stale.Count == 0 ? Task.CompletedTask : RepairAsync(stale);
    }

    /// <summary>Pulls the series of <paramref name="batches"/> and ranks them as they stand; on failure they stay pending for the next try.</summary>
    private async Task RepairAsync(IReadOnlyList<Guid> batches)
    {
        var provinces = batches.SelectMany(b => _pending.TryGetValue(b, out var p) ? p.Provinces : []).Distinct().ToList();
        try
        {
            var snapshots = await Task.WhenAll(provinces.Select(p => grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(p, indicator)).GetAsync()));
            var behind = 0;
            foreach (var s in snapshots.Where(s => s.Version > 0))
                if (apply(new SeriesSummary(s.Province, s.Version, [.. s.Points.Where(p => p.Quarter is null && p.Current).Select(p => new YearValue(p.Year, p.Kind, p.Value, p.Qualifier))])))
                    behind++;
            foreach (var b in batches) Unsaved |= _pending.Remove(b);
            await commit();
            // A batch still pending at a clean stop is usual (settling is not written at once): only a leaderboard that
            // was really behind its series is worth a warning.
            if (behind > 0)
                log.LogWarning("Leaderboard {Indicator} was behind {Behind} of its series after {Batches} batch(es) cut short; repaired", indicator, behind, batches.Count);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Leaderboard {Indicator}: repairing {Batches} batch(es) cut short failed; trying again in {Seconds} s", indicator, batches.Count, StaleAfter.TotalSeconds);
        }
    }
}
