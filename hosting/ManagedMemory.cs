namespace Analytics.Hosting;

/// <summary>
/// Gives back to the system memory the silo no longer uses. Two events free much at once and are followed by quiet:
/// a model training (30,000 series grow the managed heap by about a gigabyte for a few seconds) and a wave of idle
/// series deactivating. With no allocation afterwards no collection runs, so the GC keeps the memory committed and the
/// working set stays at its peak (measured: 1.8–2.0 GB after training 30,000 series whose live heap is about
/// 210 MB). A full collection frees it. It runs in the background (concurrent GC), beside the requests: a blocking,
/// compacting one gave memory back at once but stopped every request for up to half a second at 30,000 series, and a
/// user met that pause after every training and every idle wave. The emptied regions go back to the system over the
/// collections that follow, instead of at once.
/// </summary>
public static class ManagedMemory
{
    /// <summary>
    /// Asks the collector for background full collections only (<see cref="GCLatencyMode.SustainedLowLatency"/>): a
    /// training allocates hundreds of megabytes in seconds, and the blocking full collections that set off stopped the
    /// requests beside it for 100–190 ms each (`bench steady`, docs/performance.md). A blocking one still runs when
    /// memory runs short.
    /// </summary>
    public static void PreferShortPauses() => System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;

    /// <summary>How long to wait for the background collection before reporting what it gave back.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts a background full collection and waits (off the caller's thread) for it to finish; the working set before
    /// and after, in bytes, how long it took, and how long it paused the process in all, for the log.
    /// </summary>
    public static async Task<(long Before, long After, TimeSpan Took, TimeSpan Paused)> ReturnToSystemAsync()
    {
        var before = Environment.WorkingSet;
        var paused = GC.GetTotalPauseDuration();
        var full = GC.CollectionCount(GC.MaxGeneration);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false);
        while (GC.CollectionCount(GC.MaxGeneration) == full && System.Diagnostics.Stopwatch.GetElapsedTime(started) < Patience)
            await Task.Delay(50).ConfigureAwait(false);
        return (before, Environment.WorkingSet, System.Diagnostics.Stopwatch.GetElapsedTime(started), GC.GetTotalPauseDuration() - paused);
    }
}
