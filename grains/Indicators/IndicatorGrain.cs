using Analytics.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Analytics.Indicators;

/// <summary>
/// One per indicator: puts together its jobs, each in a class of its own — the definition and its history
/// (<see cref="DefinitionHistory"/>), the leaderboard in rows of its own (<see cref="LeaderboardRows"/>), the repair
/// of batches a crash cut short (<see cref="CutBatchRepair"/>), the answers it keeps (<see cref="RankingAnswers"/>) —
/// and tells the cluster's feed of changes (<see cref="ILeaderboardChangesGrain"/>) once a change is stored.
/// </summary>
/// <remarks>
/// Reentrant so that pushes from many series interleave and share storage writes (see <see cref="GroupCommit"/>).
/// Every mutation and every ranking runs without an await in the middle, so interleaving never sees half a change.
/// </remarks>
[Reentrant]
public sealed class IndicatorGrain : Grain, IIndicatorGrain
{
    /// <summary>How often an active leaderboard looks for stale batches (a no-op when none is pending).</summary>
    private static readonly TimeSpan StaleCheck = TimeSpan.FromSeconds(15);

    private readonly IPersistentState<IndicatorState> _state;
    private readonly GroupCommit _commit;
    private readonly ILogger<IndicatorGrain> _log;
    private readonly DefinitionHistory _definition;
    private readonly LeaderboardRows _leaderboard;
    private readonly CutBatchRepair _repair;
    private readonly RankingAnswers _answers = new();

    // Whether the definition changed since it was last given to storage.
    private bool _definitionUnsaved;

    // Whether the leaderboard or the definition changed since the cluster's followers were last told (see AnnounceAsync).
    private bool _changed;

    public IndicatorGrain(
        [PersistentState("indicator", StorageNames.Default)] IPersistentState<IndicatorState> state, TimeProvider clock, ILogger<IndicatorGrain> log)
    {
        _state = state;
        _log = log;
        var code = this.GetPrimaryKeyString();
        _definition = new DefinitionHistory(code, clock);
        _leaderboard = new LeaderboardRows(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId());
        _commit = new GroupCommit(WriteAsync);
        _repair = new CutBatchRepair(code, GrainFactory, clock, log, Apply, _commit.CommitAsync);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _definition.Load(_state.State.Definition, _state.State.History);
        await _leaderboard.ReadAsync();
        // Summaries a row of the earlier layout kept beside the definition move to the leaderboard's rows at the next write.
        foreach (var summary in _state.State.Entries.Values) _leaderboard.Apply(summary);
        _definitionUnsaved = _state.State.Entries.Count > 0;
        _repair.Inherit(_state.State.Pending);
        this.RegisterGrainTimer(_ => _repair.RepairStaleAsync(), new GrainTimerCreationOptions(StaleCheck, StaleCheck) { Interleave = true });
    }

    /// <summary>
    /// Stores what changed: the leaderboard's rows first, then the indicator's own row. A crash between the two leaves
    /// a settled batch pending (one needless pull), never a batch settled whose summaries were not stored.
    /// </summary>
    private async Task WriteAsync()
    {
        var announce = _changed;
        _changed = false;
        var own = _definitionUnsaved || _repair.Unsaved;
        _definitionUnsaved = _repair.Unsaved = false;
        // Snapshots before the first await: calls interleaving with the write change the working copies only.
        var row = own ? new IndicatorState { Definition = _definition.Current, Pending = _repair.Snapshot(), History = [.. _definition.Versions] } : null;
        try
        {
            await _leaderboard.WriteAsync();
            if (row is not null) await _state.ReplaceAsync(row);
        }
        catch
        {
            _changed |= announce; // the next write announces it
            if (own) _definitionUnsaved = _repair.Unsaved = true;
            throw;
        }
        if (announce) await AnnounceAsync();
    }

    public Task ExpectAsync(Guid batch, IReadOnlyList<string> provinces) => _repair.Expect(batch, provinces);

