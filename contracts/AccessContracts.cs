using Analytics.Domain;

namespace Analytics.Contracts;

/// <summary>The body of <c>POST /api/keys</c> and <c>POST /api/keys/bootstrap</c>: who the key is for and what it may do
/// (<c>reader</c>, <c>writer</c>, <c>admin</c>; the bootstrap key is always an admin).</summary>
public sealed record CreateKeyRequest(string Name, string? Role);

/// <summary>A key as listed: never its secret.</summary>
public sealed record KeyDto(string Id, string Name, string Role, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A key just created. <see cref="Key"/> (send it as <c>X-Api-Key</c>) is shown this once; the cluster keeps only its SHA-256.</summary>
public sealed record CreatedKeyDto(string Id, string Name, string Role, DateTimeOffset CreatedAt, string Key);

/// <summary>
/// <c>PUT /api/keys/{id}/quota</c>: a writer key's own daily limits, bytes of figures and new series; a null field
/// returns that limit to the cluster's default.
/// </summary>
public sealed record SetQuotaRequest(long? BytesPerDay, int? SeriesPerDay);

/// <summary><c>GET /api/keys/{id}/quota</c>: the limits in force for the key and what it used today (UTC).</summary>
public sealed record QuotaDto(string KeyId, DateOnly Day, long BytesUsed, int SeriesUsed, long? BytesPerDay, int? SeriesPerDay, bool OwnLimits);

/// <summary>One entry of the audit trail (<c>GET /api/audit</c>).</summary>
public sealed record AuditEntryDto(
    string Id, DateTimeOffset At, string Action,
    string? KeyId, string? KeyName, string? Role, string? RemoteAddress,
    string? ContentHash, AuditCountsDto? Counts,
    IReadOnlyList<string> Indicators, IReadOnlyList<string> Provinces,
    IReadOnlyList<DefinitionChangeDto> Definitions, string? Detail, bool Forced);

public sealed record AuditCountsDto(int Received, int Inserted, int Unchanged, int Revised, int Errors);

/// <summary>A definition change: the previous definition (null for a new indicator), the new one, and the guarded changes it made.</summary>
public sealed record DefinitionChangeDto(string Code, IndicatorDto? Previous, IndicatorDto Next, IReadOnlyList<string> Guarded);

/// <summary>A page of the audit trail; <see cref="Next"/> is the <c>after</c> of the following page, null at the end.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Entries, string? Next);

/// <summary><c>GET /api/indicators/{code}/history</c>: a replaced definition, when, and the audit entry of the change.</summary>
public sealed record DefinitionVersionDto(IndicatorDto Definition, DateTimeOffset ReplacedAt, string? ReplacedByAuditId);
