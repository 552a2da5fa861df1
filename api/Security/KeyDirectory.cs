using Analytics.Domain;
using Analytics.Keys;

namespace Analytics.Api.Security;

/// <summary>
/// The key registry as this API process checks keys against it: a copy (hashes, roles, revocations) fetched from the
/// registry grain at most every <see cref="MaxAge"/>, so authenticating a request costs no grain call. A key created or
/// revoked through this process takes effect at once (the copy is dropped); through another API process, within
/// <see cref="MaxAge"/>. An id the copy does not know makes it look again (at most once a second), so a new key works
/// at once everywhere.
/// </summary>
public sealed class KeyDirectory(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MissRefresh = TimeSpan.FromSeconds(1);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyDictionary<string, ApiKeyRecord> Keys, long FetchedAt);

    /// <summary>The key a request presents, if it is one the registry holds and has not revoked; otherwise why not.</summary>
    public async Task<(ApiKeyRecord? Key, string? Problem)> VerifyAsync(string? presented)
    {
        if (!ApiKeys.TryParse(presented, out var id, out var secret))
            return (null, Bilingual.T($"tiêu đề {ApiKeys.Header} không chứa một khóa của cụm này (khóa có dạng 0123456789ab.<bí mật>)", $"the {ApiKeys.Header} header does not hold a key of this cluster (keys look like 0123456789ab.<secret>)"));
        var snapshot = await CurrentAsync(MaxAge);
        if (!snapshot.Keys.ContainsKey(id)) snapshot = await CurrentAsync(MissRefresh);
        if (!snapshot.Keys.TryGetValue(id, out var key) || !ApiKeys.Matches(secret, key.SecretHash))
            return (null, Bilingual.T("khóa này không do cụm này cấp", "the key is not one this cluster issued"));
        if (key.RevokedAt is { } revoked) return (null, Bilingual.T($"khóa {key.Id} ('{key.Name}') đã bị thu hồi lúc {revoked:u}", $"key {key.Id} ('{key.Name}') was revoked at {revoked:u}"));
        return (key, null);
    }

    /// <summary>
    /// For a form that takes the key in a password field (the upload page, behind its anti-forgery check): the key
    /// when it may act as <paramref name="needed"/>, otherwise why not, in the words the 401/403 answers use.
    /// </summary>
    public async Task<(ApiKeyRecord? Key, string? Problem, bool WrongRole)> AuthorizeAsync(string? presented, KeyRole needed)
    {
        if (string.IsNullOrWhiteSpace(presented)) return (null, Bilingual.T($"việc này cần một khóa API có vai trò {AccessPolicies.RoleName(needed)}", $"this needs an API key with role {AccessPolicies.RoleName(needed)}"), false);
        var (key, problem) = await VerifyAsync(presented.Trim());
        if (key is null) return (null, problem, false);
        // A valid key without the role is forbidden (403), as on the API, not unauthenticated (401).
        return key.Role >= needed
            ? (key, null, false)
            : (null, Bilingual.T($"khóa {key.Id} ('{key.Name}') có vai trò {AccessPolicies.RoleName(key.Role)}; việc này cần vai trò {AccessPolicies.RoleName(needed)}", $"key {key.Id} ('{key.Name}') has role {AccessPolicies.RoleName(key.Role)}; this needs role {AccessPolicies.RoleName(needed)}"), true);
    }

    /// <summary>After this process created or revoked a key.</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> CurrentAsync(TimeSpan maxAge)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetElapsedTime(snapshot.FetchedAt) < maxAge) return snapshot;
        var keys = await grains.GetGrain<IKeyRegistryGrain>(IKeyRegistryGrain.Key).ListAsync();
        _snapshot = snapshot = new Snapshot(keys.ToDictionary(k => k.Id, StringComparer.Ordinal), clock.GetTimestamp());
        return snapshot;
    }
}
