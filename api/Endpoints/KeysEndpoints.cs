using Analytics.Api.Queries;
using Analytics.Api.Security;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

/// <summary>API keys: admins create, list and revoke them; the first admin key comes from a silo's bootstrap token.</summary>
public static class KeysEndpoints
{
    public static void MapKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Keys");
        var admin = keys.MapGroup("").RequireAuthorization(AccessPolicies.Admin);
        admin.MapGet("/", ListKeys).WithName("ListKeys").WithSummary("Every key (revoked ones too): id, name, role, when created and revoked. Never a secret.");
        admin.MapPost("/", CreateKey).WithName("CreateKey")
            .WithSummary("Creates a key for a name and role (reader, writer, admin). The answer holds the key, shown this once; the cluster keeps only its SHA-256.");
        admin.MapGet("/{id}/quota", GetQuota).WithName("GetKeyQuota")
            .WithSummary("A key's daily quota (bytes of figures, new series) in force and what it used today (UTC). Writer keys without their own limits have the cluster's defaults.");
        admin.MapPut("/{id}/quota", SetQuota).WithName("SetKeyQuota")
            .WithSummary("Sets a key's own daily quota: bytesPerDay and seriesPerDay (null: the cluster's default). A batch past it is refused with 429 naming the quota; nothing of it is applied.");
        admin.MapDelete("/{id}", RevokeKey).WithName("RevokeKey").WithSummary("Revokes a key: it is refused from then on (by every API process within 5 s).");
        // Open by design: it needs the silo's one-time token instead of a key, and works only while no admin key exists.
        keys.MapPost("/bootstrap", Bootstrap).WithName("BootstrapAdminKey").AllowAnonymous()
            .WithSummary($"Creates the first admin key, for the holder of the one-time token a silo writes to its data folder (header {ApiKeys.BootstrapHeader}) while no admin key exists.");
    }

    public static async Task<Ok<IReadOnlyList<KeyDto>>> ListKeys(KeyQueries keys) => TypedResults.Ok(await keys.ListAsync());

    public static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> CreateKey(CreateKeyRequest request, KeyQueries keys, HttpContext http) =>
        Created(await keys.CreateAsync(request, Actors.Of(http)));

    public static async Task<Results<Ok<QuotaDto>, ProblemHttpResult>> GetQuota(string id, KeyQueries keys) =>
        (await keys.QuotaAsync(id)).ToHttp();

    public static async Task<Results<Ok<QuotaDto>, ProblemHttpResult>> SetQuota(string id, SetQuotaRequest request, KeyQueries keys, HttpContext http) =>
        (await keys.SetQuotaAsync(id, request, Actors.Of(http))).ToHttp();

    public static async Task<Results<Ok<KeyDto>, ProblemHttpResult>> RevokeKey(string id, KeyQueries keys, HttpContext http) =>
        (await keys.RevokeAsync(id, Actors.Of(http))).ToHttp();

    public static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> Bootstrap(CreateKeyRequest request, KeyQueries keys, HttpContext http) =>
        Created(await keys.BootstrapAsync(http.Request.Headers[ApiKeys.BootstrapHeader].ToString(), request, Actors.Of(http)));

    private static Results<Created<CreatedKeyDto>, ProblemHttpResult> Created(QueryResult<CreatedKeyDto> result) =>
        result.Problem is { } problem ? Problems.From(problem) : TypedResults.Created($"/api/keys/{result.Value!.Id}", result.Value);
}
