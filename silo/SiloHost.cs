using Analytics.Hosting;
using Analytics.Silo.Storage;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Configuration;

namespace Analytics.Silo;

public static class SiloHost
{
    /// <summary>
    /// Builds a silo: storage schema applied first (idempotent), then Orleans with the configured clustering and
    /// grain storage, and a small HTTP endpoint for /health (and /metrics). Bundled data loads once the silo is up.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var settings = ClusterSettings.From(builder.Configuration);
        builder.WebHost.UseUrls($"http://{settings.SiloHttpHost}:{settings.SiloHttpPort}");

        var storage = StorageSetup.For(settings);
        await storage.ApplySchemaAsync();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
            if (settings.Mode == ClusterMode.Embedded)
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
            }
            else
            {
                silo.UseAdoNetClustering(o => { o.Invariant = storage.Invariant; o.ConnectionString = storage.ConnectionString; });
                silo.ConfigureEndpoints(settings.SiloAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
                silo.Configure<ClusterMembershipOptions>(settings.FailureDetection.Apply);
            }
            storage.AddGrainStorage(silo);
            silo.AddAnalyticsGrains();
            silo.AddStartupTask<BundledDataLoader>();
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("analytics-silo"))
            .WithMetrics(m => m.AddAnalyticsMeters().AddPrometheusExporter());
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(BundledData.FromConfiguration(builder.Configuration));

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/health", (Orleans.Runtime.ILocalSiloDetails silo) => TypedResults.Ok(new
        {
            status = "ok",
            silo = silo.SiloAddress.ToString(),
            mode = settings.Mode.ToString().ToLowerInvariant(),
        }));
        return app;
    }
}
