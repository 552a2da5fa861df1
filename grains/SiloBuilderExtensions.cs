using Analytics.Hosting;
using Analytics.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Analytics;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// The services the product's grains need, whichever host (silo process or test cluster) runs them, and how long
    /// their activations stay in memory (<see cref="ActivationLifetime.Default"/> unless given).
    /// </summary>
    public static ISiloBuilder AddAnalyticsGrains(this ISiloBuilder silo, ActivationLifetime? lifetime = null)
    {
        var collection = lifetime ?? ActivationLifetime.Default;
        silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => collection.Apply(o, typeof(Series.SeriesGrain).FullName!));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(new Analytics.Domain.TextPool());
        silo.Services.AddAnalyticsMetrics();
        silo.Services.TryAddSingleton<ObservationIngestor>();
        silo.Services.TryAddSingleton<BatchRecovery>();
        silo.Services.TryAddSingleton<Forecasting.TrainedModels>();
        // The catalog's relations (part of, cumulative, share of) for the quality rules training reads; a host with the
        // bundle registers data/indicator-relations.csv, else the rules that need none still run.
        silo.Services.TryAddSingleton(Analytics.Domain.Quality.IndicatorRelations.None);
        // Retraining leaves a core to the requests the silo keeps serving meanwhile.
        silo.Services.TryAddSingleton<Forecasting.IForecastTrainer>(_ => new Forecasting.ForecastTrainer(new Analytics.Ml.ForecastModelTrainer(
            new Analytics.Ml.ForecastTrainingOptions { GlobalModel = new() { Threads = Math.Max(1, Environment.ProcessorCount - 1) } })));
        return silo;
    }
}
