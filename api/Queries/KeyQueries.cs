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
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T("bytesPerDay và seriesPerDay phải từ 0 trở lên (null: mặc định của cụm).", "bytesPerDay and seriesPerDay are 0 or more (null: the cluster's default)."));
        if ((await Registry.ListAsync()).FirstOrDefault(k => k.Id == id) is not { } key) return NoKey(id);
        await grains.GetGrain<IKeyQuotaGrain>(id).SetLimitsAsync(new QuotaLimits(request.BytesPerDay, request.SeriesPerDay));
        await audit.RecordAsync(AuditTrail.Entry(AuditAction.KeyQuotaSet, actor, audit.Now) with
        {
            Detail = $"key {key.Id} ('{key.Name}'): {request.BytesPerDay?.ToString("N0") ?? "default"} bytes and {request.SeriesPerDay?.ToString("N0") ?? "default"} new series a day",
        });
        return await QuotaAsync(id);
    }

    private static QueryProblem NoKey(string id) =>
        new(ProblemKind.NotFound, Bilingual.T($"Không có khóa '{(id.Length > 20 ? id[..20] + "…" : id)}'. GET /api/keys liệt kê các khóa.", $"No key '{(id.Length > 20 ? id[..20] + "…" : id)}'. GET /api/keys lists them."));

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
                Bilingual.T($"Gửi mã dùng một lần trong thư mục dữ liệu của silo (bootstrap-token) ở tiêu đề {ApiKeys.BootstrapHeader}; lệnh ./analytics keys create --role admin --bootstrap làm việc này.", $"Send the one-time token from the silo's data folder (bootstrap-token) in the {ApiKeys.BootstrapHeader} header; ./analytics keys create --role admin --bootstrap does."));
        if (request.Role is { } r && !r.Equals("admin", StringComparison.OrdinalIgnoreCase))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T("Khóa khởi tạo là khóa quản trị (admin); tạo khóa của các vai trò khác bằng nó sau đó.", "The bootstrap key is an admin key; create other roles with it afterwards."));
        if (Check(request with { Role = "admin" }, out _) is { } problem) return problem;
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token.Trim()));
        return await CreateAsync(request.Name.Trim(), KeyRole.Admin, actor, record => Registry.BootstrapAsync(hash, record));
    }

    public async Task<QueryResult<KeyDto>> RevokeAsync(string id, AuditActor actor)
    {
        var revoked = await Registry.RevokeAsync(id, audit.Now);
        if (revoked is null) return new QueryProblem(ProblemKind.NotFound, Bilingual.T($"Không có khóa '{(id.Length > 20 ? id[..20] + "…" : id)}'. GET /api/keys liệt kê các khóa.", $"No key '{(id.Length > 20 ? id[..20] + "…" : id)}'. GET /api/keys lists them."));
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
                    return new QueryProblem(ProblemKind.Conflict, Bilingual.T($"Cụm đã giữ {IKeyRegistryGrain.MaxKeys} khóa (tính cả khóa đã thu hồi).", $"The cluster holds {IKeyRegistryGrain.MaxKeys} keys already (revoked ones count)."));
                case KeyCreation.AdminExists:
                    return new QueryProblem(ProblemKind.Conflict, Bilingual.T("Đã có khóa quản trị: chỉ khởi tạo được trên cụm chưa có khóa quản trị nào. Hãy nhờ một quản trị viên tạo khóa.", "An admin key exists already: bootstrapping works only on a cluster without one. Ask an admin to create a key."));
                case KeyCreation.UnknownToken:
                    return new QueryProblem(ProblemKind.Unauthorized, Bilingual.T("Mã khởi tạo này không phải mã do một silo cấp (mã nằm trong tệp bootstrap-token ở thư mục dữ liệu của silo khởi động gần nhất).", "The bootstrap token is not one a silo offered (it is in bootstrap-token in the data folder of a silo started since)."));
                default:
                    return new QueryProblem(ProblemKind.Unavailable, Bilingual.T("Không tạo được khóa; hãy thử lại.", "Could not create the key; try again."));
            }
        }
    }

    private static QueryProblem? Check(CreateKeyRequest request, out KeyRole role)
    {
        role = default;
        if (string.IsNullOrWhiteSpace(request.Name))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T("cần name: cho biết khóa của ai (ví dụ \"Sở TT&TT Bình Thuận\").", "name is required: say whose key it is (e.g. \"Sở TT&TT Bình Thuận\")."));
        if (request.Name.Length > ApiKeys.MaxNameLength)
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"name dài hơn {ApiKeys.MaxNameLength} ký tự.", $"name is longer than {ApiKeys.MaxNameLength} characters."));
        if (request.Name.Any(InputLimits.IsControl)) return new QueryProblem(ProblemKind.Invalid, Bilingual.T("name không được chứa ký tự điều khiển.", "name must not contain control characters."));
        if (!AccessPolicies.TryParseRole(request.Role, out role))
            return new QueryProblem(ProblemKind.Invalid, Bilingual.T($"role phải là reader, writer hoặc admin, không phải '{(request.Role is { Length: > 20 } v ? v[..20] + "…" : request.Role)}'.", $"role must be reader, writer or admin, not '{(request.Role is { Length: > 20 } t ? t[..20] + "…" : request.Role)}'."));
        return null;
    }

    public static KeyDto ToDto(ApiKeyRecord k) => new(k.Id, k.Name, AccessPolicies.RoleName(k.Role), k.CreatedAt, k.CreatedBy, k.RevokedAt);
}
