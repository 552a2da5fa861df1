using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Analytics.Api.Endpoints;

/// <summary>
/// Conditional GETs for answers the <see cref="AnswerCache"/> keeps: a 200 carries an ETag, and a request whose
/// If-None-Match names it gets 304 without a body, so pages, Grafana and scripts that poll pay nothing for unchanged
/// data. The tag is a hash of the answer's JSON, computed once per kept answer (the cache hands out the same
/// object until its indicator changes), so every API process gives the same answer the same tag.
/// </summary>
public static class ConditionalGet
{
    // Keyed by the answer object itself: dropped with it when the cache lets it go.
    private static readonly ConditionalWeakTable<object, string> Tags = new();

    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilterFactory((factory, next) =>
        {
            var json = factory.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return async context =>
            {
                var result = await next(context);
                var inner = result is INestedHttpResult nested ? nested.Result : result;
                if (inner is not IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } || inner is not IValueHttpResult { Value: { } answer })
                    return result;
                var tag = Tags.GetValue(answer, a => TagOf(a, json));
                var http = context.HttpContext;
                http.Response.Headers.ETag = tag;
                return Matches(http.Request.Headers.IfNoneMatch, tag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : result;
            };
        });

    private static string TagOf(object answer, JsonSerializerOptions json) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), json)), 0, 16)}\"";

    /// <summary>If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix does not matter; * matches any answer.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag) =>
        ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var given)
        && given.Any(g => g.Equals(EntityTagHeaderValue.Any) || g.Compare(new EntityTagHeaderValue(tag), useStrongComparison: false));
}
