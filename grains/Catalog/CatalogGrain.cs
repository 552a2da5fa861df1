using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Domain.Geography;
using Orleans.Concurrency;

namespace Analytics.Catalog;

[GenerateSerializer]
public sealed class CatalogState
{
    /// <summary>Units by "geography/code" (vn-63/68 and vn-34/68 are two territories).</summary>
    [Id(4)] public Dictionary<string, AdministrativeUnit> Units { get; set; } = [];
    [Id(1)] public Dictionary<string, IndicatorDefinition> Indicators { get; set; } = [];
    [Id(2)] public string? BundleStamp { get; set; }
    [Id(3)] public long Version { get; set; }
}

public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Default)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private CatalogSnapshot? _snapshot;

    public async Task UpsertUnitsAsync(IReadOnlyList<AdministrativeUnit> units)
    {
        var changed = units.Where(u => !state.State.Units.TryGetValue(u.Key.ToString(), out var known) || !Same(known, u)).ToList();
        if (changed.Count == 0) return;
        foreach (var u in changed) state.State.Units[u.Key.ToString()] = u;
        await SaveAsync();
    }

    // Records compare lists by reference; a unit read again from the same files is the same unit.
    private static bool Same(AdministrativeUnit a, AdministrativeUnit b) =>
        a with { Members = b.Members, Renamings = b.Renamings } == b
        && a.Members.SequenceEqual(b.Members) && a.Renamings.SequenceEqual(b.Renamings);

    public async Task UpsertIndicatorsAsync(IReadOnlyList<IndicatorDefinition> indicators, string? auditId = null)
    {
        var changed = indicators.Where(d => !state.State.Indicators.TryGetValue(d.Code, out var known) || known != d).ToList();
        RefuseBeyondLimits(changed);
        await Task.WhenAll(changed.Select(d => GrainFactory.GetGrain<IIndicatorGrain>(d.Code).DefineAsync(d, auditId)));
        if (changed.Count == 0) return;
        foreach (var d in changed) state.State.Indicators[d.Code] = d;
        await SaveAsync();
    }

    /// <summary>The catalog is read whole by every API process: a change that would make it too large is refused before anything is applied.</summary>
    private void RefuseBeyondLimits(IReadOnlyList<IndicatorDefinition> changed)
    {
        var added = changed.Count(d => !state.State.Indicators.ContainsKey(d.Code));
        if (state.State.Indicators.Count + added > InputLimits.IndicatorsInCatalog)
            throw new StateLimitException(
                $"The catalog would hold {state.State.Indicators.Count + added:N0} indicators; the limit is {InputLimits.IndicatorsInCatalog:N0}. Nothing was defined.");
        var replaced = changed.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var size = state.State.Units.Values.Sum(StateSize.Of)
                   + state.State.Indicators.Values.Where(d => !replaced.Contains(d.Code)).Sum(StateSize.Of)
                   + changed.Sum(StateSize.Of);
        if (size > InputLimits.CatalogStateBytes)
            throw new StateLimitException(
                $"The catalog would hold about {size / 1024:N0} KiB, past its limit of {InputLimits.CatalogStateBytes / 1024:N0} KiB. Nothing was defined.");
    }

    public Task<CatalogSnapshot> GetAsync() => Task.FromResult(_snapshot ??= new CatalogSnapshot(
        state.State.Version,
        // vn-63 then vn-34, each by code: the order the Gazetteer lists them in.
        [.. state.State.Units.Values.OrderBy(u => u.Geography == Geography.Vn63 ? 0 : 1).ThenBy(u => u.Code, StringComparer.Ordinal)],
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
