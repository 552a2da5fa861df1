using System.Diagnostics.Metrics;

namespace Analytics.Hosting;

/// <summary>
/// Gauges about the forecasting model, reported by the silo that hosts the model grain (others report nothing,
/// so dashboards take max() across silos). A singleton of the silo, its meter made by the host's <see cref="IMeterFactory"/>.
/// </summary>
public sealed class ModelMetrics
{
    public const string MeterName = AnalyticsMetrics.MeterName + ".Model";

    private readonly AnalyticsMetrics _metrics;
    private long _generation;
    private double? _lastSuccess;
    private double? _lastDataChange;

    public ModelMetrics(IMeterFactory meters, AnalyticsMetrics metrics)
    {
        _metrics = metrics;
        var meter = meters.Create(MeterName, "1.0");
        meter.CreateObservableGauge("analytics.model.version", () => Observe(_generation == 0 ? null : _generation),
            "{version}", "How many times the model has been trained since its grain was activated (changes with every retrain).");
        meter.CreateObservableGauge("analytics.model.last_success.timestamp", () => Observe(_lastSuccess),
            "s", "Unix time the current model finished training.");
        meter.CreateObservableGauge("analytics.model.data_changed.timestamp", () => Observe(_lastDataChange),
            "s", "Unix time the model grain last heard of new figures.");
    }

    public void Trained(DateTimeOffset trainedAt, double seconds)
    {
        Interlocked.Increment(ref _generation);
        _lastSuccess = trainedAt.ToUnixTimeMilliseconds() / 1000.0;
        _metrics.RetrainDuration.Record(seconds);
    }

    public void DataChanged(DateTimeOffset at) => _lastDataChange = at.ToUnixTimeMilliseconds() / 1000.0;

    private static IEnumerable<Measurement<double>> Observe(double? value) =>
        value is { } v ? [new Measurement<double>(v)] : [];
}
