using Analytics.Domain.Quality;
using Analytics.Ml;

namespace Analytics.Forecasting;

/// <summary>A trained model and the flagged figures it left out, which the series' own forecasts leave out too.</summary>
public sealed record TrainedModel(ForecastModel Model, TrainingExclusions LeftOut);

/// <summary>
/// The model the model grain trained on this silo, handed to the series grains here so they forecast with it
/// themselves, in parallel, rather than all through the one model-grain activation. A series grain on another silo
/// (or one that sees an older version here) asks the model grain instead.
/// </summary>
public sealed class TrainedModels
{
    private volatile TrainedModel? _current;

    /// <summary>The model of this version and left-out figures (their stamp), if it was trained on this silo.</summary>
    public TrainedModel? Find(string? version, string? leftOutStamp) =>
        _current is { } trained && trained.Model.Version == version && trained.LeftOut.Stamp == leftOutStamp ? trained : null;

    public void Publish(TrainedModel trained) => _current = trained;
}
