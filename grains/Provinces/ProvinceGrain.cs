using Analytics.Domain;

namespace Analytics.Provinces;

/// <summary>One per province: its profile (names, region, validity, successor).</summary>
public interface IProvinceGrain : IGrainWithStringKey
{
    Task SetProfileAsync(Province profile);

    Task<ProvinceProfile> GetAsync();
}

/// <summary>A province's profile with the indicators it has series for (from the <see cref="ICoverageGrain"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ProvinceProfile(
    [property: Id(0)] Province? Province,
    [property: Id(1)] IReadOnlyList<string> Indicators);

[GenerateSerializer]
public sealed class ProvinceState
{
    [Id(0)] public Province? Profile { get; set; }
}

public sealed class ProvinceGrain(
    [PersistentState("province", StorageNames.Default)] IPersistentState<ProvinceState> state) : Grain, IProvinceGrain
{
    public async Task SetProfileAsync(Province profile)
    {
        if (Equals(state.State.Profile, profile)) return;
        state.State.Profile = profile;
        await state.WriteStateAsync();
    }

    public async Task<ProvinceProfile> GetAsync() => new(
        state.State.Profile,
        await GrainFactory.GetGrain<ICoverageGrain>(ICoverageGrain.Key).IndicatorsOfAsync(this.GetPrimaryKeyString()));
}
