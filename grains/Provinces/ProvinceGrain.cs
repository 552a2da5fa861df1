using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Provinces;

/// <summary>One per province: its profile and the indicators it has series for.</summary>
public interface IProvinceGrain : IGrainWithStringKey
{
    Task SetProfileAsync(Province profile);

    Task AddIndicatorAsync(string indicator);

    Task<ProvinceProfile> GetAsync();
}

[GenerateSerializer, Immutable]
public sealed record ProvinceProfile(
    [property: Id(0)] Province? Province,
    [property: Id(1)] IReadOnlyList<string> Indicators);

[GenerateSerializer]
public sealed class ProvinceState
{
    [Id(0)] public Province? Profile { get; set; }
    [Id(1)] public SortedSet<string> Indicators { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Reentrant for the same reason as the indicator grain: a bulk load registers hundreds of series at once.</summary>
[Reentrant]
public sealed class ProvinceGrain : Grain, IProvinceGrain
{
    private readonly IPersistentState<ProvinceState> _state;
    private readonly GroupCommit _commit;
    private Province? _profile;
    private SortedSet<string> _indicators = new(StringComparer.Ordinal);

    public ProvinceGrain([PersistentState("province", StorageNames.Default)] IPersistentState<ProvinceState> state)
    {
        _state = state;
        _commit = new GroupCommit(() =>
        {
            _state.State = new ProvinceState { Profile = _profile, Indicators = new(_indicators, StringComparer.Ordinal) };
            return _state.WriteStateAsync();
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _profile = _state.State.Profile;
        _indicators = new(_state.State.Indicators, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public Task SetProfileAsync(Province profile)
    {
        if (Equals(_profile, profile)) return Task.CompletedTask;
        _profile = profile;
        return _commit.CommitAsync();
    }

    public Task AddIndicatorAsync(string indicator) =>
        _indicators.Add(indicator) ? _commit.CommitAsync() : Task.CompletedTask;

    public Task<ProvinceProfile> GetAsync() => Task.FromResult(new ProvinceProfile(_profile, [.. _indicators]));
}
