using Analytics.Domain;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Analytics.Ingest;

[GenerateSerializer]
public sealed class BatchJournalState
{
    [Id(0)] public List<Observation>? Observations { get; set; }
}

/// <summary>
/// A batch's journal (see <see cref="IBatchJournalGrain"/>), written and read through the grain storage directly rather
/// than as a persistent state: a journal is new when written, so nothing is read when it activates, and the batch is
/// not held in memory once stored; it is read back only by a recovery, from storage. Clearing stores an empty journal
/// (a write that joins the other grains' group commits) instead of reading the batch back to delete it.
/// </summary>
public sealed class BatchJournalGrain : Grain, IBatchJournalGrain
{
    /// <summary>The state's name in storage, as it was when the journal was a persistent state: journals written before still read.</summary>
    private const string StateName = "journal";

    private readonly IGrainStorage _storage;

    // Holds the stored version (ETag) for the next write; its state is empty except while a read answers it.
    private readonly GrainState<BatchJournalState> _journal = new(new BatchJournalState());
    private bool _versionKnown;

    public BatchJournalGrain() => _storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    public async Task WriteAsync(IReadOnlyList<Observation> observations)
    {
        // A journal's key is its batch's audit id, stored before it and never reused: the first write inserts, without
        // a read. (Were a row there after all, the write would fail on its version, and the batch with it, unapplied.)
        _versionKnown = true;
        _journal.State = new BatchJournalState { Observations = [.. observations] };
        try
        {
            await _storage.WriteStateAsync(StateName, this.GetGrainId(), _journal);
        }
        finally
        {
            // Up to 16 MB a batch: not kept in memory once given to storage.
            _journal.State = new BatchJournalState();
        }
    }

    public async Task<IReadOnlyList<Observation>?> ReadAsync()
    {
        await _storage.ReadStateAsync(StateName, this.GetGrainId(), _journal);
        _versionKnown = true;
        var observations = _journal.State?.Observations;
        _journal.State = new BatchJournalState();
        return observations;
    }

    public async Task ClearAsync()
    {
        if (!_versionKnown) await ReadVersionAsync();
        if (_journal.RecordExists)
        {
            _journal.State = new BatchJournalState();
            await _storage.WriteStateAsync(StateName, this.GetGrainId(), _journal);
        }
        DeactivateOnIdle();
    }

    /// <summary>The stored version, for a clear in an activation that neither wrote nor read the journal.</summary>
    private async Task ReadVersionAsync()
    {
        await _storage.ReadStateAsync(StateName, this.GetGrainId(), _journal);
        _journal.State = new BatchJournalState();
        _versionKnown = true;
    }
}
