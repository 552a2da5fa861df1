using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Analytics.Api;

/// <summary>
/// Checks a request's query string against what its endpoint takes, before the endpoint runs: the JSON endpoints'
/// handler parameters and the pages' <see cref="SupplyParameterFromQueryAttribute"/> properties alike. A value that
/// does not convert to the parameter's type (<c>year=x1</c>) or is not one of an enumerated parameter's values
/// (<c>geography=x</c>, <c>kind=x</c>, <c>lang=x</c>) is answered 400 naming the parameter and what it accepts,
/// so neither a handler nor a page ever sees it (a page used to fail with a 500 and a stack trace in the log).
/// </summary>
public static class QueryBinder
{
    /// <summary>Query parameters whose values are a closed set, the same on every endpoint and page that takes them.</summary>
    private static readonly Dictionary<string, (Func<string, bool> Accepts, Words Expected)> Enumerated = new(StringComparer.OrdinalIgnoreCase)
    {
        ["geography"] = (t => Geography.TryParse(t, out _), Bilingual.Both(
            "không phải địa giới: dùng vn-63 (63 tỉnh, đến 2025-06-30) hoặc vn-34 (34 đơn vị, từ 2025-07-01)",
            "is not a geography: use vn-63 (the 63 provinces, until 2025-06-30) or vn-34 (the 34 units, from 2025-07-01)")),
        ["kind"] = (t => ObservationKinds.TryParse(t, out _), Bilingual.Both(
            "không phải loại số liệu: dùng actual, estimate, plan, target hoặc baseline",
            "is not a kind of figure: use actual, estimate, plan, target or baseline")),
        // Said in both languages: the reader's language is what is in doubt.
        ["lang"] = (t => t.Trim() is var l && (l.StartsWith("vi", StringComparison.OrdinalIgnoreCase) || l.StartsWith("en", StringComparison.OrdinalIgnoreCase)),
            Bilingual.Both("không phải ngôn ngữ: dùng vi hoặc en / is not a language: use vi or en", "is not a language: use vi or en / không phải ngôn ngữ: dùng vi hoặc en")),
    };

    public static IApplicationBuilder UseQueryBinder(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Problem(context) is { } problem)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                // A page: a page in words, in the reader's language where the problem is not the language itself.
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"{Bilingual.T("vi", "en")}\"><head><meta charset=\"utf-8\"><title>400 {Bilingual.T("Yêu cầu không hợp lệ", "Bad request")}</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>" +
                    $"<body><main><h1>{Bilingual.T("Yêu cầu không hợp lệ", "Bad request")}</h1><p class=\"refusal\">{WebUtility.HtmlEncode(problem)}</p><p><a href=\"/\">{Bilingual.T("Trang chủ", "Home")}</a></p></main></body></html>");
                return;
            }
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = Problems.BadRequestTitle, Detail = problem },
            });
            return;
        }
        await next(context);
    });

    /// <summary>The first query or route value the endpoint of <paramref name="context"/> cannot take, in words; null when all can be taken.</summary>
    public static string? Problem(HttpContext context, Endpoint? endpoint = null, RouteValueDictionary? routeValues = null)
    {
        endpoint ??= context.GetEndpoint();
        if (endpoint is null) return null;
        routeValues ??= context.Request.RouteValues;
        foreach (var (name, type) in Parameters(endpoint))
        {
            string? raw = routeValues.TryGetValue(name, out var routed) ? routed?.ToString()
                : context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
            if (string.IsNullOrEmpty(raw)) continue;
            if (!Converts(raw, type)) return $"{name} '{InputLimits.Echo(raw)}' {Expected(type)}.";
            if (type == typeof(string) && Enumerated.TryGetValue(name, out var e) && !e.Accepts(raw)) return $"{name} '{InputLimits.Echo(raw)}' {e.Expected.ForReader()}.";
        }
        return null;
    }

    private static IEnumerable<(string Name, Type Type)> Parameters(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } method)
        {
            foreach (var p in method.GetParameters())
                if (p.Name is { } name && Unwrap(p.ParameterType) is var t && (IsSimple(t) || t == typeof(string)))
                    yield return (name, t);
        }
        else if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is { } component)
        {
            // Query names are matched without regard to case: the property Year reads ?year=.
            foreach (var p in component.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } query && Unwrap(p.PropertyType) is var t && (IsSimple(t) || t == typeof(string)))
                    yield return (query.Name ?? char.ToLowerInvariant(p.Name[0]) + p.Name[1..], t);
            // Every page reads the reader's language (Reader).
            yield return ("lang", typeof(string));
        }
    }

    private static Type Unwrap(Type t) => Nullable.GetUnderlyingType(t) ?? t;

    private static bool IsSimple(Type t) => t.IsEnum || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool)
                                            || t == typeof(DateOnly) || t == typeof(DateTimeOffset) || t == typeof(Guid);

    private static bool Converts(string raw, Type t) => t switch
    {
        _ when t == typeof(int) => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when t == typeof(long) => long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when t == typeof(double) => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ when t == typeof(bool) => bool.TryParse(raw, out _),
        _ when t == typeof(DateOnly) => DateOnly.TryParse(raw, CultureInfo.InvariantCulture, out _),
        _ when t == typeof(DateTimeOffset) => DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, out _),
        _ when t == typeof(Guid) => Guid.TryParse(raw, out _),
        _ when t.IsEnum => Enum.TryParse(t, raw, ignoreCase: true, out _),
        _ => true,
    };

    internal static string Expected(Type t) => t switch
    {
        _ when t == typeof(int) => Bilingual.T($"không phải số nguyên từ {int.MinValue:D} đến {int.MaxValue:D}", $"is not a whole number from {int.MinValue:D} to {int.MaxValue:D}"),
        _ when t == typeof(long) => Bilingual.T("không phải số nguyên", "is not a whole number"),
        _ when t == typeof(double) => Bilingual.T("không phải số", "is not a number"),
        _ when t == typeof(bool) => Bilingual.T("không phải true hoặc false", "is not true or false"),
        _ when t == typeof(DateOnly) || t == typeof(DateTimeOffset) => Bilingual.T("không phải ngày (yyyy-mm-dd)", "is not a date (yyyy-mm-dd)"),
        _ when t == typeof(Guid) => Bilingual.T("không phải mã định danh", "is not an id"),
        _ when t.IsEnum => Bilingual.T($"không phải một trong {string.Join(", ", Names(t))}", $"is not one of {string.Join(", ", Names(t))}"),
        _ => Bilingual.T("không được chấp nhận", "is not accepted"),
    };

    // The names the API's JSON uses for an enum's values (kebab-case, as JsonStringEnumConverter writes them).
    private static IEnumerable<string> Names(Type enumType) =>
        Enum.GetNames(enumType).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n));
}
