using Analytics.Catalog;
using Analytics.Indicators;
using Orleans.Concurrency;

namespace Analytics.Provinces;

public sealed class CoverageGrain : Grain, ICoverageGrain
{
    private readonly Dictionary<string, SortedSet<string>> _byProvince = [];
    private int _count;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync();
        foreach (var (indicator, provinces) in await Task.WhenAll(catalog.Indicators.Select(async d =>
                     (d.Code, await GrainFactory.GetGrain<IIndicatorGrain>(d.Code).GetProvincesAsync()))))
        {
            foreach (var province in provinces) Add(province, indicator);
        }
    }

    public Task AddAsync(string province, string indicator)
    {
        Add(province, indicator);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> IndicatorsOfAsync(string province) =>
        Task.FromResult<IReadOnlyList<string>>(_byProvince.TryGetValue(province, out var set) ? [.. set] : []);

    public Task<int> CountNewAsync(IReadOnlyList<(string Province, string Indicator)> series) =>
        Task.FromResult(series.Distinct().Count(s => !_byProvince.TryGetValue(s.Province, out var known) || !known.Contains(s.Indicator)));

    public Task<int> CountAsync() => Task.FromResult(_count);

    private void Add(string province, string indicator)
    {
        if (!_byProvince.TryGetValue(province, out var indicators))
            _byProvince[province] = indicators = new SortedSet<string>(StringComparer.Ordinal);
        if (indicators.Add(indicator)) _count++;
    }
}
