using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Catalog;

/// <summary>
/// The list of provinces and indicators the cluster knows, in one grain so the API can list and
/// validate against them with a single call. Definitions are also pushed to their own grains.
/// </summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    const string Key = "all";

    Task UpsertProvincesAsync(IReadOnlyList<Province> provinces);

    Task UpsertIndicatorsAsync(IReadOnlyList<IndicatorDefinition> indicators);

    [AlwaysInterleave]
    Task<CatalogSnapshot> GetAsync();

    /// <summary>Cheap check for callers that cache the snapshot.</summary>
    [AlwaysInterleave]
    Task<long> GetVersionAsync();

    /// <summary>Marks which bundled dataset has been loaded, so a restart does not load it again.</summary>
    Task SetBundleStampAsync(string stamp);
}

[GenerateSerializer, Immutable]
public sealed record CatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<Province> Provinces,
    [property: Id(2)] IReadOnlyList<IndicatorDefinition> Indicators,
    [property: Id(3)] string? BundleStamp);
