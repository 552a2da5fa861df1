using Analytics.Api.Queries;
using Analytics.Catalog;
using Analytics.Domain;

namespace Analytics.Api;

/// <summary>
/// The catalog as the API validates and labels with it: provinces and indicators with their lookups built once
/// per catalog version. Writes (ingest, definitions) ask the catalog grain for its version every time, so a
/// definition added through any API process is seen at once; reads (rankings, series) re-check at most once a
/// second, which keeps an extra grain call off their hot path.
/// </summary>
public sealed class CatalogCache(IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan ReadStaleness = TimeSpan.FromSeconds(1);
    private volatile CatalogView? _view;
    private long _checkedAt;

    /// <summary>The current catalog, checked against the catalog grain now.</summary>
    public async Task<CatalogView> GetAsync()
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var view = _view;
        if (view is null || view.Snapshot.Version != await catalog.GetVersionAsync())
            _view = view = new CatalogView(await catalog.GetAsync());
        Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
        return view;
    }

    /// <summary>After this process changed the catalog: the next use fetches it afresh.</summary>
    public void Invalidate() => _view = null;

    /// <summary>The catalog for answering queries: at most a second behind.</summary>
    public Task<CatalogView> GetForReadAsync()
    {
        var view = _view;
        return view is not null && clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)) < ReadStaleness
            ? Task.FromResult(view)
            : GetAsync();
    }
}

public sealed class CatalogView(CatalogSnapshot snapshot)
{
    public CatalogSnapshot Snapshot { get; } = snapshot;
    public ProvinceDirectory Provinces { get; } = new(snapshot.Provinces);
    public IndicatorCatalog Indicators { get; } = new(snapshot.Indicators);

    public IReadOnlyDictionary<string, Province> ProvincesByCode { get; } = snapshot.Provinces.ToDictionary(p => p.Code);

    public IReadOnlyList<string> Regions { get; } =
        [.. snapshot.Provinces.Select(p => p.Region).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// The one region check: no region (null) is fine, a known one in any capitalisation comes back as written in
    /// provinces.csv; false for a region no province is in.
    /// </summary>
    public bool TryResolveRegion(string? region, out string? resolved)
    {
        resolved = region is null ? null : Regions.FirstOrDefault(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase));
        return region is null || resolved is not null;
    }

    /// <summary>The province and indicator of a series, found by code or name; the problem when either is unknown.</summary>
    public QueryProblem? FindSeries(string province, string indicator, out Province p, out IndicatorDefinition d)
    {
        d = null!;
        if (!Provinces.TryResolve(province, out p!)) return QueryProblems.NoProvince(province);
        return Indicators.TryGet(indicator, out d!) ? null : QueryProblems.NoIndicator(indicator);
    }

    /// <summary>The provinces of a region (as resolved), or all of them.</summary>
    public IReadOnlyList<Province> ProvincesIn(string? region) =>
        region is null ? Snapshot.Provinces : [.. Snapshot.Provinces.Where(p => p.Region == region)];
}
