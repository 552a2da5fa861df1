using Analytics.Domain;

namespace Analytics.Ingest;

[GenerateSerializer]
public sealed class BatchJournalState
{
    [Id(0)] public List<Observation>? Observations { get; set; }
}

public sealed class BatchJournalGrain(
    [PersistentState("journal", StorageNames.Default)] IPersistentState<BatchJournalState> state) : Grain, IBatchJournalGrain
{
    public async Task WriteAsync(IReadOnlyList<Observation> observations)
    {
        state.State.Observations = [.. observations];
        await state.WriteStateAsync();
        // A batch is read back once at most: no reason to keep up to 16 MB in memory until the activation is collected.
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<Observation>?> ReadAsync() => Task.FromResult<IReadOnlyList<Observation>?>(state.State.Observations);

    public async Task ClearAsync()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new BatchJournalState();
        DeactivateOnIdle();
    }
}
