using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Analytics.Hosting;

public static class MetricsSetup
{
    /// <summary>The name of the API's cluster-wide gauges' meter (what is loaded, attainment of the target year).</summary>
    public const string ClusterMeterName = AnalyticsMetrics.MeterName + ".Cluster";

    /// <summary>The product's meters as singletons of the host, whichever host (silo, API, test cluster) it is.</summary>
    public static IServiceCollection AddAnalyticsMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AnalyticsMetrics>();
        services.TryAddSingleton<ModelMetrics>();
        return services;
    }

    /// <summary>
    /// What every process exports on /metrics: Orleans' own meters, ASP.NET Core's, the .NET runtime's and the
    /// product's. The silo and the API add the Prometheus exporter on top.
    /// </summary>
    public static MeterProviderBuilder AddAnalyticsMeters(this MeterProviderBuilder metrics) => metrics
        .AddMeter("Microsoft.Orleans")
        .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
        .AddMeter("System.Runtime")
        .AddMeter(AnalyticsMetrics.MeterName, ModelMetrics.MeterName, ClusterMeterName)
        .AddView(i => i.Meter.Name.StartsWith(AnalyticsMetrics.MeterName, StringComparison.Ordinal) && i is Histogram<double> && i.Unit == "s"
            ? new ExplicitBucketHistogramConfiguration { Boundaries = AnalyticsMetrics.DurationBuckets }
            : null);
}
