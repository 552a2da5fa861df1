using Analytics.Catalog;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Forecasting;
using Analytics.Series;

namespace Analytics.Api.Queries;

/// <summary>One series with a target for the year, and how it is doing against it.</summary>
public sealed record AttainmentRow(string Province, string Indicator, ForecastResult Forecast)
{
    public AttainmentStatus? Status => Forecast.Attainment?.Status;

    /// <summary>The status as the API and metrics spell it: "on-track", ..., or "unknown".</summary>
    public string StatusCode => Status.ToCode();
}

public sealed record AttainmentTable(int Year, IReadOnlyList<AttainmentRow> Rows)
{
    /// <summary>Rows per status, every status present (zero included) so dashboards see a steady set of series.</summary>
    public IReadOnlyDictionary<string, int> Counts =>
        AttainmentStatuses.Codes.ToDictionary(s => s, s => Rows.Count(r => r.StatusCode == s));
}

/// <summary>
/// Attainment of a target year across the cluster: every series with a target for the year. The leaderboards say
/// which series have targets (one call per indicator); only those series are asked for their (cached) forecasts.
/// Rankings by attainment and the API's attainment gauges read the same table.
/// </summary>
public sealed class AttainmentQueries(CatalogCache catalog, IGrainFactory grains)
{
    /// <summary><c>GET /api/attainment</c>: the table for a year (default the target year), optionally of one indicator or region.</summary>
    public async Task<QueryResult<AttainmentDto>> AttainmentAsync(int? year, string? indicator, string? region, CancellationToken ct = default)
    {
        var view = await catalog.GetForReadAsync();
        if (QueryProblems.CheckYear(year) is { } problem) return problem;
        IndicatorDefinition? d = null;
        if (indicator is not null && !view.Indicators.TryGet(indicator, out d)) return QueryProblems.NoIndicator(indicator);
        if (!view.TryResolveRegion(region, out var resolved)) return QueryProblems.UnknownRegion(region!, view.Regions);

        var target = year ?? Years.DefaultTarget;
        var table = await TableAsync(target, d?.Code, InRegion(view, resolved), ct);
        var model = await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync();
        var byCode = view.ProvincesByCode;
        return new AttainmentDto(target, indicator, region, model.Version, table.Rows.Count, table.Counts,
            [.. table.Rows.Select(r => new AttainmentRowDto(r.Province, byCode[r.Province].NameVi, byCode[r.Province].Region,
                r.Indicator, r.StatusCode, r.Forecast.ToDto()))]);
    }

    /// <summary>The provinces of a region as a set, or null (every province) without one.</summary>
    internal static IReadOnlySet<string>? InRegion(CatalogView view, string? region) =>
        region is null ? null : view.ProvincesIn(region).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

    public async Task<AttainmentTable> TableAsync(int year, string? indicator = null, IReadOnlySet<string>? provinces = null,
        CancellationToken cancellationToken = default)
    {
        var snapshot = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync();
        var indicators = snapshot.Indicators.Where(d => indicator is null || d.Code == indicator).Select(d => d.Code).ToList();
        var withTargets = new List<(string Province, string Indicator)>();
        foreach (var (code, targeted) in await Task.WhenAll(indicators.Select(async code =>
                     (code, await grains.GetGrain<IIndicatorGrain>(code).GetProvincesWithTargetAsync(year)))))
        {
            withTargets.AddRange(targeted.Where(p => provinces is null || provinces.Contains(p)).Select(p => (p, code)));
        }

        var rows = new AttainmentRow[withTargets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var (province, code) = withTargets[i];
                rows[i] = new AttainmentRow(province, code,
                    await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province, code)).GetForecastAsync(year));
            });
        return new AttainmentTable(year, [.. rows.OrderBy(r => r.Indicator, StringComparer.Ordinal).ThenBy(r => r.Province, StringComparer.Ordinal)]);
    }
}
