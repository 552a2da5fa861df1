using Analytics.Forecasting;
using Analytics.Ml;

namespace Analytics.Tests.Support;

/// <summary>The real trainer, with a gate a test can close to keep a training running while it watches requests.</summary>
public sealed class GatedTrainer : IForecastTrainer
{
    private readonly ForecastTrainer _inner = new(new ForecastModelTrainer());
    private volatile ManualResetEventSlim _gate = new(initialState: true);
    private int _started;

    public int MinimumPoints => _inner.MinimumPoints;

    /// <summary>Trainings begun so far.</summary>
    public int Started => Volatile.Read(ref _started);

    public void Close() => _gate = new ManualResetEventSlim(initialState: false);

    public void Open() => _gate.Set();

    public ForecastModel Train(IReadOnlyList<SeriesHistory> series)
    {
        Interlocked.Increment(ref _started);
        // Runs on the trainer's own thread, so blocking here holds only the training.
        if (!_gate.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("The test never opened the training gate.");
        return _inner.Train(series);
    }
}
