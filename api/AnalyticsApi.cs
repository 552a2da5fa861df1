using Analytics.Domain;
using System.Text.Json;
using System.Text.Json.Serialization;
using Analytics.Api.Endpoints;
using Analytics.Api.Pages;
using Analytics.Api.Queries;
using Analytics.Api.Security;
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
        builder.UseProductLogging();
        ManagedMemory.PreferShortPauses();
        configure?.Invoke(builder);
        var settings = ClusterSettings.From(builder.Configuration);

        var urls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"];
        if (urls is null)
        {
            var port = builder.Configuration["API_PORT"] is { Length: > 0 } p ? int.Parse(p) : DefaultPort;
            builder.WebHost.UseUrls(urls = $"http://127.0.0.1:{port}");
        }
        var requireKeyForReading = AccessPolicies.RequireKeyForReading(builder.Configuration, urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Analytics:MaxRequestBodyBytes") ?? IngestLimits.MaxBodyBytes;
            // A body that trickles in holds a connection and a request thread: below this rate, after the grace period,
            // the read fails and the client gets 408 (BadRequestHandler).
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(
                builder.Configuration.GetValue<double?>("Analytics:MinRequestBodyBytesPerSecond") ?? 240,
                TimeSpan.FromSeconds(builder.Configuration.GetValue<double?>("Analytics:RequestBodyGraceSeconds") ?? 5));
        });

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
        builder.Services.AddSingleton<AnswerCache>();
        builder.Services.AddSingleton<Analytics.Ingest.ObservationIngestor>();
        builder.Services.AddSingleton<GatewayWatch>();
        builder.Services.AddSingleton(QuotaDefaults.From(builder.Configuration));
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayWatch>());
        // The query layer: what the JSON endpoints (and the pages and reports) ask of the cluster.
        builder.Services.AddSingleton<CarriedFigureSource>();
        builder.Services.AddSingleton<CatalogQueries>();
        // The registered source documents (data/sources.csv beside the binaries): every figure names its document.
        builder.Services.AddSingleton(_ => Analytics.Formats.SourceRegistryCsv.Load(
            Path.Combine(AppContext.BaseDirectory, "data", Analytics.Formats.BundleLayout.SourcesFileName)));
        builder.Services.AddSingleton<SeriesQueries>();
        builder.Services.AddSingleton<RankingQueries>();
        builder.Services.AddSingleton<ForecastQueries>();
        builder.Services.AddSingleton<AttainmentQueries>();
        builder.Services.AddSingleton<ProfileQueries>();
        builder.Services.AddSingleton<PlanningQueries>();
        builder.Services.AddSingleton(_ => new NationalTargets(Analytics.Formats.NationalTargetCsv.Load(
            new Analytics.Formats.BundleLayout(Path.Combine(AppContext.BaseDirectory, "data")).NationalTargetsFile)));
        // Which indicators are parts of which, and which accumulate: what the quality rules check batches and stored figures against.
        builder.Services.AddSingleton(_ => new Analytics.Formats.BundleLayout(Path.Combine(AppContext.BaseDirectory, "data")).LoadRelations());
        builder.Services.AddSingleton(sp => new Analytics.Domain.Quality.QualityCheck(sp.GetRequiredService<Analytics.Domain.Quality.IndicatorRelations>()));
        builder.Services.AddSingleton<QualityQueries>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<WithdrawalQueries>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<KeyQueries>();
        builder.Services.AddAccessPolicies(requireKeyForReading);
        builder.Services.AddHostedService<ClusterGauges>();
        builder.Services.AddHostedService<LeaderboardChangeFeed>();
        builder.Services.AddReports(builder.Configuration);
        // No internals in answers: a ProblemDetails never carries an exception's type, message or stack.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.Remove("exception");
        });
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        // Binding failures are thrown (not answered with an empty 400) so BadRequestHandler can name the parameter.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddRequestRateLimit(builder.Configuration);
        builder.Services.AddOpenApi(o => ApiKeyOpenApi.Configure(o, requireKeyForReading));
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddAnalyticsPages();

        var app = builder.Build();
        // The reader's language for every text made below the pages (Bilingual.T), refusals included: ?lang=, else for the
        // JSON API its Accept-Language, else Vietnamese.
        app.Use(async (context, next) =>
        {
            using var _ = Bilingual.Reading(ReadsEnglish(context.Request));
            await next(context);
        });
        app.Use(next => ClusterUnavailableHandler.RetryAfterOnUnavailable(next, settings));
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication, so a write is counted against its key rather than its address.
        app.UseRateLimiter();
        app.UseQueryBinder();
        app.MapAnalyticsPages();
        app.MapOpenApi().RequireAuthorization(AccessPolicies.Read);
        app.MapPrometheusScrapingEndpoint().RequireAuthorization(AccessPolicies.Read);
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
        // Every route under /api reads unless it says more (writer or admin); the health checks stay open for probes.
        var api = app.MapGroup("/api").RequireAuthorization(AccessPolicies.Read);
        api.MapProvinces();
        api.MapIndicators();
        api.MapSeries();
        api.MapObservations();
        api.MapRankings();
        api.MapForecasts();
        api.MapReports();
        api.MapCluster();
        api.MapKeys();
        api.MapAudit();
        api.MapWithdrawals();
        api.MapPurges();
        api.MapQuality();
        return app;
    }

    private static readonly TimeSpan HealthPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// English when <c>?lang=</c> says so; without it, an API client's Accept-Language decides (its most preferred of vi
    /// and en). Pages ignore Accept-Language: a browser set to English still opens the product in Vietnamese, its default,
    /// and the pages' language switch writes <c>?lang=</c>.
    /// </summary>
    internal static bool ReadsEnglish(HttpRequest request)
    {
        if (request.Query.TryGetValue("lang", out var lang)) return Bilingual.IsEnglish(lang);
        if (!request.Path.StartsWithSegments("/api")) return false;
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Value.Value is { } tag && (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("vi", StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault();
        return preferred is not null && Bilingual.IsEnglish(preferred.Value.Value);
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        // A key sent twice is an error, not "the last one wins" (a row with value 5 then 7 once stored 7).
        options.AllowDuplicateProperties = false;
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
