using Analytics.Audit;
using Analytics.Domain;
using Microsoft.Extensions.Logging;

namespace Analytics.Ingest;

/// <summary>
/// Finishes the batches a crash cut: every audit entry still <see cref="AuditAction.BatchApplying"/> from before
/// <c>cutoff</c> is completed from its journal (<see cref="IBatchJournalGrain"/>) and marked accepted, or, when no
/// journal was written (the batch stopped before anything was applied), marked rolled back. So no figure belongs to
/// an unfinished batch and every batch's audit entry reaches an outcome. Entries of the last <see cref="Days"/> days
/// are looked at; applying again is safe because upserts are idempotent.
/// </summary>
public sealed class BatchRecovery(IGrainFactory grains, ObservationIngestor ingestor, TimeProvider clock, ILogger<BatchRecovery> log)
{
    public const int Days = 7;

    public async Task<(int Completed, int RolledBack)> RecoverAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var (completed, rolledBack) = (0, 0);
        foreach (var entry in await UnfinishedAsync(cutoff))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var journal = grains.GetGrain<IBatchJournalGrain>(entry.Id);
            var received = entry.Counts?.Received ?? 0;
            if (await journal.ReadAsync() is { Count: > 0 } batch)
            {
                var counts = await ingestor.ApplyAsync(batch, entry.Id, cancellationToken);
                await CompleteAsync(entry.Id, AuditAction.BatchAccepted, new AuditCounts(received, counts.Inserted, counts.Unchanged, counts.Revised, 0),
                    "completed from the batch journal when the cluster started again after it stopped part way");
                completed++;
            }
            else
            {
                await CompleteAsync(entry.Id, AuditAction.BatchRolledBack, new AuditCounts(received, 0, 0, 0, 0),
                    "the cluster stopped before the batch was journaled: nothing of it was applied; send it again");
                rolledBack++;
            }
            await journal.ClearAsync();
        }
        if (completed + rolledBack > 0)
            log.LogWarning("Batches cut by a stop: {Completed} completed from the journal, {RolledBack} rolled back (nothing of them was applied)", completed, rolledBack);
        return (completed, rolledBack);
    }

    private Task CompleteAsync(string id, AuditAction outcome, AuditCounts counts, string detail)
    {
        AuditIds.TryParse(id, out var day, out var chunk, out _);
        return grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(day, chunk)).CompleteAsync(id, outcome, counts, detail);
    }

    private async Task<List<AuditEntry>> UnfinishedAsync(DateTimeOffset cutoff)
    {
        var found = new List<AuditEntry>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var everything = new AuditFilter(null, null, null, null, null);
        for (var day = today.AddDays(-(Days - 1)); day <= today; day = day.AddDays(1))
        {
            for (var chunk = 0; ; chunk++)
            {
                var log = grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(day, chunk));
                AuditChunkPage page;
                var after = -1;
                do
                {
                    page = await log.ReadAsync(everything, after, IAuditLogGrain.MaxEntries);
                    found.AddRange(page.Entries.Where(e => e.Action == AuditAction.BatchApplying && e.At < cutoff));
                    after = page.Last;
                } while (page.More);
                if (!page.Full) break;
            }
        }
        return found;
    }
}
