using Analytics.Catalog;
using Analytics.Data;

namespace Analytics.Api;

/// <summary>
/// The catalog as the API validates and labels with it: provinces and indicators with their lookups built once
/// per catalog version. Each use asks the catalog grain only for its version, and fetches the snapshot when it
/// moved, so a definition added through any API process is seen at once.
/// </summary>
public sealed class CatalogCache(IGrainFactory grains)
{
    private volatile CatalogView? _view;

    public async Task<CatalogView> GetAsync()
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var view = _view;
        if (view is not null && view.Snapshot.Version == await catalog.GetVersionAsync()) return view;
        return _view = new CatalogView(await catalog.GetAsync());
    }
}

public sealed class CatalogView(CatalogSnapshot snapshot)
{
    public CatalogSnapshot Snapshot { get; } = snapshot;
    public ProvinceDirectory Provinces { get; } = new(snapshot.Provinces);
    public IndicatorCatalog Indicators { get; } = new(snapshot.Indicators);

    public IReadOnlyList<string> Regions { get; } =
        [.. snapshot.Provinces.Select(p => p.Region).Distinct().Order(StringComparer.Ordinal)];
}
