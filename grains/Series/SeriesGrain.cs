using Analytics.Domain;
using Analytics.Forecasting;
using Analytics.Indicators;
using Analytics.Ml;
using Analytics.Provinces;
using Microsoft.Extensions.Logging;

namespace Analytics.Series;

public sealed class SeriesGrain(
    [PersistentState("series", StorageNames.Default)] IPersistentState<SeriesState> state,
    TrainedModels trained,
    TextPool texts,
    TimeProvider clock,
    IdleSeriesCollector idle,
    ILogger<SeriesGrain> logger) : Grain, ISeriesGrain, IIncomingGrainCallFilter
{
    /// <summary>When the last call reached this activation (<see cref="Environment.TickCount64"/>), for <see cref="IdleSeriesCollector"/>.</summary>
    internal long LastCallAt => Volatile.Read(ref _lastCallAt);
    private long _lastCallAt = Environment.TickCount64;

    // Whether this activation has told its indicator and the coverage index about the current state. Not persisted:
    // after a crash between the write and the push, the next activation simply pushes again (pushes are idempotent).
    private bool _leaderboardCurrent;
    private bool _covered;

    // Forecasts by target year, valid for one (series version, model version and the flagged figures it left out) pair. Made on the first forecast: most
    // activations (ingest, rankings) never forecast, and an empty dictionary each costs 80 bytes a series.
    // Forecasts of one series may interleave (the reads are [ReadOnly]); two for one year store the same entry.
    private Dictionary<int, (long SeriesVersion, string ModelVersion, ForecastResult Result)>? _forecasts;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State read from storage has its own copy of every unit, source and quote; keep one of each.
        state.State.ShareText(texts);
        idle.Add(this);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        idle.Remove(this);
        return Task.CompletedTask;
    }

    // Every call, whichever method, counts as use.
    Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        Volatile.Write(ref _lastCallAt, Environment.TickCount64);
        return context.Invoke();
    }

    /// <summary>Asks Orleans to deactivate this activation; called by <see cref="IdleSeriesCollector"/> off the grain's own scheduler.</summary>
    internal void LeaveIdle() =>
        GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "No call for the series idle age."));

    public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<Observation> observations, string? auditId = null)
    {
        var counts = await ApplyAsync(observations, auditId);
        if (!_leaderboardCurrent)
        {
            var (province, indicator) = SeriesKeys.Split(this.GetPrimaryKeyString());
            await GrainFactory.GetGrain<IIndicatorGrain>(indicator).PublishAsync(Summary(province));
            _leaderboardCurrent = true;
        }
        return counts;
    }

    public async Task<BatchUpsert> UpsertInBatchAsync(IReadOnlyList<Observation> observations, string? auditId)
    {
        var counts = await ApplyAsync(observations, auditId);
        // Handed back every time, changed or not, and never taken as delivered: a part whose pushes were lost with a
        // silo answers its batch with an error, and the batch sent again must leave these figures ranked when it is
        // acknowledged, even though they are then unchanged. A push the leaderboard already has is ignored there.
        return new BatchUpsert(counts, Summary(SeriesKeys.Split(this.GetPrimaryKeyString()).Province));
    }

    /// <summary>Applies the figures and stores the result; the push to the leaderboard is the caller's.</summary>
    private async Task<UpsertCounts> ApplyAsync(IReadOnlyList<Observation> observations, string? auditId)
    {
        var (province, indicator) = SeriesKeys.Split(this.GetPrimaryKeyString());
        foreach (var o in observations)
        {
            if (o.Province != province || o.Indicator != indicator)
                throw new ArgumentException($"Observation for {o.SeriesKey} sent to series {this.GetPrimaryKeyString()}.");
        }

        // Apply to a copy so a failed write leaves memory exactly as storage is.
        var next = state.State.Copy();
        var counts = next.Apply(observations, clock.GetUtcNow(), auditId);
        if (next.Version != state.State.Version)
        {
            next.ShareText(texts);
            // Past its size, the series first keeps only the first and latest revision of each figure (the audit
            // trail has every batch); only figures alone too large for it are refused.
            if (StateSize.Of(next) > InputLimits.SeriesStateBytes && next.Compact() > 0)
                logger.LogInformation("Series {Series} compacted to the first and latest revision of each figure", this.GetPrimaryKeyString());
            if (StateSize.Of(next) is var size && size > InputLimits.SeriesStateBytes)
                throw new StateLimitException(
                    $"Series {this.GetPrimaryKeyString()} would hold about {size / 1024:N0} KiB, past its limit of {InputLimits.SeriesStateBytes / 1024:N0} KiB; nothing of it was changed. Shorten the quotes or sources.",
                    this.GetPrimaryKeyString());
            await state.ReplaceAsync(next);
            _leaderboardCurrent = false;
            _forecasts?.Clear();
        }

        if (!_covered && state.State.Points.Count > 0)
        {
            await GrainFactory.GetGrain<ICoverageGrain>(ICoverageGrain.Key).AddAsync(province, indicator);
            _covered = true;
        }
        return counts;
    }

    public async Task<int> WithdrawAsync(string? batchAuditId, int? year, ObservationKind? kind, string reason, string withdrawalAuditId)
    {
        var next = state.State.Copy();
        var withdrawn = next.Withdraw(
            p => (batchAuditId is null || p.AuditId == batchAuditId) && (year is null || p.Year == year) && (kind is null || p.Kind == kind),
            new Withdrawal(reason, clock.GetUtcNow(), withdrawalAuditId));
        if (withdrawn == 0) return 0;
        await state.ReplaceAsync(next);
        _forecasts?.Clear();
        var (province, indicator) = SeriesKeys.Split(this.GetPrimaryKeyString());
        _leaderboardCurrent = false;
        await GrainFactory.GetGrain<IIndicatorGrain>(indicator).PublishAsync(Summary(province));
        _leaderboardCurrent = true;
        return withdrawn;
    }

    public async Task<int> PurgeAsync(string withdrawalAuditId, DateTimeOffset before)
    {
        var next = state.State.Copy();
        var purged = next.Purge(withdrawalAuditId, before);
        if (purged == 0) return 0;
        await state.ReplaceAsync(next);
        // Withdrawn figures were already out of the leaderboard, so it does not change; the series answers the API
        // processes keep must still be dropped, through the same feed a leaderboard change goes through.
        var (_, indicator) = SeriesKeys.Split(this.GetPrimaryKeyString());
        await GrainFactory.GetGrain<ILeaderboardChangesGrain>(ILeaderboardChangesGrain.Key).ChangedAsync(indicator);
        return purged;
    }

    public Task<SeriesSnapshot> GetAsync()
    {
        var (province, indicator) = SeriesKeys.Split(this.GetPrimaryKeyString());
        return Task.FromResult(new SeriesSnapshot(province, indicator, state.State.Version, state.State.Ordered()));
    }

    public async Task<ForecastResult> GetForecastAsync(int targetYear)
    {
        var model = GrainFactory.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key);
        var info = await model.GetInfoAsync();
        if (info.Version is not null && _forecasts is not null && _forecasts.TryGetValue(targetYear, out var cached)
            && cached.SeriesVersion == state.State.Version && cached.ModelVersion == Served(info.Version, info.LeftOutStamp))
            return cached.Result;

        var (province, indicator) = SeriesKeys.Split(this.GetPrimaryKeyString());
        var definition = await GrainFactory.GetGrain<IIndicatorGrain>(indicator).GetDefinitionAsync();
        var (years, values) = SeriesForecaster.Observed(state.State.Points.Values
            .Where(p => p.Quarter is null && p.Current).Select(p => new YearValue(p.Year, p.Kind, p.Value)));
        double? target = state.State.Points.TryGetValue(new ObservationKey(targetYear, null, ObservationKind.Target), out var t) && t.Current ? t.Value : null;
        var seriesVersion = state.State.Version;
        var input = new ForecastInput(province, indicator, years, values,
            definition?.Min, definition?.Max, definition?.Direction ?? Direction.HigherIsBetter, targetYear, target, definition?.Decimals);
        // The model in use, if it lives on this silo: forecast here; otherwise the model grain forecasts. Either leaves
        // out the series' flagged figures that training left out.
        var result = trained.Find(info.Version, info.LeftOutStamp) is { } local
            ? ForecastResults.Forecast(local.Model, input, local.LeftOut) : await model.ForecastAsync(input);
        (_forecasts ??= [])[targetYear] = (seriesVersion, Served(info.Version, info.LeftOutStamp), result);
        await KeepIssuedAsync(result, seriesVersion);
        return result;
    }

    // A confirmation given or taken back may leave the model's version as it was (a figure past the training's cutoff)
    // while changing what the series' forecast leaves out.
    private static string Served(string? version, string? leftOutStamp) => $"{version}/{leftOutStamp}";

    public Task<IReadOnlyList<IssuedForecast>> GetForecastHistoryAsync(int? targetYear) =>
        GrainFactory.GetGrain<IForecastHistoryGrain>(this.GetPrimaryKeyString()).GetAsync(targetYear);

    // The track record needs the forecasts as they were issued, not only the current one. They live in a grain of
    // their own, so a series activation (4,700 of them on a first start) reads no extra state; only a newly computed
    // forecast costs a call there. Losing one entry must not fail the forecast being served.
    private async Task KeepIssuedAsync(ForecastResult result, long seriesVersion)
    {
        if (IssuedForecast.From(result, seriesVersion, clock.GetUtcNow()) is not { } issued) return;
        try
        {
            await GrainFactory.GetGrain<IForecastHistoryGrain>(this.GetPrimaryKeyString()).RecordAsync(issued);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not keep the forecast {Series} issued for {Year} in its history.", this.GetPrimaryKeyString(), result.TargetYear);
        }
    }

    private SeriesSummary Summary(string province) => new(
        province,
        state.State.Version,
        [.. state.State.Points.Values.Where(p => p.Quarter is null && p.Current).Select(p => new YearValue(p.Year, p.Kind, p.Value, p.Qualifier))]);
}
