using System.Diagnostics.Metrics;
using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Api.Queries;
using Analytics.Forecasting;
using Analytics.Hosting;
using Analytics.Provinces;

namespace Analytics.Api;

/// <summary>
/// Cluster-wide gauges (what is loaded, and attainment of the target year), refreshed in the background by the
/// API rather than computed on scrape: a scrape must stay cheap, and the silos each see only their own grains.
/// Cardinality: analytics_attainment_ratio has one series per (province, indicator) with a target for the
/// target year, capped at <see cref="MaxRatioSeries"/>; status counts are indicators × 6 statuses.
/// </summary>
public sealed class ClusterGauges : BackgroundService
{
    public const int TargetYear = Years.DefaultTarget;
    public const int MaxRatioSeries = 5_000;

    private readonly IGrainFactory _grains;
    private readonly AttainmentQueries _attainment;
    private readonly ILogger<ClusterGauges> _log;
    private readonly TimeSpan _period;
    private volatile Snapshot _snapshot = new(null, null, [], []);

    private sealed record Snapshot(
        int? Provinces, int? Series,
        IReadOnlyList<(string Indicator, string Status, int Count)> StatusCounts,
        IReadOnlyList<(string Province, string Indicator, double Ratio)> Ratios);

    public ClusterGauges(IGrainFactory grains, AttainmentQueries attainment, IMeterFactory meters, IConfiguration config, ILogger<ClusterGauges> log)
    {
        _grains = grains;
        _attainment = attainment;
        var meter = meters.Create(MetricsSetup.ClusterMeterName, "1.0");
        _log = log;
        _period = TimeSpan.FromSeconds(config.GetValue("Analytics:GaugeRefreshSeconds", 15));
        meter.CreateObservableGauge("analytics.provinces.loaded", () => One(_snapshot.Provinces), "{province}", "Units of both geographies in the catalog (the 63 provinces with Ha Tay, and the 34 units).");
        meter.CreateObservableGauge("analytics.series.loaded", () => One(_snapshot.Series), "{series}", "(province, indicator) series holding figures.");
        meter.CreateObservableGauge("analytics.attainment.provinces", () => _snapshot.StatusCounts.Select(c =>
                new Measurement<int>(c.Count, new("indicator", c.Indicator), new("status", c.Status))),
            "{province}", $"Provinces by attainment status of the {TargetYear} target, per indicator.");
        meter.CreateObservableGauge("analytics.attainment.ratio", () => _snapshot.Ratios.Select(r =>
                new Measurement<double>(r.Ratio, new("province", r.Province), new("indicator", r.Indicator))),
            "1", $"Projected share of the {TargetYear} target (direction-aware; 1 = on target).");
    }

    /// <summary>How soon to look again while the cluster has no forecasting model yet.</summary>
    private static readonly TimeSpan ModelWait = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var complete = true;
            try
            {
                complete = await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep the last good values; a failing refresh shows as stale gauges, not as a crashed API.
                _log.LogWarning(ex, "Refreshing cluster gauges failed");
            }
            try { await Task.Delay(complete ? _period : ModelWait, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <returns>False when the attainment gauges were skipped because no forecasting model is trained yet.</returns>
    private async Task<bool> RefreshAsync(CancellationToken ct)
    {
        // What is loaded first, on its own: it must not wait for (or fail with) the forecasting model.
        var catalog = await _grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync();
        var series = await _grains.GetGrain<ICoverageGrain>(ICoverageGrain.Key).CountAsync();
        _snapshot = _snapshot with { Provinces = catalog.Units.Count, Series = series };

        // Attainment needs a forecast of every series with a target, and before the first model each of those would
        // wait for the training: on a first start that held hundreds of series (and their writers) for its length.
        if ((await _grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync()).Version is null) return false;

        var table = await _attainment.TableAsync(TargetYear, cancellationToken: ct);
        var counts = table.Rows.GroupBy(r => r.Indicator)
            .SelectMany(g => AttainmentStatuses.Codes.Select(s => (g.Key, s, g.Count(r => r.StatusCode == s))))
            .ToList();
        var ratios = table.Rows
            .Where(r => r.Forecast.Attainment?.Ratio is not null)
            .Take(MaxRatioSeries)
            .Select(r => (r.Province, r.Indicator, r.Forecast.Attainment!.Ratio!.Value))
            .ToList();
        _snapshot = new Snapshot(catalog.Units.Count, series, counts, ratios);
        return true;
    }

    private static IEnumerable<Measurement<int>> One(int? value) => value is { } v ? [new Measurement<int>(v)] : [];
}
