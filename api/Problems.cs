using Analytics.Api.Queries;
using Analytics.Contracts;
using Analytics.Domain;

namespace Analytics.Api;

/// <summary>ProblemDetails responses with the product's wording; every error names what is wrong.</summary>
public static class Problems
{
    /// <summary>The HTTP answer to a query: 200 with the contract, or the problem's status with its detail.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToHttp<T>(this QueryResult<T> result) =>
        result.Problem is { } problem ? From(problem) : TypedResults.Ok(result.Value!);

    public static ProblemHttpResult From(QueryProblem problem) =>
        TypedResults.Problem(detail: problem.Detail, statusCode: StatusOf(problem.Kind), title: TitleOf(problem.Kind), extensions: ExtensionsOf(problem));

    /// <summary>The HTTP status of each kind of problem: the API's answers and the pages' refusals both use it.</summary>
    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Invalid or ProblemKind.Rejected => StatusCodes.Status400BadRequest,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.QuotaExceeded => StatusCodes.Status429TooManyRequests,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The title of each kind of problem, in the reader's language.</summary>
    private static string TitleOf(ProblemKind kind) => kind switch
    {
        ProblemKind.NotFound => Bilingual.T("Không tìm thấy", "Not found"),
        ProblemKind.Invalid => BadRequestTitle,
        ProblemKind.Rejected => Bilingual.T("Lô số liệu bị từ chối; không có gì được ghi", "The batch was rejected; nothing was applied"),
        ProblemKind.TooLarge => Bilingual.T("Lô số liệu quá lớn", "Batch too large"),
        ProblemKind.UnsupportedMediaType => UnsupportedMediaTypeTitle,
        ProblemKind.Conflict => Bilingual.T("Mâu thuẫn với dữ liệu đã lưu", "Conflict with what is stored"),
        ProblemKind.Unauthorized => Bilingual.T("Chưa được xác thực", "Not authorised"),
        ProblemKind.Forbidden => Bilingual.T("Khóa này không được làm việc này", "The key may not do this"),
        ProblemKind.QuotaExceeded => Bilingual.T("Vượt hạn mức", "Quota exceeded"),
        ProblemKind.Unavailable => Bilingual.T("Cụm máy chủ không xác nhận toàn bộ lô số liệu", "The cluster did not confirm the whole batch"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The title of a 400 answer, in the reader's language.</summary>
    public static string BadRequestTitle => Bilingual.T("Yêu cầu không hợp lệ", "Bad request");

    public static string UnsupportedMediaTypeTitle => Bilingual.T("Định dạng nội dung không được hỗ trợ", "Unsupported media type");

    private static Dictionary<string, object?>? ExtensionsOf(QueryProblem problem) => problem.Kind switch
    {
        // A rejected batch: every bad row with its field and reason; the first InputLimits.ErrorsListed of them and how
        // many there are, so a huge bad batch gets a short answer.
        ProblemKind.Rejected => new()
        {
            ["errors"] = problem.Rows?.Take(InputLimits.ErrorsListed).Select(RowErrorDto.From).ToList() ?? [],
            ["errorCount"] = problem.Rows?.Count ?? 0,
        },
        ProblemKind.TooLarge when problem.Series is { } series => new() { ["series"] = series },
        _ => null,
    };
}
