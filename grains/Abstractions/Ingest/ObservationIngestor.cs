using Analytics.Domain;
using Analytics.Forecasting;
using Analytics.Indicators;

namespace Analytics.Ingest;

/// <summary>
/// Applies an already validated batch: in parts of whole series, each part one call to a silo
/// (<see cref="IBatchApplierGrain"/>), which calls the part's series grains there. Used by the API and by the silo's
/// bundled-data loader and batch recovery alike. A failure part way leaves some series applied; because upserts are
/// idempotent, the caller reports the batch as failed and a retry of the same batch is safe.
/// </summary>
public sealed class ObservationIngestor(IGrainFactory grains)
{
    /// <summary>
    /// A part's figures at most (a series larger goes whole in a part of its own): one part per batch of the usual
    /// thousand rows, and a part of a batch of the largest size is applied in well under a second.
    /// </summary>
    public const int MaxFiguresPerPart = 1_000;

    /// <summary>Parts in flight at once; each has up to 64 series calls in flight in its silo.</summary>
    private const int MaxConcurrentParts = 4;

    /// <summary>
    /// Applier keys the parts are spread over. A stateless worker runs on the silo that receives its call; several keys
    /// give a client's gateway choice room to differ between parts (not measured with several silos).
    /// </summary>
    private const int ApplierKeys = 16;

    /// <param name="auditId">The batch's audit entry, which every figure it stores or revises links to (null from the bundled-data loader).</param>
    public async Task<UpsertCounts> ApplyAsync(IReadOnlyList<Observation> observations, string? auditId = null, CancellationToken cancellationToken = default)
    {
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
            Parts(observations, MaxFiguresPerPart).Select((part, i) => (Part: part, Key: i % ApplierKeys)),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentParts, CancellationToken = cancellationToken },
            async (p, _) =>
            {
                var counts = await grains.GetGrain<IBatchApplierGrain>(p.Key).ApplyAsync(p.Part, auditId);
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

    /// <summary>
    /// The batch cut into parts of whole series, in the order each series first appears, of at most
    /// <paramref name="maxFigures"/> figures each unless one series alone has more.
    /// </summary>
    public static List<List<Observation>> Parts(IReadOnlyList<Observation> observations, int maxFigures)
    {
        var parts = new List<List<Observation>>();
        var current = new List<Observation>();
        foreach (var series in observations.GroupBy(o => o.SeriesKey))
        {
            var figures = series.ToList();
            if (current.Count > 0 && current.Count + figures.Count > maxFigures)
            {
                parts.Add(current);
                current = [];
            }
            current.AddRange(figures);
        }
        if (current.Count > 0) parts.Add(current);
        return parts;
    }
}
