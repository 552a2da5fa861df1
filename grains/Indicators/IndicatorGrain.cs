using Analytics.Domain;
using Analytics.Series;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Analytics.Indicators;

[GenerateSerializer]
public sealed class IndicatorState
{
    [Id(0)] public IndicatorDefinition? Definition { get; set; }
    [Id(1)] public Dictionary<string, SeriesSummary> Entries { get; set; } = [];

    /// <summary>Batches in flight: the provinces whose series each one is about to change (see <see cref="IndicatorGrain.ExpectAsync"/>).</summary>
    [Id(2)] public Dictionary<Guid, PendingBatch> Pending { get; set; } = [];

    /// <summary>Replaced definitions, newest first, at most <see cref="IIndicatorGrain.MaxHistory"/> (added later: older state reads as empty).</summary>
    [Id(3)] public List<DefinitionVersion> History { get; set; } = [];
}

[GenerateSerializer, Immutable]
public sealed record PendingBatch([property: Id(0)] IReadOnlyList<string> Provinces, [property: Id(1)] DateTimeOffset Since);

/// <summary>
/// Repairs itself after a crash cut a batch short. A series writes its own state first and then pushes to this
/// leaderboard; a process killed in between (or this grain's write lost with its silo) leaves the series ahead of the
/// leaderboard. So the ingest flow first records here, durably, which provinces a batch is about to change
/// (<see cref="ExpectAsync"/>) and forgets them once the batch is through (<see cref="SettleAsync"/>, in memory only:
/// one extra write per indicator and batch). Whatever is still pending when a new activation loads the state, or
/// has been pending for longer than <see cref="StaleAfter"/>, is pulled from those series and ranked as they stand.
/// Rankings and summaries wait for the first repair, so a restarted cluster never answers from a torn leaderboard.
/// </summary>
/// <remarks>
/// Reentrant so that pushes from many series interleave and share storage writes (see <see cref="GroupCommit"/>).
/// Every mutation and every ranking runs without an await in the middle, so interleaving never sees half a change.
/// </remarks>
[Reentrant]
public sealed class IndicatorGrain : Grain, IIndicatorGrain
{
    /// <summary>A batch still pending after this long has failed somewhere (an API or a silo gone); its series are pulled.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);

    /// <summary>How often an active leaderboard looks for stale batches (a no-op when none is pending).</summary>
    private static readonly TimeSpan StaleCheck = TimeSpan.FromSeconds(15);

    private readonly IPersistentState<IndicatorState> _state;
    private readonly GroupCommit _commit;
    private readonly TimeProvider _clock;
    private readonly ILogger<IndicatorGrain> _log;
    private Dictionary<Guid, PendingBatch> _pending = [];

    // The repair of batches a previous activation left pending; rankings wait for it. Null once done (or not needed).
    private Task? _inheritedRepair;

    // Working copies; storage always gets a snapshot, because a write may still be serialising
    // on another thread while an interleaved call changes these.
    private IndicatorDefinition? _definition;
    private List<DefinitionVersion> _history = [];
    private Dictionary<string, SeriesSummary> _entries = [];

    // Whether the leaderboard or the definition changed since the cluster's followers were last told (see AnnounceAsync).
    private bool _changed;

    // Rankings answered since the leaderboard last changed: analysts ask the same few questions over and over.
    private readonly Dictionary<(int? Year, ObservationKind Kind, string Provinces, int? Top), Ranking> _answers = [];

