using Analytics.Hosting;
using Analytics.Ml;

namespace Analytics.Forecasting;

/// <summary>
/// Trains the global model: in the silo's own process (<see cref="ForecastTrainer"/>) or in a process of its own
/// (<see cref="ProcessForecastTrainer"/>). An interface also so tests can hold a training open and watch requests go on.
/// </summary>
public interface IForecastTrainer
{
    int MinimumPoints { get; }

    Task<ForecastModel> TrainAsync(IReadOnlyList<SeriesHistory> series);
}

/// <summary>Trains inside the silo (ANALYTICS_TRAINING=inline): its allocations land in the silo's heap.</summary>
public sealed class ForecastTrainer(ForecastModelTrainer trainer) : IForecastTrainer
{
    public int MinimumPoints => trainer.Options.MinimumPoints;

    // A dedicated thread: training is seconds of CPU, and must not hold a thread-pool thread Orleans needs; at a lower
    // priority, so that queries keep both cores when they need them.
    public Task<ForecastModel> TrainAsync(IReadOnlyList<SeriesHistory> series) => Task.Factory.StartNew(() =>
    {
        BackgroundPriority.LowerCurrentThread();
        return trainer.Train(series);
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
