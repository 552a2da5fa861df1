namespace Analytics.Keys;

[GenerateSerializer]
public sealed class KeyQuotaState
{
    [Id(0)] public QuotaLimits? Own { get; set; }
    [Id(1)] public DateOnly Day { get; set; }
    [Id(2)] public long BytesUsed { get; set; }
    [Id(3)] public int SeriesUsed { get; set; }
}

public sealed class KeyQuotaGrain(
    [PersistentState("quota", StorageNames.Default)] IPersistentState<KeyQuotaState> state) : Grain, IKeyQuotaGrain
{
    public async Task<QuotaDecision> ReserveAsync(DateOnly day, long bytes, int newSeries, QuotaLimits defaults)
    {
        var (bytesUsed, seriesUsed) = Used(day);
        var (bytesLimit, seriesLimit) = Limits(defaults);
        if (bytesLimit is { } b && bytesUsed + bytes > b)
            return new QuotaDecision(false,
                $"the key's quota of {Mib(b)} a day would be exceeded: {Mib(bytesUsed)} used today, this batch adds {Mib(bytes)}. " +
                "It resets at 00:00 UTC; an admin can raise it (PUT /api/keys/{id}/quota).");
        if (seriesLimit is { } s && seriesUsed + newSeries > s)
            return new QuotaDecision(false,
                $"the key's quota of {s:N0} new series a day would be exceeded: {seriesUsed:N0} opened today, this batch opens {newSeries:N0}. " +
                "It resets at 00:00 UTC; an admin can raise it (PUT /api/keys/{id}/quota).");
        state.State.Day = day;
        state.State.BytesUsed = bytesUsed + bytes;
        state.State.SeriesUsed = seriesUsed + newSeries;
        await state.WriteStateAsync();
        return new QuotaDecision(true, null);
    }

    public Task SetLimitsAsync(QuotaLimits limits)
    {
        state.State.Own = limits.BytesPerDay is null && limits.SeriesPerDay is null ? null : limits;
        return state.WriteStateAsync();
    }

    public Task<QuotaUsage> GetAsync(DateOnly day, QuotaLimits defaults)
    {
        var (bytesUsed, seriesUsed) = Used(day);
        var (bytesLimit, seriesLimit) = Limits(defaults);
        return Task.FromResult(new QuotaUsage(day, bytesUsed, seriesUsed, bytesLimit, seriesLimit, state.State.Own is not null));
    }

    private (long Bytes, int Series) Used(DateOnly day) => state.State.Day == day ? (state.State.BytesUsed, state.State.SeriesUsed) : (0, 0);

    private (long? Bytes, int? Series) Limits(QuotaLimits defaults) =>
        (state.State.Own?.BytesPerDay ?? defaults.BytesPerDay, state.State.Own?.SeriesPerDay ?? defaults.SeriesPerDay);

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):N1} MiB";
}
