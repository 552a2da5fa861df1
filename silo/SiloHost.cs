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
        var reset = args.Contains(SqliteDatabaseCheck.ResetFlag);
        var builder = WebApplication.CreateBuilder([.. args.Where(a => a != SqliteDatabaseCheck.ResetFlag)]);
        builder.UseProductLogging();
        ManagedMemory.PreferShortPauses();
        configure?.Invoke(builder);
        var settings = ClusterSettings.From(builder.Configuration);
        builder.WebHost.UseUrls($"http://{settings.SiloHttpHost}:{settings.SiloHttpPort}");

        var database = settings.Mode == ClusterMode.Embedded ? new SqliteDatabaseCheck(settings.SqliteFile) : null;
        if (database is not null) CheckDatabase(database, reset || builder.Configuration.GetValue<bool>(SqliteDatabaseCheck.ResetSetting));
        var storage = StorageSetup.For(settings);
        try
        {
            await storage.ApplySchemaAsync();
            database?.RecordHeldData();
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (database is not null)
        {
            throw database.Unusable($"cannot be prepared ({ex.Message.Split('\n', 2)[0]})");
        }

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
            storage.AddGrainStorage(silo, builder.Configuration.GetValue<bool>(DamagedStateStorage.Setting));
            // The model trains in a child process of this very executable (its `train` verb) unless ANALYTICS_TRAINING=inline.
            var training = TrainingSettings.From(builder.Configuration);
            silo.AddAnalyticsGrains(ActivationLifetime.From(builder.Configuration), training.Place == TrainingPlace.Process
                ? new Analytics.Forecasting.TrainerProcess(typeof(SiloHost).Assembly.Location, Path.Combine(settings.DataDir, "temp"), training.Timeout)
                : null);
            silo.AddStartupTask<BundledDataLoader>();
            silo.AddStartupTask<AdminBootstrap>();
            // After the bundle: batches a stop cut are finished from their journal (or rolled back) before clients write again.
            silo.AddStartupTask((sp, ct) => ((IStartupTask)sp.GetRequiredService<CutBatchRecovery>()).Execute(ct), ServiceLifecycleStage.Active + 1);
            // Once the bundle is in, the database is one that held data: losing it later is then told apart from a fresh start.
            if (database is not null)
                silo.AddStartupTask((_, _) => { database.RecordHeldData(); return Task.CompletedTask; }, ServiceLifecycleStage.Active + 1);
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("analytics-silo"))
            .WithMetrics(m => m.AddAnalyticsMeters().AddPrometheusExporter());
        builder.Services.AddHostedService<CollectedMemoryRelease>();
        builder.Services.AddSingleton<CutBatchRecovery>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CutBatchRecovery>());
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(BundledData.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<BundledData>().Layout.LoadRelations());

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/health", async (Orleans.Runtime.ILocalSiloDetails silo, IGrainFactory grains, HttpContext http) =>
        {
            // Healthy means grain state can be read: the catalog's activation reads it from storage.
            try
            {
                await grains.GetGrain<Analytics.Catalog.ICatalogGrain>(Analytics.Catalog.ICatalogGrain.Key).GetVersionAsync().WaitAsync(HealthPatience);
                return Results.Ok(new { status = "ok", silo = silo.SiloAddress.ToString(), mode = settings.Mode.ToString().ToLowerInvariant() });
            }
            catch (Exception ex)
            {
                http.Response.Headers.RetryAfter = "5";
                return Results.Json(new { status = "unhealthy", silo = silo.SiloAddress.ToString(), reason = $"the catalog's state could not be read: {ex.GetType().Name}" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }

    private static readonly TimeSpan HealthPatience = TimeSpan.FromSeconds(10);

    /// <summary>An unusable database stops the silo, unless the operator asked to start afresh: then it is moved aside.</summary>
    private static void CheckDatabase(SqliteDatabaseCheck database, bool reset)
    {
        try
        {
            Console.WriteLine(database.Verify());
            if (reset) Console.WriteLine($"{SqliteDatabaseCheck.ResetFlag}: the database {database.File} is whole, so it is kept.");
        }
        catch (DatabaseUnusableException) when (reset)
        {
            var aside = database.MoveAside(DateTimeOffset.UtcNow);
            Console.Error.WriteLine($"warn: {SqliteDatabaseCheck.ResetFlag}: the unusable database was moved to {aside}; starting with a new, empty one.");
        }
    }
}
