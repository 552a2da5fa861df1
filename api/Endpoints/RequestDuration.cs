using System.Diagnostics;
using System.Diagnostics.Metrics;
using Analytics.Hosting;

namespace Analytics.Api.Endpoints;

/// <summary>
/// The endpoint filter that times a handler into one of the product's latency histograms (ranking, forecast,
/// attainment), whatever the handler answers or throws: timing is a cross-cutting concern, not the handlers' code.
/// </summary>
public static class RequestDuration
{
    public static RouteHandlerBuilder RecordsDuration(
        this RouteHandlerBuilder endpoint, Func<AnalyticsMetrics, Histogram<double>> histogram, string? scope = null) =>
        endpoint.AddEndpointFilterFactory((factory, next) =>
        {
            var recorder = histogram(factory.ApplicationServices.GetRequiredService<AnalyticsMetrics>());
            var tag = new KeyValuePair<string, object?>("scope", scope);
            return async context =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    return await next(context);
                }
                finally
                {
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    if (scope is null) recorder.Record(seconds);
                    else recorder.Record(seconds, tag);
                }
            };
        });
}
