using System.Security.Cryptography;
using Analytics.Api.Queries;
using Analytics.Audit;
using Analytics.Domain;
using Analytics.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace Analytics.Api.Security;

/// <summary>
/// Who may mark quality flags from the <c>/quality</c> page: a writer's or an admin's key, as the stewards' endpoint
/// (<c>POST /api/quality/marks</c>, policy <see cref="AccessPolicies.Write"/>) requires. The key comes as the API takes it
/// (<c>X-Api-Key</c> or a bearer token on the page's request), or is typed once on the page, as on the upload page, and
/// kept for the browser's session in a cookie only the quality page receives: HttpOnly, SameSite=Strict, path
/// <c>/quality</c>, encrypted by ASP.NET Core's data protection and good for eight hours. The key is never written into a
/// page, a script cannot read it, and it is checked again against the key registry on every request (a revoked key stops
/// at once).
/// </summary>
public sealed class StewardSession(KeyDirectory keys, IAuthorizationService authorization, IDataProtectionProvider protection)
{
    public const string Cookie = "analytics-steward";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private ITimeLimitedDataProtector Protector =>
        protection.CreateProtector("Analytics.Api.Security.StewardSession").ToTimeLimitedDataProtector();

    /// <summary>The steward the request speaks for, as the audit trail records one; null for a reader without the right.</summary>
    public async Task<AuditActor?> StewardAsync(HttpContext http)
    {
        if ((await authorization.AuthorizeAsync(http.User, AccessPolicies.Write)).Succeeded) return Actors.Of(http);
        if (http.Request.Cookies[Cookie] is not { Length: > 0 } kept) return null;
        string key;
        try
        {
            key = Protector.Unprotect(kept);
        }
        catch (CryptographicException)
        {
            return null; // expired, or protected by keys this process does not hold (a restart without persisted keys)
        }
        var (record, _, _) = await keys.AuthorizeAsync(key, KeyRole.Writer);
        return record is null ? null : Actors.Of(http, record);
    }

    /// <summary>Signs in with a key typed on the page: kept when it is a writer's or an admin's, refused in the API's words otherwise.</summary>
    public async Task<(AuditActor? Steward, QueryProblem? Problem)> SignInAsync(HttpContext http, string? key)
    {
        var (record, refusal, wrongRole) = await keys.AuthorizeAsync(key, KeyRole.Writer);
        if (record is null)
            return (null, new QueryProblem(wrongRole ? ProblemKind.Forbidden : ProblemKind.Unauthorized,
                Bilingual.T($"Không đăng nhập được: {refusal}.", $"Not signed in: {refusal}.")));
        http.Response.Cookies.Append(Cookie, Protector.Protect(key!.Trim(), Lifetime), Options(http));
        return (Actors.Of(http, record), null);
    }

    public static void SignOut(HttpContext http) => http.Response.Cookies.Delete(Cookie, Options(http));

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/quality", Secure = http.Request.IsHttps, IsEssential = true,
    };
}
