using System.Collections.Concurrent;
using Analytics.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Series;

/// <summary>
/// Deactivates the series of this silo that have had no call for <see cref="ActivationLifetime.SeriesIdle"/> while it
/// holds more than <see cref="ActivationLifetime.ResidentSeries"/>, those idle longest first and only as many as are over,
/// at most <see cref="ActivationLifetime.IdleDeactivationsPerSecond"/> a second, in slices every tenth of a second.
/// Orleans' own collector starts every deactivation that falls due in one scan at the same moment: the 16,000 series
/// one ingest touched went idle in the same minute, their deactivations queued on the thread pool in front of the
/// requests, and the step search that met that minute failed (docs/performance.md). Orleans' collector stays as a
/// backstop at twice the idle age (<see cref="ActivationLifetime.Apply"/>).
/// </summary>
public sealed class IdleSeriesCollector(ActivationLifetime lifetime, ILogger<IdleSeriesCollector> log) : BackgroundService
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    // Keyed by reference: two activations of one series (one deactivating, one new) are two entries.
    private readonly ConcurrentDictionary<SeriesGrain, byte> _active = new(ReferenceEqualityComparer.Instance);

    internal void Add(SeriesGrain series) => _active.TryAdd(series, 0);

    internal void Remove(SeriesGrain series) => _active.TryRemove(series, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleMs = (long)lifetime.SeriesIdle.TotalMilliseconds;
        // Look for idle series once a second, or four times per idle age when that is shorter (tests use seconds).
        var scanMs = Math.Min(1_000L, Math.Max(Slice.Ticks / TimeSpan.TicksPerMillisecond, idleMs / 4));
        var perSlice = Math.Max(1, lifetime.IdleDeactivationsPerSecond / 10);
        log.LogInformation("Idle series stay resident up to {Resident:N0} (about {MiB:N0} MiB); past that, those idle {Minutes:N1} min leave, longest idle first",
            lifetime.ResidentSeries, (long)lifetime.ResidentSeries * ActivationLifetime.BytesPerSeries >> 20, lifetime.SeriesIdle.TotalMinutes);
        var due = new Queue<SeriesGrain>();
        var lastScan = long.MinValue / 2;
        using var timer = new PeriodicTimer(Slice);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = Environment.TickCount64;
            if (due.Count == 0 && now - lastScan >= scanMs)
            {
                lastScan = now;
                var over = _active.Count - lifetime.ResidentSeries;
                if (over > 0) FindLongestIdle(now - idleMs, over, due);
                if (due.Count >= perSlice * 10)
                    log.LogInformation("{Idle:N0} series idle for {Minutes:N1} min beyond the {Resident:N0} kept resident: deactivating at most {Rate:N0} a second",
                        due.Count, lifetime.SeriesIdle.TotalMinutes, lifetime.ResidentSeries, lifetime.IdleDeactivationsPerSecond);
            }
            for (var sent = 0; sent < perSlice && due.TryDequeue(out var series);)
            {
                // Called since it was found idle, or already gone (shed under memory pressure, or Orleans' backstop).
                if (Environment.TickCount64 - series.LastCallAt < idleMs || !_active.TryRemove(series, out _)) continue;
                try
                {
                    series.LeaveIdle();
                    sent++;
                }
                catch (Exception e)
                {
                    // Only memory is at stake; Orleans' own collector takes it later.
                    log.LogDebug(e, "Could not deactivate an idle series");
                }
            }
        }
    }

    /// <summary>Queues at most <paramref name="count"/> series last called before <paramref name="idleSince"/>, those idle longest first.</summary>
    private void FindLongestIdle(long idleSince, int count, Queue<SeriesGrain> due)
    {
        var idle = new List<(long LastCall, SeriesGrain Series)>();
        foreach (var (series, _) in _active)
            if (series.LastCallAt <= idleSince) idle.Add((series.LastCallAt, series));
        if (idle.Count > count) idle.Sort((a, b) => a.LastCall.CompareTo(b.LastCall));
        for (var i = 0; i < idle.Count && i < count; i++) due.Enqueue(idle[i].Series);
    }
}
