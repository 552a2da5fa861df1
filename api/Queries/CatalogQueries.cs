using Analytics.Catalog;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Provinces;

namespace Analytics.Api.Queries;

/// <summary>Provinces and indicators: listing, finding by code or name, and defining indicators (all or none).</summary>
public sealed class CatalogQueries(CatalogCache catalog, RankingCache rankings, IGrainFactory grains)
{
    public async Task<QueryResult<IReadOnlyList<ProvinceDto>>> ProvincesAsync(string? region = null)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.TryResolveRegion(region, out var resolved)) return QueryProblems.UnknownRegion(region!, view.Regions);
        return new QueryResult<IReadOnlyList<ProvinceDto>>([.. view.ProvincesIn(resolved).Select(ProvinceDto.From)], null);
    }

    /// <summary>One province by GSO code or any usual spelling of its name, with the indicators it has series for.</summary>
    public async Task<QueryResult<ProvinceDetailDto>> ProvinceAsync(string province)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.Provinces.TryResolve(province, out var p)) return QueryProblems.NoProvince(province);
        var profile = await grains.GetGrain<IProvinceGrain>(p.Code).GetAsync();
        return new ProvinceDetailDto(ProvinceDto.From(p), profile.Indicators);
    }

    /// <summary>The indicator catalog, checked against the cluster now (a definition just added shows at once).</summary>
    public async Task<IReadOnlyList<IndicatorDto>> IndicatorsAsync() =>
        [.. (await catalog.GetAsync()).Snapshot.Indicators.Select(IndicatorDto.From)];

    public async Task<QueryResult<IndicatorDto>> IndicatorAsync(string code) =>
        (await catalog.GetAsync()).Indicators.TryGet(code, out var d) ? IndicatorDto.From(d) : QueryProblems.NoIndicator(code);

    /// <summary>Adds or updates definitions: all of them when every one is acceptable, none otherwise.</summary>
    public async Task<QueryResult<DefineResult>> DefineAsync(IReadOnlyList<IndicatorDto> definitions)
    {
        var proposed = definitions.Select(d => d.ToDefinition()).ToList();
        var errors = IndicatorRules.Check(proposed);
        if (errors.Count > 0) return Rejected(errors, proposed.Count);
        var before = (await catalog.GetAsync()).Snapshot.Indicators.ToDictionary(d => d.Code);
        var changed = proposed.Where(d => !before.TryGetValue(d.Code, out var known) || known != d).ToList();
        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertIndicatorsAsync(changed);
        catalog.Invalidate();
        rankings.Invalidate(changed.Select(d => d.Code)); // a new direction reorders the leaderboard
        return new DefineResult(proposed.Count, changed.Count);
    }

    /// <summary>A batch with bad rows: every problem listed, nothing applied.</summary>
    internal static QueryProblem Rejected(IReadOnlyList<RowError> errors, int rows) =>
        new(ProblemKind.Rejected, $"{errors.Count} problem(s) in {rows} row(s). Fix them and send the whole batch again.", errors, rows);
}
