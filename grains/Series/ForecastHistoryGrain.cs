namespace Analytics.Series;

/// <summary>The persisted forecast history of one series (see <see cref="ForecastHistoryState"/> for what is kept).</summary>
public sealed class ForecastHistoryGrain(
    [PersistentState("forecast-history", StorageNames.Default)] IPersistentState<ForecastHistoryState> state) : Grain, IForecastHistoryGrain
{
    public async Task RecordAsync(IssuedForecast forecast)
    {
        // Record into a copy, so a failed write leaves memory as storage is and the caller may send it again.
        var next = new ForecastHistoryState { Entries = [.. state.State.Entries] };
        if (!next.Record(forecast)) return;
        await state.ReplaceAsync(next);
    }

    public Task<IReadOnlyList<IssuedForecast>> GetAsync(int? targetYear) => Task.FromResult(state.State.For(targetYear));
}