    public IndicatorGrain(
        [PersistentState("indicator", StorageNames.Default)] IPersistentState<IndicatorState> state, TimeProvider clock, ILogger<IndicatorGrain> log)
    {
        _state = state;
        _clock = clock;
        _log = log;
        _commit = new GroupCommit(async () =>
        {
            _state.State = new IndicatorState { Definition = _definition, Entries = new(_entries), Pending = new(_pending), History = [.. _history] };
            var announce = _changed;
            _changed = false;
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                _changed |= announce; // the next write announces it
                throw;
            }
            if (announce) await AnnounceAsync();
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _definition = _state.State.Definition;
        _history = [.. _state.State.History ?? []];
        _entries = new(_state.State.Entries);
        _pending = new(_state.State.Pending);
        if (_pending.Count > 0)
        {
            // Not awaited here: a series that is pushing to this grain right now would wait for this activation,
            // and this activation for that series. The first ranking awaits it instead.
            var inherited = _pending.Keys.ToList();
            _inheritedRepair = Task.Factory.StartNew(() => RepairAsync(inherited), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Current).Unwrap();
        }
        this.RegisterGrainTimer(RepairStaleAsync, new GrainTimerCreationOptions(StaleCheck, StaleCheck) { Interleave = true });
        return Task.CompletedTask;
    }

    public Task ExpectAsync(Guid batch, IReadOnlyList<string> provinces)
    {
        _pending[batch] = new PendingBatch(provinces, _clock.GetUtcNow());
        return _commit.CommitAsync();
    }

    public Task SettleAsync(Guid batch)
    {
        // Not written now: the next write of the leaderboard carries it, and a crash before that costs one needless pull.
        _pending.Remove(batch);
        return Task.CompletedTask;
    }

    private Task RepairStaleAsync(CancellationToken cancellationToken)
    {
        var cutoff = _clock.GetUtcNow() - StaleAfter;
        var stale = _pending.Where(p => p.Value.Since <= cutoff).Select(p => p.Key).ToList();
        return stale.Count == 0 ? Task.CompletedTask : RepairAsync(stale);
    }

    /// <summary>Pulls the series of <paramref name="batches"/> and ranks them as they stand; on failure they stay pending for the next try.</summary>
    private async Task RepairAsync(IReadOnlyList<Guid> batches)
    {
        var indicator = this.GetPrimaryKeyString();
        var provinces = batches.SelectMany(b => _pending.TryGetValue(b, out var p) ? p.Provinces : []).Distinct().ToList();
        try
        {
            var snapshots = await Task.WhenAll(provinces.Select(p => GrainFactory.GetGrain<ISeriesGrain>(SeriesKeys.Of(p, indicator)).GetAsync()));
            var behind = 0;
            foreach (var s in snapshots.Where(s => s.Version > 0))
                if (Apply(new SeriesSummary(s.Province, s.Version, [.. s.Points.Where(p => p.Quarter is null && p.Current).Select(p => new YearValue(p.Year, p.Kind, p.Value))])))
                    behind++;
            foreach (var b in batches) _pending.Remove(b);
            await _commit.CommitAsync();
            // A batch still pending at a clean stop is usual (settling is not written at once): only a leaderboard that
            // was really behind its series is worth a warning.
            if (behind > 0)
                _log.LogWarning("Leaderboard {Indicator} was behind {Behind} of its series after {Batches} batch(es) cut short; repaired", indicator, behind, batches.Count);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Leaderboard {Indicator}: repairing {Batches} batch(es) cut short failed; trying again in {Seconds} s", indicator, batches.Count, StaleAfter.TotalSeconds);
        }
    }

    /// <summary>Rankings wait for the repair of what a previous activation left pending (once; a failure falls back to the stored leaderboard).</summary>
    private async Task AfterInheritedRepairAsync()
    {
        if (_inheritedRepair is { } repair)
        {
            await repair;
            _inheritedRepair = null;
        }
    }

    public Task DefineAsync(IndicatorDefinition definition, string? auditId = null)
    {
        if (definition.Code != this.GetPrimaryKeyString())
            throw new ArgumentException($"Definition for '{definition.Code}' sent to indicator '{this.GetPrimaryKeyString()}'.");
        if (Equals(_definition, definition)) return Task.CompletedTask;
        if (_definition is { } previous)
        {
            // Bounded: the oldest versions go first; the audit trail keeps every change with its previous definition.
            _history.Insert(0, new DefinitionVersion(previous, _clock.GetUtcNow(), auditId));
            if (_history.Count > IIndicatorGrain.MaxHistory) _history.RemoveRange(IIndicatorGrain.MaxHistory, _history.Count - IIndicatorGrain.MaxHistory);
        }
        _definition = definition;
        _answers.Clear();
        _changed = true;
        return _commit.CommitAsync();
    }

    public Task<IndicatorDefinition?> GetDefinitionAsync() => Task.FromResult(_definition);

    public Task<IReadOnlyList<DefinitionVersion>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<DefinitionVersion>>([.. _history]);

    public Task PublishAsync(SeriesSummary summary) => Apply(summary) ? _commit.CommitAsync() : Task.CompletedTask;

    /// <summary>Takes a series' figures unless the leaderboard holds that version or a newer one already.</summary>
    private bool Apply(SeriesSummary summary)
    {
        if (_entries.TryGetValue(summary.Province, out var known) && known.Version >= summary.Version) return false;
        _entries[summary.Province] = summary;
        _answers.Clear();
        _changed = true;
        return true;
    }

    /// <summary>
    /// Tells the cluster's feed that this leaderboard changed, once its write is stored, so API processes drop the
    /// answers they keep about it (<see cref="ILeaderboardChangesGrain"/>). A failure here must not fail the write
    /// that is already stored: those processes then keep an answer until their own age limit.
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
        await AfterInheritedRepairAsync();
        return [.. _entries.Values];
    }

    public Task<IReadOnlyList<string>> GetProvincesAsync() => Task.FromResult<IReadOnlyList<string>>([.. _entries.Keys]);

    public Task<IReadOnlyList<string>> GetProvincesWithTargetAsync(int year) =>
        Task.FromResult<IReadOnlyList<string>>([.. _entries.Values
            .Where(e => e.Values.Any(v => v.Year == year && v.Kind == ObservationKind.Target))
            .Select(e => e.Province)]);

    public Task<Ranking> RankAsync(RankingQuery query) =>
        _inheritedRepair is null ? Task.FromResult(Rank(query)) : RankAfterRepairAsync(query);

    private async Task<Ranking> RankAfterRepairAsync(RankingQuery query)
    {
        await AfterInheritedRepairAsync();
        return Rank(query);
    }

    private Ranking Rank(RankingQuery query)
    {
        var key = (query.Year, query.Kind, Field(query), query.Top);
        if (!_answers.TryGetValue(key, out var ranking))
        {
            if (_answers.Count >= 256) _answers.Clear(); // bounded: a cache, not a second copy of every question
            var direction = _definition?.Direction ?? Direction.HigherIsBetter;
            _answers[key] = ranking = Leaderboard.Rank(this.GetPrimaryKeyString(), direction, _entries, query);
        }
        return ranking;
    }

    /// <summary>The provinces of a question, with the lifetimes that limit them, as one string key.</summary>
    private static string Field(RankingQuery query) => query.Lifetimes is not { } lifetimes
        ? string.Join(',', query.Provinces)
        : string.Join(',', query.Provinces.Select((p, i) => lifetimes[i] == YearSpan.Always ? p : $"{p}:{lifetimes[i].First}-{lifetimes[i].Last}"));
}
