using Orleans.Concurrency;

namespace Analytics.Provinces;

/// <summary>
/// Which (province, indicator) series exist: the index behind "the indicators a province has series for".
/// One grain rather than one per province on purpose: a bulk load creates series in every province at once,
/// and a single reentrant grain folds those registrations into a few storage writes (see <see cref="GroupCommit"/>),
/// where sixty-three province grains would need sixty-three.
/// </summary>
public interface ICoverageGrain : IGrainWithStringKey
{
    const string Key = "all";

    Task AddAsync(string province, string indicator);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> IndicatorsOfAsync(string province);

    [AlwaysInterleave]
    Task<int> CountAsync();
}

[GenerateSerializer]
public sealed class CoverageState
{
    [Id(0)] public Dictionary<string, SortedSet<string>> IndicatorsByProvince { get; set; } = [];
}

[Reentrant]
public sealed class CoverageGrain : Grain, ICoverageGrain
{
    private readonly IPersistentState<CoverageState> _state;
    private readonly GroupCommit _commit;
    private Dictionary<string, SortedSet<string>> _byProvince = [];
    private int _count;

    public CoverageGrain([PersistentState("coverage", StorageNames.Default)] IPersistentState<CoverageState> state)
    {
        _state = state;
        _commit = new GroupCommit(() =>
        {
            // A snapshot: the write may serialise on another thread while interleaved calls add more.
            _state.State = new CoverageState
            {
                IndicatorsByProvince = _byProvince.ToDictionary(p => p.Key, p => new SortedSet<string>(p.Value, StringComparer.Ordinal)),
            };
            return _state.WriteStateAsync();
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _byProvince = _state.State.IndicatorsByProvince.ToDictionary(p => p.Key, p => new SortedSet<string>(p.Value, StringComparer.Ordinal));
        _count = _byProvince.Values.Sum(s => s.Count);
        return Task.CompletedTask;
    }

    public Task AddAsync(string province, string indicator)
    {
        if (!_byProvince.TryGetValue(province, out var indicators))
            _byProvince[province] = indicators = new SortedSet<string>(StringComparer.Ordinal);
        if (!indicators.Add(indicator)) return Task.CompletedTask;
        _count++;
        return _commit.CommitAsync();
    }

    public Task<IReadOnlyList<string>> IndicatorsOfAsync(string province) =>
        Task.FromResult<IReadOnlyList<string>>(_byProvince.TryGetValue(province, out var set) ? [.. set] : []);

    public Task<int> CountAsync() => Task.FromResult(_count);
}
