using Analytics.Ml;

namespace Analytics.Forecasting;

/// <summary>Trains the global model; an interface so tests can hold a training open and watch requests go on.</summary>
public interface IForecastTrainer
{
    int MinimumPoints { get; }

    ForecastModel Train(IReadOnlyList<SeriesHistory> series);
}

public sealed class ForecastTrainer(ForecastModelTrainer trainer) : IForecastTrainer
{
    public int MinimumPoints => trainer.Options.MinimumPoints;

    public ForecastModel Train(IReadOnlyList<SeriesHistory> series) => trainer.Train(series);
}
