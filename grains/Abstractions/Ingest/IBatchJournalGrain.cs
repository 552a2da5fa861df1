using Analytics.Domain;

namespace Analytics.Ingest;

/// <summary>
/// A validated batch, kept from before it is applied until its audit entry has its outcome: after a crash part way,
/// the silo's next start applies it again from here (upserts are idempotent), so every figure belongs to a batch that
/// finished. Key: the batch's audit entry id (<c>2026-12-06.0.17</c>).
/// </summary>
public interface IBatchJournalGrain : IGrainWithStringKey
{
    Task WriteAsync(IReadOnlyList<Observation> observations);

    /// <summary>The batch as journaled; null when none was (the sender stopped before, or it was cleared).</summary>
    Task<IReadOnlyList<Observation>?> ReadAsync();

    /// <summary>Forgets the batch once its outcome is recorded.</summary>
    Task ClearAsync();
}
