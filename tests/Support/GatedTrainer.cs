using Analytics.Forecasting;
using Analytics.Ml;

namespace Analytics.Tests.Support;

/// <summary>The real trainer, with a gate a test can close to keep a training running while it watches requests.</summary>
public sealed class GatedTrainer : IForecastTrainer
{
    private readonly ForecastTrainer _inner = new(new ForecastModelTrainer());
    private volatile TaskCompletionSource _gate = Opened();
    private int _started;

    public int MinimumPoints => _inner.MinimumPoints;

    /// <summary>Trainings begun so far.</summary>
    public int Started => Volatile.Read(ref _started);

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async Task<ForecastModel> TrainAsync(IReadOnlyList<SeriesHistory> series)
    {
        Interlocked.Increment(ref _started);
        try
        {
            await _gate.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The test never opened the training gate.");
        }
        return await _inner.TrainAsync(series);
    }

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