    /// <summary>Stores what the batch's pushes changed (and that it is settled) before the batch is acknowledged.</summary>
    public Task SettleAsync(Guid batch)
    {
        _repair.Settle(batch);
        return _commit.CommitAsync();
    }

    public Task DefineAsync(IndicatorDefinition definition, string? auditId = null)
    {
        if (!_definition.Define(definition, auditId)) return Task.CompletedTask;
        _answers.Clear();
        _definitionUnsaved = _changed = true;
        return _commit.CommitAsync();
    }

    public Task<IndicatorDefinition?> GetDefinitionAsync() => Task.FromResult(_definition.Current);

    public Task<IReadOnlyList<DefinitionVersion>> GetHistoryAsync() => Task.FromResult(_definition.Versions);

    /// <remarks>
    /// A province that a pending batch announced (<see cref="ExpectAsync"/>, stored) is written when that batch settles,
    /// once for all its series instead of once for every few pushes: a crash before then leaves the batch pending, and
    /// the leaderboard is pulled from those series again (<see cref="CutBatchRepair"/>), which were stored before they pushed.
    /// </remarks>
    public Task PublishAsync(SeriesSummary summary) => PublishManyAsync([summary]);

    public Task PublishManyAsync(IReadOnlyList<SeriesSummary> summaries)
    {
        var unannounced = false;
        foreach (var summary in summaries)
            unannounced |= Apply(summary) && !_repair.Covers(summary.Province);
        return unannounced ? _commit.CommitAsync() : Task.CompletedTask;
    }

    private bool Apply(SeriesSummary summary)
    {
        if (!_leaderboard.Apply(summary)) return false;
        _answers.Clear();
        _changed = true;
        return true;
    }

    /// <summary>
    /// Tells the cluster's feed that this leaderboard changed, once its write is stored, so API processes drop the
    /// answers they keep about it. A failure here must not fail the write that is already stored: those processes
    /// then keep an answer until their own age limit.
    /// </summary>
    private async Task AnnounceAsync()
    {
        try
        {
            await GrainFactory.GetGrain<ILeaderboardChangesGrain>(ILeaderboardChangesGrain.Key).ChangedAsync(this.GetPrimaryKeyString());
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Could not announce the change of leaderboard {Indicator}; API processes show it after their answers' age limit", this.GetPrimaryKeyString());
        }
    }

    public async Task<IReadOnlyList<SeriesSummary>> GetSummariesAsync()
    {
        await _repair.AfterInheritedAsync();
        return [.. _leaderboard.Entries.Values];
    }

    public Task<IReadOnlyList<string>> GetProvincesAsync() => Task.FromResult<IReadOnlyList<string>>([.. _leaderboard.Entries.Keys]);

    public Task<IReadOnlyList<string>> GetProvincesWithTargetAsync(int year) =>
        Task.FromResult<IReadOnlyList<string>>([.. _leaderboard.Entries.Values
            .Where(e => e.Values.Any(v => v.Year == year && v.Kind == ObservationKind.Target))
            .Select(e => e.Province)]);

    public Task<IReadOnlyList<int>> GetTargetYearsAsync() =>
        Task.FromResult<IReadOnlyList<int>>([.. _leaderboard.Entries.Values
            .SelectMany(e => e.Values).Where(v => v.Kind == ObservationKind.Target).Select(v => v.Year).Distinct().Order()]);

    public Task<Ranking> RankAsync(RankingQuery query) =>
        _repair.Waiting ? RankAfterRepairAsync(query) : Task.FromResult(Rank(query));

    private async Task<Ranking> RankAfterRepairAsync(RankingQuery query)
    {
        await _repair.AfterInheritedAsync();
        return Rank(query);
    }

    private Ranking Rank(RankingQuery query) => _answers.GetOrAdd(query, q =>
        Leaderboard.Rank(this.GetPrimaryKeyString(), _definition.Current?.Direction ?? Direction.HigherIsBetter, _leaderboard.Entries, q));
}
