using Orleans.Concurrency;

namespace Analytics.Audit;

[GenerateSerializer]
public sealed class AuditChunkState
{
    /// <summary>Entries in the order they were appended; an entry's sequence is its index.</summary>
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];

    [Id(1)] public long Bytes { get; set; }
}

/// <summary>
/// One chunk of the audit trail (see <see cref="IAuditLogGrain"/>). Reentrant with a group commit, like the
/// leaderboards: four senders' batches share storage writes, and each append is answered only once it is stored.
/// </summary>
[Reentrant]
public sealed class AuditLogGrain : Grain, IAuditLogGrain
{
    private readonly IPersistentState<AuditChunkState> _state;
    private readonly GroupCommit _commit;
    private List<AuditEntry> _entries = [];
    private long _bytes;

    public AuditLogGrain([PersistentState("audit", StorageNames.Default)] IPersistentState<AuditChunkState> state)
    {
        _state = state;
        // Storage gets a snapshot: a write may still be serialising while an interleaved append changes the list.
        _commit = new GroupCommit(() =>
        {
            _state.State = new AuditChunkState { Entries = [.. _entries], Bytes = _bytes };
            return _state.WriteStateAsync();
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = [.. _state.State.Entries];
        _bytes = _state.State.Bytes;
        return Task.CompletedTask;
    }

    private bool Full => _entries.Count >= IAuditLogGrain.MaxEntries || _bytes >= IAuditLogGrain.MaxBytes;

    public async Task<string?> AppendAsync(AuditEntry entry)
    {
        if (Full) return null;
        var id = AuditIds.Entry(this.GetPrimaryKeyString(), _entries.Count);
        _entries.Add(entry with { Id = id });
        _bytes += entry.ApproximateBytes();
        await CommitAsync();
        return id;
    }

    public async Task CompleteAsync(string id, AuditAction outcome, AuditCounts counts, string? detail)
    {
        if (!AuditIds.TryParse(id, out var day, out var chunk, out var sequence) || AuditIds.Chunk(day, chunk) != this.GetPrimaryKeyString()
            || sequence >= _entries.Count)
            throw new ArgumentException($"No audit entry '{id}' in chunk {this.GetPrimaryKeyString()}.");
        var entry = _entries[sequence];
        // An outcome is set once; an entry is never rewritten after that.
        if (entry.Action != AuditAction.BatchApplying) return;
        _entries[sequence] = entry with { Action = outcome, Counts = counts, Detail = detail ?? entry.Detail };
        await CommitAsync();
    }

    public Task<AuditChunkPage> ReadAsync(AuditFilter filter, int after, int limit)
    {
        var matches = new List<AuditEntry>();
        var last = after;
        for (var i = Math.Max(after + 1, 0); i < _entries.Count; i++)
        {
            if (matches.Count == limit) return Task.FromResult(new AuditChunkPage(matches, Full, last, More: true));
            last = i;
            if (_entries[i].Matches(filter)) matches.Add(_entries[i]);
        }
        return Task.FromResult(new AuditChunkPage(matches, Full, last, More: false));
    }

    private async Task CommitAsync()
    {
        try
        {
            await _commit.CommitAsync();
        }
        catch
        {
            // Memory is ahead of storage: let the next activation reload what was stored (the caller sees the failure).
            DeactivateOnIdle();
            throw;
        }
    }
}
