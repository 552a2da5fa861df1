using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain;
using Microsoft.AspNetCore.Diagnostics;

namespace Analytics.Api;

/// <summary>
/// One place that turns a request ASP.NET Core could not bind or read into a ProblemDetails that names what is wrong:
/// a query parameter of the wrong type (<c>year=abc</c>, <c>top=2147483648</c>), a body field of the wrong type or value
/// (an unknown <c>direction</c>), a duplicate key, text that is not valid UTF-8, a body that arrived too slowly (408) or
/// is too large (413). The framework's own messages name .NET types and repeat the input; none of that is sent:
/// the answer names the parameter or the row and field, and repeats at most a short prefix of what was sent.
/// Needs <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> so binding failures reach it as exceptions.
/// </summary>
public sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted) return false;
        var problem = Describe(context, exception);
        if (problem is null) return false;
        context.Response.StatusCode = problem.Value.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = problem.Value.Status, Title = problem.Value.Title, Detail = problem.Value.Detail },
        });
    }

    private static (int Status, string Title, string Detail)? Describe(HttpContext context, Exception exception)
    {
        var json = Find<JsonException>(exception);
        var bad = Find<BadHttpRequestException>(exception);
        if (bad is { StatusCode: StatusCodes.Status408RequestTimeout })
            return (408, Bilingual.T("Hết thời gian chờ yêu cầu", "Request timeout"), Bilingual.T(
                "Nội dung yêu cầu đến quá chậm; máy chủ đã ngừng chờ. Hãy gửi lại qua kết nối nhanh hơn.",
                "The request body arrived too slowly; the server stopped waiting for it. Send it again on a faster connection."));
        if (bad is { StatusCode: StatusCodes.Status413PayloadTooLarge })
            return (413, Bilingual.T("Yêu cầu quá lớn", "Request too large"), Bilingual.T(
                "Nội dung yêu cầu vượt giới hạn. Hãy chia thành nhiều yêu cầu.", "The request body is larger than the limit. Split it into several requests."));
        if (json is not null) return (400, Problems.BadRequestTitle, DescribeJson(context, json));
        if (Find<System.Text.DecoderFallbackException>(exception) is not null || exception is InvalidOperationException { Source: "System.Text.Json.Rethrowable" })
            return (400, Problems.BadRequestTitle, Bilingual.T(
                "Nội dung có văn bản không phải UTF-8 hợp lệ (hoặc một nửa cặp UTF-16 đơn lẻ như \\ud800).",
                "The body has text that is not valid UTF-8 (or a lone UTF-16 surrogate such as \\ud800)."));
        if (bad is null) return null;
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return (415, Problems.UnsupportedMediaTypeTitle, Bilingual.T("Hãy gửi nội dung dạng application/json.", "Send the body as application/json."));
        if (QueryProblem(context) is { } query) return (400, Problems.BadRequestTitle, query);
        // Anything else the framework refused (a missing body, a malformed request line): its status, in general words.
        return (bad.StatusCode, Problems.BadRequestTitle, bad.StatusCode == 400 && context.Request.ContentLength is 0 or null && HttpMethods.IsPost(context.Request.Method)
            ? Bilingual.T("Yêu cầu cần có nội dung.", "The request needs a body.")
            : Bilingual.T("Không đọc được yêu cầu.", "The request could not be read."));
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    /// <summary>The endpoint that failed: the exception handler runs with the request's endpoint cleared, so ask its feature.</summary>
    private static Endpoint? EndpointOf(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException) if (e is T t) return t;
        return null;
    }

    /// <summary>The first query or route value the endpoint cannot take (usually caught earlier by <see cref="QueryBinder"/>).</summary>
    private static string? QueryProblem(HttpContext context) =>
        EndpointOf(context) is { } endpoint
            ? QueryBinder.Problem(context, endpoint, context.Features.Get<IExceptionHandlerFeature>()?.RouteValues ?? context.Request.RouteValues)
            : null;

    private static bool IsSimple(Type t) => t.IsEnum || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool)
                                            || t == typeof(DateOnly) || t == typeof(DateTimeOffset) || t == typeof(Guid);

    /// <summary>Where in the body and what: the row and field from the exception's JSON path, the reason from its kind.</summary>
    private static string DescribeJson(HttpContext context, JsonException json)
    {
        var (row, field, type) = Locate(context, json.Path);
        var where = (row, field) switch
        {
            ({ } r, { } f) => Bilingual.T($"Dòng {r}, trường '{InputLimits.Echo(f)}'", $"Row {r}, field '{InputLimits.Echo(f)}'"),
            ({ } r, null) => Bilingual.T($"Dòng {r}", $"Row {r}"),
            (null, { } f) => Bilingual.T($"Trường '{InputLimits.Echo(f)}'", $"Field '{InputLimits.Echo(f)}'"),
            _ => json.LineNumber is { } line
                ? Bilingual.T($"Dòng {line + 1}, byte {json.BytePositionInLine + 1}", $"Line {line + 1}, byte {json.BytePositionInLine + 1}")
                : Bilingual.T("Nội dung", "The body"),
        };
        // The reader's own complaint may be the inner exception's (invalid UTF-8 is "could not be converted" outside).
        var message = string.Join(" | ", Chain(json).Select(e => e.Message));
        string reason;
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            reason = Bilingual.T("khóa xuất hiện hai lần trong một đối tượng", "the key appears twice in one object");
        else if (message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || message.Contains("UTF-16", StringComparison.OrdinalIgnoreCase)
                 || message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
            reason = Bilingual.T("văn bản không phải UTF-8 hợp lệ (hoặc có một nửa cặp UTF-16 đơn lẻ như \\ud800)",
                "the text is not valid UTF-8 (or has a lone UTF-16 surrogate such as \\ud800)");
        else if (MissingRequired().Match(message) is { Success: true } missing)
            reason = Bilingual.T($"thiếu trường bắt buộc: {InputLimits.Echo(missing.Groups[1].Value)}", $"required field(s) missing: {InputLimits.Echo(missing.Groups[1].Value)}");
        else if (message.Contains("could not be converted", StringComparison.OrdinalIgnoreCase) && type is not null)
            reason = Bilingual.T("giá trị ", "the value ") + QueryBinder.Expected(Nullable.GetUnderlyingType(type) ?? type);
        else if (message.Contains("could not be converted", StringComparison.OrdinalIgnoreCase))
            reason = Bilingual.T("giá trị sai kiểu", "the value has the wrong type");
        else
            reason = Bilingual.T("JSON sai cú pháp", "the JSON is malformed");
        return $"{where}: {reason}.";
    }

    [GeneratedRegex("missing required properties including: (.*?)\\.?$", RegexOptions.Singleline)]
    private static partial Regex MissingRequired();

    /// <summary>
    /// Resolves a JSON path such as <c>$[3].direction</c> against the endpoint's body parameter: the 1-based row, the
    /// field, and the field's .NET type (to say what it accepts). Unknown shapes give what could be resolved.
    /// </summary>
    private static (int? Row, string? Field, Type? Type) Locate(HttpContext context, string? path)
    {
        if (string.IsNullOrEmpty(path)) return (null, null, null);
        var body = EndpointOf(context)?.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .Select(p => p.ParameterType).FirstOrDefault(t => t.IsArray || (!IsSimple(Nullable.GetUnderlyingType(t) ?? t) && t != typeof(string) && t.IsClass && t.Namespace?.StartsWith("Analytics", StringComparison.Ordinal) == true));
        int? row = null;
        string? field = null;
        var type = body;
        foreach (Match m in PathSegment().Matches(path))
        {
            if (m.Groups["index"].Success)
            {
                row ??= int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture) + 1;
                type = type is null ? null : type.IsArray ? type.GetElementType() : type.GetInterfaces().Concat([type])
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            }
            else
            {
                field = m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["quoted"].Value;
                type = type?.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            }
        }
        return (row, field, type);
    }

    [GeneratedRegex(@"\[(?<index>\d+)\]|\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?<quoted>[^']*)'\]")]
    private static partial Regex PathSegment();
}
