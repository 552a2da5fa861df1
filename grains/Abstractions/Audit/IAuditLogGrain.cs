using Analytics.Domain;
using Analytics.Keys;
using Orleans.Concurrency;

namespace Analytics.Audit;

/// <summary>
/// One chunk of the audit trail: the entries of one UTC day, up to <see cref="MaxEntries"/> (or about
/// <see cref="MaxBytes"/>) of them; then the day continues in the next chunk. Key <c>"2026-11-29.0"</c>, <c>".1"</c>, ...
/// So no grain's state grows without bound, however busy a day. Entries are only ever appended; the one change an
/// entry sees is its outcome, set once, when a batch recorded before it was applied is through.
/// </summary>
/// <remarks>
/// Chunks are small because every append and every outcome rewrites its chunk whole, two writes per batch: at 2,000
/// entries a chunk, a batch's audit writes grew through the day, to 285 KB a batch after 261 batches against 77 KB of
/// the batch's own series (docs/performance.md, "… the audit trail in small chunks"). A busy day only has more chunks;
/// reading walks them in order. Chunks stored full under larger limits stay as they are.
/// </remarks>
public interface IAuditLogGrain : IGrainWithStringKey
{
    const int MaxEntries = 100;

    /// <summary>
    /// Roughly how much text a chunk holds before it is full: an entry with many definitions is large, and one larger
    /// than this goes alone into a chunk of its own.
    /// </summary>
    const long MaxBytes = 64 * 1024;

    /// <summary>Appends the entry and answers its id (<c>{chunk}.{sequence}</c>); null when this chunk is full.</summary>
    Task<string?> AppendAsync(AuditEntry entry);

    /// <summary>Sets the outcome of an entry recorded as <see cref="AuditAction.BatchApplying"/>; once only.</summary>
    Task CompleteAsync(string id, AuditAction outcome, AuditCounts counts, string? detail);

    /// <summary>Entries after sequence <paramref name="after"/> that match the filter, at most <paramref name="limit"/>.</summary>
    [AlwaysInterleave]
    Task<AuditChunkPage> ReadAsync(AuditFilter filter, int after, int limit);
}

public enum AuditAction
{
    /// <summary>A valid batch, recorded before it is applied; the outcome replaces it.</summary>
    BatchApplying,
    BatchAccepted,
    BatchRejected,
    /// <summary>The cluster did not confirm the whole batch (503); part may be applied.</summary>
    BatchUnconfirmed,
    IndicatorsDefined,
    /// <summary>Definitions refused because they change direction, aggregation or bounds without force.</summary>
    IndicatorsRefused,
    KeyCreated,
    KeyRevoked,
    ModelRetrain,
    /// <summary>A request refused for its key: malformed, unknown, revoked (401) or without the role needed (403). Rate limited per key or address.</summary>
    AccessRefused,
    /// <summary>A batch cut by a stop before it was journaled: nothing of it was applied (see BatchRecovery).</summary>
    BatchRolledBack,
    /// <summary>An admin set a key's daily quota.</summary>
    KeyQuotaSet,
    /// <summary>A grain's stored state could not be read and, as the operator asked, the grain started empty.</summary>
    DamagedStateReplaced,
    /// <summary>An admin withdrew figures, with a reason; each withdrawn figure names this entry.</summary>
    FiguresWithdrawn,
    /// <summary>Withdrawn figures removed from storage after their retention.</summary>
    FiguresPurged,
    /// <summary>A writer marked a flagged figure reviewed, confirmed (with the reason) or open again; a batch's confirmed column too.</summary>
    QualityMarked,
}

/// <summary>Who did it: the key (id, name, role) and the address the request came from.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditActor(
    [property: Id(0)] string? KeyId,
    [property: Id(1)] string? KeyName,
    [property: Id(2)] KeyRole? Role,
    [property: Id(3)] string? RemoteAddress);

[GenerateSerializer, Immutable]
public sealed record AuditCounts(
    [property: Id(0)] int Received,
    [property: Id(1)] int Inserted,
    [property: Id(2)] int Unchanged,
    [property: Id(3)] int Revised,
    [property: Id(4)] int Errors);

/// <summary>A definition as changed: the previous one (null for a new indicator) and the new one.</summary>
[GenerateSerializer, Immutable]
public sealed record DefinitionChangeRecord(
    [property: Id(0)] string Code,
    [property: Id(1)] IndicatorDefinition? Previous,
    [property: Id(2)] IndicatorDefinition Next,
    [property: Id(3)] IReadOnlyList<string> Guarded);

[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] AuditAction Action,
    [property: Id(3)] AuditActor Actor,
    [property: Id(4)] string? ContentHash,
    [property: Id(5)] AuditCounts? Counts,
    [property: Id(6)] IReadOnlyList<string> Indicators,
    [property: Id(7)] IReadOnlyList<string> Provinces,
    [property: Id(8)] IReadOnlyList<DefinitionChangeRecord> Definitions,
    [property: Id(9)] string? Detail,
    [property: Id(10)] bool Forced)
{
    /// <summary>About how many bytes the entry stores: what a chunk counts against <see cref="IAuditLogGrain.MaxBytes"/>.</summary>
    public long ApproximateBytes() =>
        200 + (Detail?.Length ?? 0) + (Actor.KeyName?.Length ?? 0) + Indicators.Sum(i => i.Length + 4) + Provinces.Sum(p => p.Length + 4)
        + Definitions.Sum(d => 64 + Size(d.Previous) + Size(d.Next) + d.Guarded.Sum(g => g.Length));

    private static long Size(IndicatorDefinition? d) =>
        d is null ? 0 : 64 + d.Code.Length + d.NameVi.Length + d.NameEn.Length + d.Unit.Length + (d.Source?.Length ?? 0);

    public bool Matches(AuditFilter f) =>
        (f.From is not { } from || At >= from) && (f.To is not { } to || At < to)
        && (f.Key is not { } key || key == Actor.KeyId || key == Actor.KeyName)
        && (f.Indicator is not { } indicator || Indicators.Contains(indicator) || Definitions.Any(d => d.Code == indicator))
        && (f.Province is not { } province || Provinces.Contains(province));
}

/// <summary>What <c>GET /api/audit</c> asks for; null fields do not filter.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditFilter(
    [property: Id(0)] string? Key,
    [property: Id(1)] DateTimeOffset? From,
    [property: Id(2)] DateTimeOffset? To,
    [property: Id(3)] string? Indicator,
    [property: Id(4)] string? Province);

/// <summary>A chunk's matching entries; <see cref="Full"/> says the day continues in the next chunk, <see cref="Last"/> the highest sequence read.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditChunkPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] bool Full,
    [property: Id(2)] int Last,
    [property: Id(3)] bool More);

/// <summary>How audit ids and chunk keys are spelled: <c>2026-11-29.0</c> is a chunk, <c>2026-11-29.0.17</c> an entry.</summary>
public static class AuditIds
{
    public static string Chunk(DateOnly day, int chunk) => $"{day:yyyy-MM-dd}.{chunk}";

    public static string Entry(string chunk, int sequence) => $"{chunk}.{sequence}";

    /// <summary>The chunk and sequence of an entry id; false for anything else.</summary>
    public static bool TryParse(string? id, out DateOnly day, out int chunk, out int sequence)
    {
        day = default; chunk = sequence = 0;
        var parts = id?.Split('.') ?? [];
        return parts.Length == 3
               && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day)
               && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out chunk)
               && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence);
    }
}
