using Analytics.Hosting;
using Analytics.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Analytics;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// How a silo trains the forecasting model, in a child process or not (the same options, so the same model and version
    /// either way): the defaults, leaving a core to the requests the silo keeps serving meanwhile.
    /// </summary>
    public static Analytics.Ml.ForecastTrainingOptions TrainingOptions { get; } =
        new() { GlobalModel = new() { Threads = Math.Max(1, Environment.ProcessorCount - 1) } };

    /// <summary>
    /// The services the product's grains need, whichever host (silo process or test cluster) runs them, and how long
    /// their activations stay in memory (<see cref="ActivationLifetime.Default"/> unless given).
    /// </summary>
    /// <param name="trainerProcess">Where the silo's executable is, to train the forecasting model in a child process
    /// (<see cref="Forecasting.ProcessForecastTrainer"/>); without it (a host that has no such executable, or
    /// ANALYTICS_TRAINING=inline) training runs on a thread of the silo.</param>
    public static ISiloBuilder AddAnalyticsGrains(this ISiloBuilder silo, ActivationLifetime? lifetime = null, Forecasting.TrainerProcess? trainerProcess = null)
    {
        var collection = lifetime ?? ActivationLifetime.Default;
        silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => collection.Apply(o, typeof(Series.SeriesGrain).FullName!));
        silo.Services.TryAddSingleton(collection);
        silo.Services.TryAddSingleton<Series.IdleSeriesCollector>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<Series.IdleSeriesCollector>());
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(new Analytics.Domain.TextPool());
        silo.Services.AddAnalyticsMetrics();
        silo.Services.TryAddSingleton<ObservationIngestor>();
        silo.Services.TryAddSingleton<BatchRecovery>();
        silo.Services.TryAddSingleton<Forecasting.TrainedModels>();
        // The catalog's relations (part of, cumulative, share of) for the quality rules training reads; a host with the
        // bundle registers data/indicator-relations.csv, else the rules that need none still run.
        silo.Services.TryAddSingleton(Analytics.Domain.Quality.IndicatorRelations.None);
        if (trainerProcess is not null)
            silo.Services.TryAddSingleton<Forecasting.IForecastTrainer>(sp => new Forecasting.ProcessForecastTrainer(trainerProcess, TrainingOptions,
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Forecasting.ProcessForecastTrainer>>(),
                sp.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()));
        else
            silo.Services.TryAddSingleton<Forecasting.IForecastTrainer>(_ => new Forecasting.ForecastTrainer(new Analytics.Ml.ForecastModelTrainer(TrainingOptions)));
        return silo;
    }
}
