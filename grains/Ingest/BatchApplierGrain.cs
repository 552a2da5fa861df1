using Analytics.Domain;
using Analytics.Indicators;
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
        var pushes = new List<(string Indicator, SeriesSummary Summary)>();
        var gate = new object();
        var applied = Parallel.ForEachAsync(
            part.GroupBy(o => o.SeriesKey),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentSeries },
            async (series, _) =>
            {
                var figures = series.ToList();
                var done = await grains.GetGrain<ISeriesGrain>(series.Key).UpsertInBatchAsync(figures, auditId);
                lock (gate)
                {
                    total += done.Counts;
                    pushes.Add((figures[0].Indicator, done.Summary));
                }
            });
        try
        {
            await applied;
        }
        finally
        {
            // The series stored are pushed even when another failed: the sender is told to send the batch again without
            // the one refused, and finds them ranked now rather than after the leaderboards' repair.
            try
            {
                // One call per indicator for the part's pushes, where each series used to push on its own: a part of
                // a thousand new series was a thousand more messages in the silo.
                await Task.WhenAll(pushes.GroupBy(p => p.Indicator).Select(g =>
                    grains.GetGrain<IIndicatorGrain>(g.Key).PublishManyAsync([.. g.Select(p => p.Summary)])));
            }
            catch when (!applied.IsCompletedSuccessfully)
            {
                // The part fails with the series' own error; its batch stays pending, and the leaderboards' repair
                // pulls these series.
            }
        }
        return total;
    }
}
