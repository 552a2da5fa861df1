using System.Collections.Concurrent;
using System.Globalization;
using Analytics.Audit;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Keys;

namespace Analytics.Api.Queries;

/// <summary>
/// Writes to and reads the audit trail. Entries go to the chunk grain of the day they happen in
/// (<see cref="IAuditLogGrain"/>); when a chunk is full, to the next one. Reading walks the days of the range, chunk
/// by chunk, in order; a page ends after <c>limit</c> entries and names the id to continue after.
/// There is no endpoint that writes: this class is the only writer, and only on behalf of the requests it records.
/// </summary>
public sealed class AuditTrail(IGrainFactory grains, TimeProvider clock)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>How many days one question may span (each day is at least one grain to ask).</summary>
    public const int MaxDays = 93;

    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(7);

    // The chunk each day is being written to, so an append usually goes straight to the right grain.
    private readonly ConcurrentDictionary<DateOnly, int> _current = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Appends an entry (its id is given by the chunk) and answers the id.</summary>
    public async Task<string> RecordAsync(AuditEntry entry)
    {
        var day = DateOnly.FromDateTime(entry.At.UtcDateTime);
        var chunk = _current.GetValueOrDefault(day);
        while (true)
        {
            if (await grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(day, chunk)).AppendAsync(entry) is { } id)
            {
                _current[day] = chunk;
                return id;
            }
            chunk++;
        }
    }

    public Task CompleteAsync(string id, AuditAction outcome, AuditCounts counts, string? detail = null)
    {
        if (!AuditIds.TryParse(id, out var day, out var chunk, out _)) throw new ArgumentException($"Not an audit id: '{id}'.");
        return grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(day, chunk)).CompleteAsync(id, outcome, counts, detail);
    }

    public static AuditEntry Entry(AuditAction action, AuditActor actor, DateTimeOffset at) =>
        new("", at, action, actor, null, null, [], [], [], null, false);

    /// <summary>Entries in [from, to) that match, oldest first, after the entry <paramref name="after"/> (a previous page's <c>next</c>).</summary>
    public async Task<QueryResult<AuditPageDto>> ReadAsync(
        string? key, DateTimeOffset? from, DateTimeOffset? to, string? indicator, string? province, int? limit, string? after)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"limit phải thuộc 1..{MaxLimit}, không phải {take}.", $"limit must be 1..{MaxLimit}, not {take}."));
        var end = to ?? clock.GetUtcNow().AddSeconds(1);
        var start = from ?? end - DefaultSpan;
        if (start >= end) return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"from ({start:o}) phải trước to ({end:o}).", $"from ({start:o}) must be before to ({end:o})."));
        var firstDay = DateOnly.FromDateTime(start.UtcDateTime);
        var lastDay = DateOnly.FromDateTime(end.UtcDateTime);
        if (lastDay.DayNumber - firstDay.DayNumber + 1 > MaxDays)
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"khoảng from..to dài hơn {MaxDays} ngày; hãy hỏi một khoảng ngắn hơn.", $"from..to spans more than {MaxDays} days; ask for a shorter range."));

        var (day, chunk, sequence) = (firstDay, 0, -1);
        if (after is not null)
        {
            if (!AuditIds.TryParse(after, out var d, out var c, out var s))
                return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"after phải là mã nhật ký kiểm toán như 2026-11-29.0.17 (giá trị next của một trang), không phải '{Shorten(after)}'.", $"after must be an audit id such as 2026-11-29.0.17 (a page's next), not '{Shorten(after)}'."));
            if (d > firstDay) (day, chunk, sequence) = (d, c, s);
            else if (d == firstDay) (chunk, sequence) = (c, s);
        }

        var filter = new AuditFilter(key, start, end, indicator, province);
        var entries = new List<AuditEntryDto>();
        string? lastRead = null;
        for (; day <= lastDay; day = day.AddDays(1), chunk = 0, sequence = -1)
        {
            for (; ; chunk++, sequence = -1)
            {
                var chunkKey = AuditIds.Chunk(day, chunk);
                var page = await grains.GetGrain<IAuditLogGrain>(chunkKey).ReadAsync(filter, sequence, take - entries.Count);
                entries.AddRange(page.Entries.Select(ToDto));
                if (page.Last >= 0) lastRead = AuditIds.Entry(chunkKey, page.Last);
                if (page.More || entries.Count == take)
                    return new AuditPageDto(entries, lastRead);
                if (!page.Full) break;
            }
        }
        return new AuditPageDto(entries, null);
    }

    public static AuditEntryDto ToDto(AuditEntry e) => new(
        e.Id, e.At, Words(e.Action.ToString()), e.Actor.KeyId, e.Actor.KeyName, e.Actor.Role is { } r ? Words(r.ToString()) : null, e.Actor.RemoteAddress,
        e.ContentHash, e.Counts is { } c ? new AuditCountsDto(c.Received, c.Inserted, c.Unchanged, c.Revised, c.Errors) : null,
        e.Indicators, e.Provinces,
        [.. e.Definitions.Select(d => new DefinitionChangeDto(d.Code, d.Previous is { } p ? IndicatorDto.From(p) : null, IndicatorDto.From(d.Next), d.Guarded))],
        e.Detail, e.Forced);

    /// <summary><c>BatchAccepted</c> → <c>batch-accepted</c>, as the API spells its enums.</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
