using System.Collections.Concurrent;
using Analytics.Api.Queries;
using Analytics.Audit;

namespace Analytics.Api.Security;

/// <summary>
/// Puts refused key attempts (401 for a presented key that is malformed, unknown or revoked; 403 for a key without the
/// role) in the audit trail, so an admin sees who tried what. Rate limited per key or address: the first refusal of
/// a <see cref="Window"/> is recorded at once, the others of that window are counted into the next entry ("and 41
/// more since ..."), so a client guessing keys cannot fill the trail. A request without any key is not recorded:
/// reading is open on loopback, and a 401 there is a client that forgot its key, not an attempt.
/// </summary>
public sealed class AccessRefusals(AuditTrail audit, ILogger<AccessRefusals> log)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Partitions remembered at most; beyond it the oldest windows are forgotten (their counts are lost, not the next entry).</summary>
    private const int MaxPartitions = 10_000;

    private readonly ConcurrentDictionary<string, Tally> _tallies = new();

    public async Task RecordAsync(HttpContext context, int status, string detail)
    {
        var actor = Actors.Of(context);
        var partition = actor.KeyId is { } id ? "key:" + id : "address:" + actor.RemoteAddress;
        var now = audit.Now;
        if (_tallies.Count > MaxPartitions)
            foreach (var (k, t) in _tallies) if (now - t.Start >= Window) _tallies.TryRemove(k, out _);
        var tally = _tallies.GetOrAdd(partition, _ => new Tally());
        long earlier;
        lock (tally)
        {
            if (now - tally.Start < Window)
            {
                tally.Held++;
                return;
            }
            (earlier, tally.Held, tally.Start) = (tally.Held, 0, now);
        }
        try
        {
            await audit.RecordAsync(AuditTrail.Entry(AuditAction.AccessRefused, actor, now) with
            {
                Detail = $"{status}: {Shorten(detail, 300)}" + (earlier > 0 ? $" (and {earlier:N0} more refusals from this {(actor.KeyId is null ? "address" : "key")} in the minute before)" : ""),
            });
        }
        catch (Exception ex)
        {
            // The refusal itself is answered whatever happens here; the trail missing one entry is logged (rate limited).
            log.LogWarning(ex, "Could not record a refused access in the audit trail");
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private sealed class Tally
    {
        public DateTimeOffset Start = DateTimeOffset.MinValue;
        public long Held;
    }
}
