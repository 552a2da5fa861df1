using System.Text.Json;
using System.Text.Json.Serialization;
using Analytics.Api.Endpoints;
using Analytics.Api.Queries;
using Analytics.Hosting;
using Microsoft.AspNetCore.Http.Json;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Configuration;

namespace Analytics.Api;

public static class AnalyticsApi
{
    public const int DefaultPort = 5080;

    /// <summary>Builds the API. <paramref name="configure"/> lets tests override settings before services are built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is where the binary and its appsettings.json are, not the directory it was started from
        // (run.sh starts it from the repository root, where no appsettings.json is).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var settings = ClusterSettings.From(builder.Configuration);

        if (builder.Configuration["ASPNETCORE_URLS"] is null && builder.Configuration["urls"] is null)
        {
            var port = builder.Configuration["API_PORT"] is { Length: > 0 } p ? int.Parse(p) : DefaultPort;
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        builder.WebHost.ConfigureKestrel(k =>
            k.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Analytics:MaxRequestBodyBytes") ?? IngestLimits.MaxBodyBytes);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ServiceId; });
            if (settings.Mode == ClusterMode.Embedded)
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }
            else
            {
                client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = settings.PostgresConnection; });
                settings.FailureDetection.Apply(client);
                client.Services.AddNpgsqlExceptionSerialization();
            }
            // The silo may still be starting (run.sh starts both): keep trying for a minute before giving up.
            client.UseConnectionRetryFilter(new StartupRetryFilter(TimeSpan.FromSeconds(60)));
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("analytics-api"))
            .WithMetrics(m => m.AddAnalyticsMeters().AddPrometheusExporter());
        builder.Services.AddAnalyticsMetrics();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CatalogCache>();
        builder.Services.AddSingleton<RankingCache>();
        builder.Services.AddSingleton<Analytics.Ingest.ObservationIngestor>();
        // The query layer: what the JSON endpoints (and the pages and reports) ask of the cluster.
        builder.Services.AddSingleton<CatalogQueries>();
        builder.Services.AddSingleton<SeriesQueries>();
        builder.Services.AddSingleton<RankingQueries>();
        builder.Services.AddSingleton<ForecastQueries>();
        builder.Services.AddSingleton<AttainmentQueries>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddHostedService<ClusterGauges>();
        builder.Services.AddReports(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddOpenApi();
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));

        var app = builder.Build();
        app.Use(next => ClusterUnavailableHandler.RetryAfterOnUnavailable(next, settings));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/health", async Task<IResult> (IGrainFactory grains) =>
        {
            // Healthy means the cluster answers and its grain state can be read: the catalog is read from storage on activation.
            try
            {
                await grains.GetGrain<Analytics.Catalog.ICatalogGrain>(Analytics.Catalog.ICatalogGrain.Key).GetVersionAsync().WaitAsync(HealthPatience);
                return TypedResults.Ok(new { status = "ok" });
            }
            catch (Exception ex) when (ClusterUnavailableHandler.IsUnavailable(ex) || ex is OrleansException)
            {
                return TypedResults.Json(new { status = "unhealthy", reason = "the cluster did not answer or could not read the catalog's state" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("Operations");
        // Liveness only: this process answers, without asking the cluster (the benchmark's floor; a process supervisor's probe).
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "ok" })).WithTags("Operations");
        var api = app.MapGroup("/api");
        api.MapProvinces();
        api.MapIndicators();
        api.MapSeries();
        api.MapObservations();
        api.MapRankings();
        api.MapForecasts();
        api.MapReports();
        api.MapCluster();
        return app;
    }

    private static readonly TimeSpan HealthPatience = TimeSpan.FromSeconds(10);

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    private sealed class StartupRetryFilter(TimeSpan patience) : IClientConnectionRetryFilter
    {
        private readonly DateTime _deadline = DateTime.UtcNow + patience;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow > _deadline) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            return true;
        }
    }
}
