using Analytics.Catalog;
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
/// The cluster-wide attainment table: every series with a target for the year. The leaderboards say which
/// series have targets (one call per indicator); only those series are asked for their (cached) forecasts.
/// </summary>
public sealed class AttainmentReport(IGrainFactory grains)
{
    public async Task<AttainmentTable> BuildAsync(int year, string? indicator = null, IReadOnlySet<string>? provinces = null,
        CancellationToken cancellationToken = default)
    {
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync();
        var indicators = catalog.Indicators.Where(d => indicator is null || d.Code == indicator).Select(d => d.Code).ToList();
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
