using Analytics.Domain;

namespace Analytics.Provinces;

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
