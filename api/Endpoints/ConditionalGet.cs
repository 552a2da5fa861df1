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
/// object until its indicator changes), so every API process gives the same answer the same tag. The JSON itself is
/// kept beside the tag and written as it is: a kept answer is serialized once, not once per request, which was most
/// of a cached series request's processor time.
/// </summary>
public static class ConditionalGet
{
    // Keyed by the answer object itself: dropped with it when the cache lets it go.
    private static readonly ConditionalWeakTable<object, Encoded> Answers = new();

    /// <summary>An answer's JSON (UTF-8, the API's serializer options) and the tag of those bytes.</summary>
    private sealed record Encoded(string Tag, byte[] Json) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = Json.Length;
            return http.Response.Body.WriteAsync(Json).AsTask();
        }
    }

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
                var encoded = Answers.GetValue(answer, a => Encode(a, json));
                var http = context.HttpContext;
                http.Response.Headers.ETag = encoded.Tag;
                return Matches(http.Request.Headers.IfNoneMatch, encoded.Tag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : encoded;
            };
        });

    private static Encoded Encode(object answer, JsonSerializerOptions json)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), json);
        return new Encoded($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 16)}\"", bytes);
    }

    /// <summary>If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix does not matter; * matches any answer.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag) =>
        ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var given)
        && given.Any(g => g.Equals(EntityTagHeaderValue.Any) || g.Compare(new EntityTagHeaderValue(tag), useStrongComparison: false));
}
