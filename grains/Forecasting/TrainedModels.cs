using Analytics.Ml;

namespace Analytics.Forecasting;

/// <summary>
/// The model the model grain trained on this silo, handed to the series grains here so they forecast with it
/// themselves, in parallel, rather than all through the one model-grain activation. A series grain on another silo
/// (or one that sees an older version here) asks the model grain instead.
/// </summary>
public sealed class TrainedModels
{
    private volatile ForecastModel? _current;

    /// <summary>The model of this version, if it was trained on this silo.</summary>
    public ForecastModel? Find(string? version) => _current is { } model && model.Version == version ? model : null;

    public void Publish(ForecastModel model) => _current = model;
}
