using Orleans.Concurrency;

namespace Analytics.Keys;

/// <summary>What a key may do. Each role includes the ones before it: an admin may also write and read.</summary>
public enum KeyRole
{
    /// <summary>Reads, when reading needs a key (<c>Analytics:RequireKeyForReading</c>).</summary>
    Reader,
    /// <summary>Loads figures (<c>POST /api/observations</c>).</summary>
    Writer,
    /// <summary>Defines indicators, retrains, manages keys, reads the audit trail.</summary>
    Admin,
}

/// <summary>
/// The cluster's API keys, in one grain (a handful to a few hundred keys). Only the SHA-256 of each secret is held:
/// the secret is made and shown once by the API, and never enters the cluster. Revoked keys stay listed (the audit
/// trail names them) but never authenticate again.
/// </summary>
public interface IKeyRegistryGrain : IGrainWithStringKey
{
    const string Key = "all";

    /// <summary>How many keys (revoked ones included) the registry holds at most; creating more is refused.</summary>
    const int MaxKeys = 1_000;

    /// <summary>Adds a key; false when its id is taken or the registry is full.</summary>
    Task<KeyCreation> CreateAsync(ApiKeyRecord key);

    /// <summary>Creates the first admin key with a bootstrap token the silo offered (<see cref="OfferBootstrapAsync"/>).
    /// Refused once any admin key exists, or for a token never offered; a token works once.</summary>
    Task<KeyCreation> BootstrapAsync(byte[] tokenHash, ApiKeyRecord key);

    /// <summary>A silo with no admin key in the cluster offers the SHA-256 of a one-time token it wrote to its data folder.</summary>
    Task<bool> OfferBootstrapAsync(byte[] tokenHash);

    /// <summary>Revokes a key; the revoked record, or null when there is no such key.</summary>
    Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at);

    [AlwaysInterleave]
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync();

    [AlwaysInterleave]
    Task<bool> HasAdminAsync();
}

/// <summary>One key as the registry holds it: no secret, only its SHA-256.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] KeyRole Role,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? CreatedBy,
    [property: Id(6)] DateTimeOffset? RevokedAt);

public enum KeyCreation { Created, IdTaken, Full, AdminExists, UnknownToken }
