using Analytics.Domain;
using Analytics.Domain.Geography;
using Orleans.Concurrency;

namespace Analytics.Catalog;

/// <summary>
/// The units of both geographies (the 63 provinces and the 34 units; see Gazetteer) and the indicators the cluster knows, in one grain so the API can list and
/// validate against them with a single call. Definitions are also pushed to their own grains.
/// </summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    const string Key = "all";

    /// <summary>Records the units of both geographies (data/provinces.csv and data/provinces_2025.csv).</summary>
    Task UpsertUnitsAsync(IReadOnlyList<AdministrativeUnit> units);

    /// <summary>Adds or replaces definitions; <paramref name="auditId"/> is the audit entry of the change (null from the bundled-data loader).</summary>
    Task UpsertIndicatorsAsync(IReadOnlyList<IndicatorDefinition> indicators, string? auditId = null);

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
    [property: Id(1)] IReadOnlyList<AdministrativeUnit> Units,
    [property: Id(2)] IReadOnlyList<IndicatorDefinition> Indicators,
    [property: Id(3)] string? BundleStamp);
