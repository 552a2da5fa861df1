using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Analytics.Hosting;

public static class MetricsSetup
{
    /// <summary>
    /// What every process exports on /metrics: Orleans' own meters, ASP.NET Core's, the .NET runtime's and the
    /// product's. The silo and the API add the Prometheus exporter on top.
    /// </summary>
    public static MeterProviderBuilder AddAnalyticsMeters(this MeterProviderBuilder metrics) => metrics
        .AddMeter("Microsoft.Orleans")
        .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
        .AddMeter("System.Runtime")
        .AddMeter(AnalyticsMetrics.MeterName, ModelMetrics.MeterName, AnalyticsMetrics.MeterName + ".Cluster")
        .AddView(i => i.Meter.Name.StartsWith(AnalyticsMetrics.MeterName, StringComparison.Ordinal) && i is Histogram<double> && i.Unit == "s"
            ? new ExplicitBucketHistogramConfiguration { Boundaries = AnalyticsMetrics.DurationBuckets }
            : null);
}
