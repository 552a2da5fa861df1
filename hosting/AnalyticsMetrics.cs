using System.Diagnostics.Metrics;
using Analytics.Domain;

namespace Analytics.Hosting;

/// <summary>
/// The product's own metrics, exported in Prometheus format by every process (docs/monitoring.md). One instance per
/// process (a singleton), its meter made by the host's <see cref="IMeterFactory"/> so it lives and dies with the host.
/// Names follow Prometheus conventions once exported: counters end in _total, durations are seconds, and every label
/// has a small fixed set of values.
/// </summary>
public sealed class AnalyticsMetrics
{
    public const string MeterName = "Analytics";

    /// <summary>Bucket bounds for the duration histograms, in seconds: 0.5 ms to 60 s (MetricsSetup's view applies them).</summary>
    public static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    // Labels must stay a small fixed set even if a reader reports some unexpected field name.
    private static readonly HashSet<string> KnownFields = ["province", "indicator", "year", "quarter", "kind", "value", "unit", "source", "quote"];

    private readonly Counter<long> _observationsIngested;
    private readonly Counter<long> _ingestBatches;
    private readonly Counter<long> _ingestRowErrors;
    private readonly Counter<long> _rankingCacheRequests;
    private readonly Counter<long> _seriesCacheRequests;
    private readonly Counter<long> _storageReads;
    private readonly Counter<long> _storageWrittenBytes;
    private double? _lastIngest;

    public AnalyticsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName, "1.0");
        _observationsIngested = meter.CreateCounter<long>(
            "analytics.observations.ingested", "{observation}", "Observations received for ingest, by outcome.");
        _ingestBatches = meter.CreateCounter<long>(
            "analytics.ingest.batches", "{batch}", "Ingest batches: accepted, rejected by validation, or failed in the cluster.");
        _ingestRowErrors = meter.CreateCounter<long>(
            "analytics.ingest.row.errors", "{error}", "Row errors found by ingest validation, by field.");
        RankingDuration = meter.CreateHistogram<double>(
            "analytics.ranking.request.duration", "s", "Time to answer a ranking request in the API.");
        _rankingCacheRequests = meter.CreateCounter<long>(
            "analytics.ranking.cache.requests", "{request}", "Ranking requests answered from the API process's cache (hit) or by the indicator grain (miss).");
        _seriesCacheRequests = meter.CreateCounter<long>(
            "analytics.series.cache.requests", "{request}", "Series requests answered from the API process's cache (hit) or by the series grains (miss).");
        ForecastDuration = meter.CreateHistogram<double>(
            "analytics.forecast.request.duration", "s", "Time to answer a forecast or attainment request in the API.");
        RetrainDuration = meter.CreateHistogram<double>(
            "analytics.model.retrain.duration", "s", "Time to train the global forecasting model.");
        StorageTransactionWrites = meter.CreateHistogram<int>(
            "analytics.storage.transaction.writes", "{write}", "Grain state writes committed (or failed) together in one database transaction.");
        StorageQueryReads = meter.CreateHistogram<int>(
            "analytics.storage.query.reads", "{read}", "Grain state reads answered together by one database query.");
        _storageWrittenBytes = meter.CreateCounter<long>(
            "analytics.storage.written", "By", "Serialized grain state committed to the database, by kind of state.");
        _storageReads = meter.CreateCounter<long>(
            "analytics.storage.reads", "{read}", "Grain state reads as grains activate: from the database, or answered empty for a grain known never stored (embedded mode).");
        meter.CreateObservableGauge("analytics.last_ingest.timestamp",
            () => _lastIngest is { } v ? [new Measurement<double>(v)] : Array.Empty<Measurement<double>>(),
            "s", "Unix time this process last applied new or revised figures.");
    }

    /// <summary>analytics_ranking_request_duration_seconds.</summary>
    public Histogram<double> RankingDuration { get; }

    /// <summary>analytics_forecast_request_duration_seconds{scope="series|attainment"}.</summary>
    public Histogram<double> ForecastDuration { get; }

    /// <summary>analytics_model_retrain_duration_seconds.</summary>
    public Histogram<double> RetrainDuration { get; }

    /// <summary>analytics_storage_transaction_writes: how many grains' writes each group commit carried.</summary>
    public Histogram<int> StorageTransactionWrites { get; }

    /// <summary>analytics_storage_query_reads: the grains read together by one query (their activations at about the same moment).</summary>
    public Histogram<int> StorageQueryReads { get; }

    /// <summary>
    /// analytics_storage_written_bytes_total{state}: a committed write's serialized bytes. The label is the state's name
    /// without a trailing row number (<c>leaderboard-3</c> counts as <c>leaderboard</c>), so it stays a small fixed set.
    /// </summary>
    public void RecordStorageWritten(string stateName, int bytes) =>
        _storageWrittenBytes.Add(bytes, new KeyValuePair<string, object?>("state", StateKind(stateName)));

    private static string StateKind(string stateName) =>
        stateName.LastIndexOf('-') is var dash and > 0 && dash < stateName.Length - 1 && stateName.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0
            ? stateName[..dash] : stateName;

    /// <summary>analytics_storage_reads_total{source="database|known-absent"}: a grain's state read from its row, or known to have none.</summary>
    public void RecordStorageRead(bool fromDatabase) =>
        _storageReads.Add(1, new KeyValuePair<string, object?>("source", fromDatabase ? "database" : "known-absent"));

    /// <summary>analytics_ranking_cache_requests_total{result="hit|miss"}: rankings answered from the API's cache or by the cluster.</summary>
    public void RecordRankingCache(bool hit) =>
        _rankingCacheRequests.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>analytics_series_cache_requests_total{result="hit|miss"}: series answered from the API process's cache, or by the series grain.</summary>
    public void RecordSeriesCache(bool hit) =>
        _seriesCacheRequests.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>
    /// analytics_observations_ingested_total{outcome="inserted|unchanged|revised"} for an applied batch; new or revised
    /// figures also move analytics_last_ingest_timestamp_seconds.
    /// </summary>
    public void RecordApplied(UpsertCounts counts)
    {
        if (counts.Inserted > 0) _observationsIngested.Add(counts.Inserted, new KeyValuePair<string, object?>("outcome", "inserted"));
        if (counts.Unchanged > 0) _observationsIngested.Add(counts.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        if (counts.Revised > 0) _observationsIngested.Add(counts.Revised, new KeyValuePair<string, object?>("outcome", "revised"));
        if (counts.Inserted + counts.Revised > 0) _lastIngest = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    }

    /// <summary>analytics_ingest_batches_total{result="accepted|rejected|failed"}.</summary>
    public void RecordBatch(string result) => _ingestBatches.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>A batch rejected by validation: its rows as outcome "rejected", and analytics_ingest_row_errors_total{field}.</summary>
    public void RecordRejected(int rows, IEnumerable<string> fields)
    {
        _observationsIngested.Add(rows, new KeyValuePair<string, object?>("outcome", "rejected"));
        foreach (var field in fields)
            _ingestRowErrors.Add(1, new KeyValuePair<string, object?>("field", KnownFields.Contains(field) ? field : "other"));
    }
}
