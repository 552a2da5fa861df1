using System.Diagnostics.Metrics;
using Analytics.Domain;

namespace Analytics.Hosting;

/// <summary>
/// The product's own metrics, exported in Prometheus format by every process (README, "Monitoring").
/// Names follow Prometheus conventions once exported: counters end in _total, durations are seconds, and
/// every label has a small fixed set of values.
/// </summary>
public static class AnalyticsMetrics
{
    public const string MeterName = "Analytics";

    /// <summary>
    /// Bucket bounds for the duration histograms, in seconds: 0.5 ms to 60 s. Declared before the instruments on
    /// purpose: creating a histogram runs the exporter's view, which reads this array during type initialisation.
    /// </summary>
    public static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>analytics_observations_ingested_total{outcome="inserted|unchanged|revised|rejected"}.</summary>
    public static readonly Counter<long> ObservationsIngested = Meter.CreateCounter<long>(
        "analytics.observations.ingested", "{observation}", "Observations received for ingest, by outcome.");

    /// <summary>analytics_ingest_batches_total{result="accepted|rejected|failed"}.</summary>
    public static readonly Counter<long> IngestBatches = Meter.CreateCounter<long>(
        "analytics.ingest.batches", "{batch}", "Ingest batches: accepted, rejected by validation, or failed in the cluster.");

    /// <summary>analytics_ingest_row_errors_total{field}: what rejected rows got wrong.</summary>
    public static readonly Counter<long> IngestRowErrors = Meter.CreateCounter<long>(
        "analytics.ingest.row.errors", "{error}", "Row errors found by ingest validation, by field.");

    /// <summary>analytics_ranking_request_duration_seconds.</summary>
    public static readonly Histogram<double> RankingDuration = Meter.CreateHistogram<double>(
        "analytics.ranking.request.duration", "s", "Time to answer a ranking request in the API.");

    /// <summary>analytics_ranking_cache_requests_total{result="hit|miss"}: rankings answered from the API's cache or by the cluster.</summary>
    public static readonly Counter<long> RankingCacheRequests = Meter.CreateCounter<long>(
        "analytics.ranking.cache.requests", "{request}", "Ranking requests answered from the API process's cache (hit) or by the indicator grain (miss).");

    public static void RecordRankingCache(bool hit) =>
        RankingCacheRequests.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>analytics_forecast_request_duration_seconds{scope="series|attainment"}.</summary>
    public static readonly Histogram<double> ForecastDuration = Meter.CreateHistogram<double>(
        "analytics.forecast.request.duration", "s", "Time to answer a forecast or attainment request in the API.");

    /// <summary>analytics_model_retrain_duration_seconds.</summary>
    public static readonly Histogram<double> RetrainDuration = Meter.CreateHistogram<double>(
        "analytics.model.retrain.duration", "s", "Time to train the global forecasting model.");

    /// <summary>What an applied batch did; new or revised figures also move analytics_last_ingest_timestamp_seconds.</summary>
    public static void RecordApplied(UpsertCounts counts)
    {
        if (counts.Inserted + counts.Revised > 0) DataChanged();
        if (counts.Inserted > 0) ObservationsIngested.Add(counts.Inserted, new KeyValuePair<string, object?>("outcome", "inserted"));
        if (counts.Unchanged > 0) ObservationsIngested.Add(counts.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        if (counts.Revised > 0) ObservationsIngested.Add(counts.Revised, new KeyValuePair<string, object?>("outcome", "revised"));
    }

    private static double? _lastIngest;

    /// <summary>analytics_last_ingest_timestamp_seconds: when this process last applied new or revised figures.</summary>
    private static readonly ObservableGauge<double> LastIngest = Meter.CreateObservableGauge(
        "analytics.last_ingest.timestamp", () => _lastIngest is { } v ? [new Measurement<double>(v)] : Array.Empty<Measurement<double>>(),
        "s", "Unix time this process last applied new or revised figures.");

    public static void DataChanged() => _lastIngest = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    public static void RecordBatch(string result) => IngestBatches.Add(1, new KeyValuePair<string, object?>("result", result));

    public static void RecordRejected(int rows, IEnumerable<string> fields)
    {
        ObservationsIngested.Add(rows, new KeyValuePair<string, object?>("outcome", "rejected"));
        foreach (var field in fields) IngestRowErrors.Add(1, new KeyValuePair<string, object?>("field", BoundedField(field)));
    }

    // Labels must stay a small fixed set even if a reader reports some unexpected field name.
    private static readonly HashSet<string> KnownFields = ["province", "indicator", "year", "quarter", "kind", "value", "unit", "source", "quote"];

    private static string BoundedField(string field) => KnownFields.Contains(field) ? field : "other";
}
