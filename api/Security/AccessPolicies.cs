using Analytics.Domain;
using System.Net;
using Analytics.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Analytics.Api.Security;

/// <summary>
/// Who may do what. Three policies, set per endpoint group: <see cref="Read"/> (every GET, <c>/metrics</c>,
/// <c>/openapi</c>, <c>/api/cluster</c>), <see cref="Write"/> (loading figures) and <see cref="Admin"/> (definitions,
/// retraining, keys, the audit). Reading is open unless <c>Analytics:RequireKeyForReading</c> is true, which is the
/// default whenever the API listens on anything but loopback: a port reachable from other machines never serves even
/// its metrics without a key unless the operator says so.
/// </summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public const string RequireKeyForReadingSetting = "Analytics:RequireKeyForReading";

    public static string RoleName(KeyRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParseRole(string? text, out KeyRole role)
    {
        role = default;
        return text is not null && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role);
    }

    /// <summary>Whether reading needs a key: the setting, else whether any URL the API listens on is other than loopback.</summary>
    public static bool RequireKeyForReading(IConfiguration config, IEnumerable<string> urls) =>
        config.GetValue<bool?>(RequireKeyForReadingSetting) ?? !urls.All(IsLoopback);

    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcards: http://*:5080, http://+:5080, http://0.0.0.0:5080 all listen on every interface.
        if (!Uri.TryCreate(url.Replace("://*", "://any").Replace("://+", "://any"), UriKind.Absolute, out var uri)) return false;
        if (uri.IsLoopback) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    public static IServiceCollection AddAccessPolicies(this IServiceCollection services, bool requireKeyForReading)
    {
        services.AddSingleton<KeyDirectory>();
        services.AddSingleton<AccessRefusals>();
        services.AddScoped<StewardSession>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.AddRequirements(new ReadRequirement(requireKeyForReading)))
            .AddPolicy(Write, p => p.RequireRole(RoleName(KeyRole.Writer)))
            .AddPolicy(Admin, p => p.RequireRole(RoleName(KeyRole.Admin)));
        services.AddSingleton<IAuthorizationHandler, ReadRequirement.Handler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
        return services;
    }

    /// <summary>Reading: anyone when reading is open; any valid key (a reader, writer or admin) otherwise.</summary>
    public sealed class ReadRequirement(bool requireKey) : IAuthorizationRequirement
    {
        public bool RequireKey { get; } = requireKey;

        public sealed class Handler : AuthorizationHandler<ReadRequirement>
        {
            protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadRequirement requirement)
            {
                if (!requirement.RequireKey || context.User.Identity?.IsAuthenticated == true) context.Succeed(requirement);
                return Task.CompletedTask;
            }
        }
    }

    /// <summary>The role a policy needs, in words, for the 401 and 403 answers and the OpenAPI document.</summary>
    public static KeyRole? NeededRole(AuthorizationPolicy policy)
    {
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)
            .Select(r => TryParseRole(r, out var role) ? role : (KeyRole?)null).Where(r => r is not null).ToList();
        return roles.Count > 0 ? roles.Max() : policy.Requirements.OfType<ReadRequirement>().Any(r => r.RequireKey) ? KeyRole.Reader : null;
    }

    /// <summary>401 and 403 as ProblemDetails that say what is needed, instead of an empty answer.</summary>
    private sealed class AccessProblems(IProblemDetailsService problems, AccessRefusals refusals) : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (result.Succeeded)
            {
                await _default.HandleAsync(next, context, policy, result);
                return;
            }
            var needed = NeededRole(policy) ?? KeyRole.Reader;
            var what = needed == KeyRole.Reader
                ? Bilingual.T("một khóa API (vai trò bất kỳ)", "an API key (any role)")
                : Bilingual.T($"một khóa API có vai trò {RoleName(needed)}", $"an API key with role {RoleName(needed)}");
            var operation = $"{context.Request.Method} {context.Request.Path}";
            int status;
            string title, detail;
            if (result.Forbidden && context.User.Identity?.IsAuthenticated == true)
            {
                status = StatusCodes.Status403Forbidden;
                var id = context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
                var role = context.User.FindFirst(ApiKeyAuthentication.KeyRoleClaim)?.Value;
                title = Bilingual.T("Khóa này không được làm việc này", "The key may not do this");
                detail = Bilingual.T(
                    $"{operation} cần {what}; khóa {id} ('{context.User.Identity.Name}') có vai trò {role}. Quản trị viên tạo khóa bằng ./analytics keys create.",
                    $"{operation} needs {what}; key {id} ('{context.User.Identity.Name}') has role {role}. An admin creates keys with ./analytics keys create.");
            }
            else
            {
                status = StatusCodes.Status401Unauthorized;
                title = Bilingual.T("Cần một khóa API", "An API key is needed");
                detail = context.Items[ApiKeyAuthentication.FailureItem] is string failure
                    ? Bilingual.T($"{operation} cần {what}, và {failure}.", $"{operation} needs {what}, and {failure}.")
                    : Bilingual.T($"{operation} cần {what}: gửi khóa trong tiêu đề {ApiKeys.Header}. Quản trị viên tạo khóa bằng ./analytics keys create.",
                        $"{operation} needs {what}: send it in the {ApiKeys.Header} header. An admin creates keys with ./analytics keys create.");
                context.Response.Headers.WWWAuthenticate = $"{ApiKeyAuthentication.SchemeName} header=\"{ApiKeys.Header}\"";
            }
            // A presented key that was refused, or a key without the role: an attempt the audit trail keeps.
            if (status == StatusCodes.Status403Forbidden || context.Items[ApiKeyAuthentication.FailureItem] is string)
                await refusals.RecordAsync(context, status, detail);
            context.Response.StatusCode = status;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["requiredRole"] = RoleName(needed) } },
            });
        }
    }
}
