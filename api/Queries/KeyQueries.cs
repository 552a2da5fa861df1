using System.Security.Cryptography;
using System.Text;
using Analytics.Api.Security;
using Analytics.Audit;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Keys;

namespace Analytics.Api.Queries;

/// <summary>
/// Creating, listing and revoking API keys. A new key's secret is made here, answered once, and only its SHA-256
/// goes to the registry grain. Every creation and revocation is in the audit trail.
/// </summary>
public sealed class KeyQueries(IGrainFactory grains, KeyDirectory directory, AuditTrail audit, QuotaDefaults quotas)
{
    /// <summary>A key's quota: its limits in force and what it used today.</summary>
    public async Task<QueryResult<QuotaDto>> QuotaAsync(string id)
    {
        if ((await Registry.ListAsync()).FirstOrDefault(k => k.Id == id) is null) return NoKey(id);
        var usage = await grains.GetGrain<IKeyQuotaGrain>(id).GetAsync(DateOnly.FromDateTime(audit.Now.UtcDateTime), quotas.Limits);
        return new QuotaDto(id, usage.Day, usage.BytesUsed, usage.SeriesUsed, usage.BytesPerDay, usage.SeriesPerDay, usage.OwnLimits);
    }

    /// <summary>Sets a key's own daily limits (null fields: the default), in the audit trail.</summary>
    public async Task<QueryResult<QuotaDto>> SetQuotaAsync(string id, SetQuotaRequest request, AuditActor actor)
    {
        if (request.BytesPerDay is < 0 || request.SeriesPerDay is < 0)
            return new QueryProblem(ProblemKind.Invalid, "bytesPerDay and seriesPerDay are 0 or more (null: the cluster's default).");
        if ((await Registry.ListAsync()).FirstOrDefault(k => k.Id == id) is not { } key) return NoKey(id);
        await grains.GetGrain<IKeyQuotaGrain>(id).SetLimitsAsync(new QuotaLimits(request.BytesPerDay, request.SeriesPerDay));
        await audit.RecordAsync(AuditTrail.Entry(AuditAction.KeyQuotaSet, actor, audit.Now) with
        {
            Detail = $"key {key.Id} ('{key.Name}'): {request.BytesPerDay?.ToString("N0") ?? "default"} bytes and {request.SeriesPerDay?.ToString("N0") ?? "default"} new series a day",
        });
        return await QuotaAsync(id);
    }

    private static QueryProblem NoKey(string id) =>
        new(ProblemKind.NotFound, $"No key '{(id.Length > 20 ? id[..20] + "…" : id)}'. GET /api/keys lists them.");

    private IKeyRegistryGrain Registry => grains.GetGrain<IKeyRegistryGrain>(IKeyRegistryGrain.Key);

    public async Task<IReadOnlyList<KeyDto>> ListAsync() => [.. (await Registry.ListAsync()).Select(ToDto)];

    public async Task<QueryResult<CreatedKeyDto>> CreateAsync(CreateKeyRequest request, AuditActor actor)
    {
        if (Check(request, out var role) is { } problem) return problem;
        return await CreateAsync(request.Name.Trim(), role, actor, record => Registry.CreateAsync(record));
    }

    /// <summary>The first admin key, for the holder of a bootstrap token a silo wrote to its data folder.</summary>
    public async Task<QueryResult<CreatedKeyDto>> BootstrapAsync(string? token, CreateKeyRequest request, AuditActor actor)
    {
        if (string.IsNullOrWhiteSpace(token))
            return new QueryProblem(ProblemKind.Unauthorized,
                $"Send the one-time token from the silo's data folder (bootstrap-token) in the {ApiKeys.BootstrapHeader} header; ./analytics keys create --role admin --bootstrap does.");
        if (request.Role is { } r && !r.Equals("admin", StringComparison.OrdinalIgnoreCase))
            return new QueryProblem(ProblemKind.Invalid, "The bootstrap key is an admin key; create other roles with it afterwards.");
        if (Check(request with { Role = "admin" }, out _) is { } problem) return problem;
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token.Trim()));
        return await CreateAsync(request.Name.Trim(), KeyRole.Admin, actor, record => Registry.BootstrapAsync(hash, record));
    }

    public async Task<QueryResult<KeyDto>> RevokeAsync(string id, AuditActor actor)
    {
        var revoked = await Registry.RevokeAsync(id, audit.Now);
        if (revoked is null) return new QueryProblem(ProblemKind.NotFound, $"No key '{(id.Length > 20 ? id[..20] + "…" : id)}'. GET /api/keys lists them.");
        directory.Invalidate();
        var entry = AuditTrail.Entry(AuditAction.KeyRevoked, actor, audit.Now) with { Detail = $"key {revoked.Id} ('{revoked.Name}', {AccessPolicies.RoleName(revoked.Role)}) revoked" };
        await audit.RecordAsync(entry);
        return ToDto(revoked);
    }

    private async Task<QueryResult<CreatedKeyDto>> CreateAsync(string name, KeyRole role, AuditActor actor, Func<ApiKeyRecord, Task<KeyCreation>> create)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (id, key, hash) = ApiKeys.Create();
            var record = new ApiKeyRecord(id, name, role, hash, audit.Now, actor.KeyName, null);
            switch (await create(record))
            {
                case KeyCreation.Created:
                    directory.Invalidate();
                    await audit.RecordAsync(AuditTrail.Entry(AuditAction.KeyCreated, actor, record.CreatedAt) with
                    {
                        Detail = $"key {id} ('{name}', {AccessPolicies.RoleName(role)}) created",
                    });
                    return new CreatedKeyDto(id, name, AccessPolicies.RoleName(role), record.CreatedAt, key);
                case KeyCreation.IdTaken when attempt < 3:
                    continue;
                case KeyCreation.Full:
                    return new QueryProblem(ProblemKind.Conflict, $"The cluster holds {IKeyRegistryGrain.MaxKeys} keys already (revoked ones count).");
                case KeyCreation.AdminExists:
                    return new QueryProblem(ProblemKind.Conflict, "An admin key exists already: bootstrapping works only on a cluster without one. Ask an admin to create a key.");
                case KeyCreation.UnknownToken:
                    return new QueryProblem(ProblemKind.Unauthorized, "The bootstrap token is not one a silo offered (it is in bootstrap-token in the data folder of a silo started since).");
                default:
                    return new QueryProblem(ProblemKind.Unavailable, "Could not create the key; try again.");
            }
        }
    }

    private static QueryProblem? Check(CreateKeyRequest request, out KeyRole role)
    {
        role = default;
        if (string.IsNullOrWhiteSpace(request.Name))
            return new QueryProblem(ProblemKind.Invalid, "name is required: say whose key it is (e.g. \"Sở TT&TT Bình Thuận\").");
        if (request.Name.Length > ApiKeys.MaxNameLength)
            return new QueryProblem(ProblemKind.Invalid, $"name is longer than {ApiKeys.MaxNameLength} characters.");
        if (request.Name.Any(InputLimits.IsControl)) return new QueryProblem(ProblemKind.Invalid, "name must not contain control characters.");
        if (!AccessPolicies.TryParseRole(request.Role, out role))
            return new QueryProblem(ProblemKind.Invalid, $"role must be reader, writer or admin, not '{(request.Role is { Length: > 20 } t ? t[..20] + "…" : request.Role)}'.");
        return null;
    }

    public static KeyDto ToDto(ApiKeyRecord k) => new(k.Id, k.Name, AccessPolicies.RoleName(k.Role), k.CreatedAt, k.CreatedBy, k.RevokedAt);
}
