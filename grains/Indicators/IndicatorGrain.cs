using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Indicators;

[GenerateSerializer]
public sealed class IndicatorState
{
    [Id(0)] public IndicatorDefinition? Definition { get; set; }
    [Id(1)] public Dictionary<string, SeriesSummary> Entries { get; set; } = [];
}

/// <summary>
/// Reentrant so that pushes from many series interleave and share storage writes (see <see cref="GroupCommit"/>).
/// Every mutation and every ranking runs without an await in the middle, so interleaving never sees half a change.
/// </summary>
[Reentrant]
public sealed class IndicatorGrain : Grain, IIndicatorGrain
{
    private readonly IPersistentState<IndicatorState> _state;
    private readonly GroupCommit _commit;

    // Working copies; storage always gets a snapshot, because a write may still be serialising
    // on another thread while an interleaved call changes these.
    private IndicatorDefinition? _definition;
    private Dictionary<string, SeriesSummary> _entries = [];

    // Rankings answered since the leaderboard last changed: analysts ask the same few questions over and over.
    private readonly Dictionary<(int? Year, ObservationKind Kind, string Provinces, int? Top), Ranking> _answers = [];

    public IndicatorGrain([PersistentState("indicator", StorageNames.Default)] IPersistentState<IndicatorState> state)
    {
        _state = state;
        _commit = new GroupCommit(() =>
        {
            _state.State = new IndicatorState { Definition = _definition, Entries = new(_entries) };
            return _state.WriteStateAsync();
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _definition = _state.State.Definition;
        _entries = new(_state.State.Entries);
        return Task.CompletedTask;
    }

    public Task DefineAsync(IndicatorDefinition definition)
    {
        if (definition.Code != this.GetPrimaryKeyString())
            throw new ArgumentException($"Definition for '{definition.Code}' sent to indicator '{this.GetPrimaryKeyString()}'.");
        if (Equals(_definition, definition)) return Task.CompletedTask;
        _definition = definition;
        _answers.Clear();
        return _commit.CommitAsync();
    }

    public Task<IndicatorDefinition?> GetDefinitionAsync() => Task.FromResult(_definition);

    public Task PublishAsync(SeriesSummary summary)
    {
        if (_entries.TryGetValue(summary.Province, out var known) && known.Version >= summary.Version)
            return Task.CompletedTask;
        _entries[summary.Province] = summary;
        _answers.Clear();
        return _commit.CommitAsync();
    }

    public Task<IReadOnlyList<SeriesSummary>> GetSummariesAsync() =>
        Task.FromResult<IReadOnlyList<SeriesSummary>>([.. _entries.Values]);

    public Task<IReadOnlyList<string>> GetProvincesAsync() => Task.FromResult<IReadOnlyList<string>>([.. _entries.Keys]);

    public Task<IReadOnlyList<string>> GetProvincesWithTargetAsync(int year) =>
        Task.FromResult<IReadOnlyList<string>>([.. _entries.Values
            .Where(e => e.Values.Any(v => v.Year == year && v.Kind == ObservationKind.Target))
            .Select(e => e.Province)]);

    public Task<Ranking> RankAsync(RankingQuery query)
    {
        var key = (query.Year, query.Kind, Field(query), query.Top);
        if (!_answers.TryGetValue(key, out var ranking))
        {
            if (_answers.Count >= 256) _answers.Clear(); // bounded: a cache, not a second copy of every question
            var direction = _definition?.Direction ?? Direction.HigherIsBetter;
            _answers[key] = ranking = Leaderboard.Rank(this.GetPrimaryKeyString(), direction, _entries, query);
        }
        return Task.FromResult(ranking);
    }

    /// <summary>The provinces of a question, with the lifetimes that limit them, as one string key.</summary>
    private static string Field(RankingQuery query) => query.Lifetimes is not { } lifetimes
        ? string.Join(',', query.Provinces)
        : string.Join(',', query.Provinces.Select((p, i) => lifetimes[i] == YearSpan.Always ? p : $"{p}:{lifetimes[i].First}-{lifetimes[i].Last}"));
}
