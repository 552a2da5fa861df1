using System.Diagnostics.Metrics;

namespace Analytics.Hosting;

/// <summary>
/// Gauges about the forecasting model, reported by the silo that hosts the model grain (others report nothing,
/// so dashboards take max() across silos).
/// </summary>
public static class ModelMetrics
{
    private static readonly Meter Meter = new(AnalyticsMetrics.MeterName + ".Model", "1.0");
    private static long _generation;
    private static double? _lastSuccess;
    private static double? _lastDataChange;

    static ModelMetrics()
    {
        Meter.CreateObservableGauge("analytics.model.version", () => Observe(_generation == 0 ? null : _generation),
            "{version}", "How many times the model has been trained since its grain was activated (changes with every retrain).");
        Meter.CreateObservableGauge("analytics.model.last_success.timestamp", () => Observe(_lastSuccess),
            "s", "Unix time the current model finished training.");
        Meter.CreateObservableGauge("analytics.model.data_changed.timestamp", () => Observe(_lastDataChange),
            "s", "Unix time the model grain last heard of new figures.");
    }

    public static string MeterName => Meter.Name;

    public static void Trained(string version, DateTimeOffset trainedAt, double seconds)
    {
        Interlocked.Increment(ref _generation);
        _lastSuccess = trainedAt.ToUnixTimeMilliseconds() / 1000.0;
        AnalyticsMetrics.RetrainDuration.Record(seconds);
    }

    public static void DataChanged(DateTimeOffset at) => _lastDataChange = at.ToUnixTimeMilliseconds() / 1000.0;

    private static IEnumerable<Measurement<double>> Observe(double? value) =>
        value is { } v ? [new Measurement<double>(v)] : [];
}
