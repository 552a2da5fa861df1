using Analytics.Domain;
using Analytics.Series;
using Orleans.Concurrency;

namespace Analytics.Ingest;

/// <summary>See <see cref="IBatchApplierGrain"/>. Reentrant: a part spends its time awaiting series grains.</summary>
[StatelessWorker, Reentrant]
public sealed class BatchApplierGrain : Grain, IBatchApplierGrain
{
    /// <summary>Enough calls in flight to keep a silo's cores busy without flooding its message queues.</summary>
    private const int MaxConcurrentSeries = 64;

    public async Task<UpsertCounts> ApplyAsync(IReadOnlyList<Observation> part, string? auditId)
    {
        // The calls are made from the thread pool, as the API made them, not queued on this activation's scheduler;
        // the grain's own properties may only be read on it, so the factory is taken here.
        var grains = GrainFactory;
        var total = new UpsertCounts();
        var gate = new object();
        await Parallel.ForEachAsync(
            part.GroupBy(o => o.SeriesKey),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentSeries },
            async (series, _) =>
            {
                var counts = await grains.GetGrain<ISeriesGrain>(series.Key).UpsertAsync([.. series], auditId);
                lock (gate) total += counts;
            });
        return total;
    }
}
