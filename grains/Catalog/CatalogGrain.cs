using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Provinces;
using Orleans.Concurrency;

namespace Analytics.Catalog;

[GenerateSerializer]
public sealed class CatalogState
{
    [Id(0)] public Dictionary<string, Province> Provinces { get; set; } = [];
    [Id(1)] public Dictionary<string, IndicatorDefinition> Indicators { get; set; } = [];
    [Id(2)] public string? BundleStamp { get; set; }
    [Id(3)] public long Version { get; set; }
}

public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Default)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private CatalogSnapshot? _snapshot;

    public async Task UpsertProvincesAsync(IReadOnlyList<Province> provinces)
    {
        var changed = provinces.Where(p => !state.State.Provinces.TryGetValue(p.Code, out var known) || known != p).ToList();
        // Province grains first: if this fails half way, the catalog does not yet claim them and a retry redoes it.
        await Task.WhenAll(changed.Select(p => GrainFactory.GetGrain<IProvinceGrain>(p.Code).SetProfileAsync(p)));
        if (changed.Count == 0) return;
        foreach (var p in changed) state.State.Provinces[p.Code] = p;
        await SaveAsync();
    }

    public async Task UpsertIndicatorsAsync(IReadOnlyList<IndicatorDefinition> indicators)
    {
        var changed = indicators.Where(d => !state.State.Indicators.TryGetValue(d.Code, out var known) || known != d).ToList();
        await Task.WhenAll(changed.Select(d => GrainFactory.GetGrain<IIndicatorGrain>(d.Code).DefineAsync(d)));
        if (changed.Count == 0) return;
        foreach (var d in changed) state.State.Indicators[d.Code] = d;
        await SaveAsync();
    }

    public Task<CatalogSnapshot> GetAsync() => Task.FromResult(_snapshot ??= new CatalogSnapshot(
        state.State.Version,
        [.. state.State.Provinces.Values.OrderBy(p => p.Code, StringComparer.Ordinal)],
        [.. state.State.Indicators.Values.OrderBy(d => d.Code, StringComparer.Ordinal)],
        state.State.BundleStamp));

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public async Task SetBundleStampAsync(string stamp)
    {
        if (state.State.BundleStamp == stamp) return;
        state.State.BundleStamp = stamp;
        await SaveAsync();
    }

    private async Task SaveAsync()
    {
        state.State.Version++;
        _snapshot = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage now; let the next activation reload what was really stored.
            DeactivateOnIdle();
            throw;
        }
    }
}
