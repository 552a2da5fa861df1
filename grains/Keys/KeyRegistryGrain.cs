using System.Security.Cryptography;

namespace Analytics.Keys;

[GenerateSerializer]
public sealed class KeyRegistryState
{
    [Id(0)] public Dictionary<string, ApiKeyRecord> Keys { get; set; } = [];

    /// <summary>SHA-256s of bootstrap tokens silos offered while no admin key existed; emptied by the first admin key.</summary>
    [Id(1)] public List<byte[]> BootstrapOffers { get; set; } = [];
}

/// <summary>The API keys (hashes only). Not reentrant: key changes are rare and each is one small write.</summary>
public sealed class KeyRegistryGrain(
    [PersistentState("keys", StorageNames.Default)] IPersistentState<KeyRegistryState> state) : Grain, IKeyRegistryGrain
{
    /// <summary>Offers kept at most: one per silo start while no admin exists; older ones lapse.</summary>
    private const int MaxOffers = 16;

    public async Task<KeyCreation> CreateAsync(ApiKeyRecord key)
    {
        if (state.State.Keys.ContainsKey(key.Id)) return KeyCreation.IdTaken;
        if (state.State.Keys.Count >= IKeyRegistryGrain.MaxKeys) return KeyCreation.Full;
        state.State.Keys[key.Id] = key;
        if (key.Role == KeyRole.Admin) state.State.BootstrapOffers.Clear();
        await SaveAsync();
        return KeyCreation.Created;
    }

    public async Task<KeyCreation> BootstrapAsync(byte[] tokenHash, ApiKeyRecord key)
    {
        if (HasAdmin()) return KeyCreation.AdminExists;
        if (key.Role != KeyRole.Admin || !state.State.BootstrapOffers.Any(o => CryptographicOperations.FixedTimeEquals(o, tokenHash)))
            return KeyCreation.UnknownToken;
        return await CreateAsync(key);
    }

    public async Task<bool> OfferBootstrapAsync(byte[] tokenHash)
    {
        if (HasAdmin()) return false;
        state.State.BootstrapOffers.Add(tokenHash);
        if (state.State.BootstrapOffers.Count > MaxOffers) state.State.BootstrapOffers.RemoveAt(0);
        await SaveAsync();
        return true;
    }

    public async Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at)
    {
        if (!state.State.Keys.TryGetValue(id, out var key)) return null;
        if (key.RevokedAt is not null) return key;
        state.State.Keys[id] = key = key with { RevokedAt = at };
        await SaveAsync();
        return key;
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyRecord>>([.. state.State.Keys.Values.OrderBy(k => k.CreatedAt)]);

    public Task<bool> HasAdminAsync() => Task.FromResult(HasAdmin());

    private bool HasAdmin() => state.State.Keys.Values.Any(k => k.Role == KeyRole.Admin && k.RevokedAt is null);

    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage; the next activation reloads what was really stored.
            DeactivateOnIdle();
            throw;
        }
    }
}
