using Analytics.Domain;
using Analytics.Forecasting;
using Analytics.Indicators;
using Analytics.Series;

namespace Analytics.Ingest;

/// <summary>
/// Applies an already validated batch: one call per series grain, in parallel. Used by the API and by
/// the silo's bundled-data loader alike. A failure part way leaves some series applied; because upserts
/// are idempotent, the caller reports the batch as failed and a retry of the same batch is safe.
/// </summary>
public sealed class ObservationIngestor(IGrainFactory grains)
{
    /// <summary>Enough calls in flight to keep both silo cores busy without flooding the message queues.</summary>
    private const int MaxConcurrentSeries = 64;

    /// <param name="auditId">The batch's audit entry, which every figure it stores or revises links to (null from the bundled-data loader).</param>
    public async Task<UpsertCounts> ApplyAsync(IReadOnlyList<Observation> observations, string? auditId = null, CancellationToken cancellationToken = default)
    {
        var bySeries = observations.GroupBy(o => o.SeriesKey).ToList();
        // The leaderboards learn first which series this batch will change, so a crash part way leaves them able to
        // repair themselves (see IndicatorGrain); once through, they forget it.
        var batch = Guid.NewGuid();
        var leaderboards = observations.GroupBy(o => o.Indicator)
            .Select(g => (Grain: grains.GetGrain<IIndicatorGrain>(g.Key), Provinces: (IReadOnlyList<string>)[.. g.Select(o => o.Province).Distinct()]))
            .ToList();
        await Task.WhenAll(leaderboards.Select(l => l.Grain.ExpectAsync(batch, l.Provinces)));
        var total = new UpsertCounts();
        var gate = new object();
        await Parallel.ForEachAsync(
            bySeries,
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentSeries, CancellationToken = cancellationToken },
            async (group, _) =>
            {
                var counts = await grains.GetGrain<ISeriesGrain>(group.Key).UpsertAsync([.. group], auditId);
                lock (gate) total += counts;
            });
        await Task.WhenAll(leaderboards.Select(l => l.Grain.SettleAsync(batch)));
        if (total.Inserted + total.Revised > 0)
        {
            // Once per batch, not per series: the model grain debounces retraining after bulk loads.
            await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).NotifyDataChangedAsync();
        }
        return total;
    }
}
