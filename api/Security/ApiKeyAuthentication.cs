using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Analytics.Audit;
using Analytics.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Analytics.Api.Security;

/// <summary>
/// Authenticates a request by the key in <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>). No key: anonymous, which
/// the read policy lets through unless reading needs a key. A key that is malformed, unknown or revoked: a failure,
/// whose reason the 401 answer gives.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyDirectory keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Where the handler leaves why a presented key was refused, for the 401 answer.</summary>
    internal const string FailureItem = "analytics.key-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        var (key, problem) = await keys.VerifyAsync(presented);
        if (key is null)
        {
            Context.Items[FailureItem] = problem;
            return AuthenticateResult.Fail(problem!);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(key), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKeys.Header}\"";
        return base.HandleChallengeAsync(properties);
    }

    public static string? Presented(HttpRequest request)
    {
        if (request.Headers[ApiKeys.Header] is [{ Length: > 0 } key]) return key.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    /// <summary>A key's identity: its id, name and role, and the roles its role includes (an admin is also a writer and a reader).</summary>
    public static ClaimsPrincipal Principal(ApiKeyRecord key)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id), new(ClaimTypes.Name, key.Name) };
        claims.AddRange(Enum.GetValues<KeyRole>().Where(r => r <= key.Role).Select(r => new Claim(ClaimTypes.Role, AccessPolicies.RoleName(r))));
        claims.Add(new Claim(KeyRoleClaim, AccessPolicies.RoleName(key.Role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    /// <summary>The key's own role (the role claims also list the ones it includes).</summary>
    public const string KeyRoleClaim = "analytics:key-role";
}

/// <summary>Who made a request, as the audit trail records it.</summary>
public static class Actors
{
    public static AuditActor Of(HttpContext http)
    {
        var user = http.User;
        KeyRole? role = user.FindFirst(ApiKeyAuthentication.KeyRoleClaim)?.Value is { } r && AccessPolicies.TryParseRole(r, out var parsed) ? parsed : null;
        return new AuditActor(user.FindFirst(ClaimTypes.NameIdentifier)?.Value, user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
            role, Address(http.Connection.RemoteIpAddress));
    }

    /// <summary>A request that presented <paramref name="key"/> some other way than the header (a form's password field).</summary>
    public static AuditActor Of(HttpContext http, ApiKeyRecord key) =>
        new(key.Id, key.Name, key.Role, Address(http.Connection.RemoteIpAddress));

    private static string? Address(IPAddress? address) => (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address)?.ToString();
}
