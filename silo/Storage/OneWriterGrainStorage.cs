using Orleans.Storage;

namespace Analytics.Silo.Storage;

/// <summary>
/// Lets one grain write at a time reach the embedded SQLite database. SQLite admits a single writer; when
/// the provider's pooled connections write concurrently, the losers get SQLITE_BUSY and Microsoft.Data.Sqlite
/// retries them after sleeping 150 ms, so throughput collapses under load. Queuing here instead costs
/// nothing (the writes would have been serialised in the file anyway). Reads are not queued: WAL lets them
/// run beside the writer. Only for the embedded mode, where this process owns the file.
/// </summary>
public sealed class OneWriterGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try { await inner.WriteStateAsync(stateName, grainId, grainState); }
        finally { _writer.Release(); }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try { await inner.ClearStateAsync(stateName, grainId, grainState); }
        finally { _writer.Release(); }
    }
}
