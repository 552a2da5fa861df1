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

    public static ProblemHttpResult From(QueryProblem problem) => problem.Kind switch
    {
        ProblemKind.NotFound => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status404NotFound, title: Bilingual.T("Không tìm thấy", "Not found")),
        ProblemKind.Invalid => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status400BadRequest, title: BadRequestTitle),
        // A rejected batch: every bad row with its field and reason, and the assurance that nothing was applied.
        ProblemKind.Rejected => TypedResults.Problem(
            title: Bilingual.T("Lô số liệu bị từ chối; không có gì được ghi", "The batch was rejected; nothing was applied"),
            detail: problem.Detail,
            statusCode: StatusCodes.Status400BadRequest,
            // The first InputLimits.ErrorsListed problems, and how many there are: a huge bad batch gets a short answer.
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = problem.Rows?.Take(InputLimits.ErrorsListed).Select(RowErrorDto.From).ToList() ?? [],
                ["errorCount"] = problem.Rows?.Count ?? 0,
            }),
        ProblemKind.TooLarge => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: Bilingual.T("Lô số liệu quá lớn", "Batch too large"),
            extensions: problem.Series is { } series ? new Dictionary<string, object?> { ["series"] = series } : null),
        ProblemKind.UnsupportedMediaType => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: UnsupportedMediaTypeTitle),
        ProblemKind.Conflict => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status409Conflict, title: Bilingual.T("Mâu thuẫn với dữ liệu đã lưu", "Conflict with what is stored")),
        ProblemKind.Unauthorized => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status401Unauthorized, title: Bilingual.T("Chưa được xác thực", "Not authorised")),
        ProblemKind.Forbidden => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status403Forbidden, title: Bilingual.T("Khóa này không được làm việc này", "The key may not do this")),
        ProblemKind.QuotaExceeded => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status429TooManyRequests, title: Bilingual.T("Vượt hạn mức", "Quota exceeded")),
        ProblemKind.Unavailable => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: Bilingual.T("Cụm máy chủ không xác nhận toàn bộ lô số liệu", "The cluster did not confirm the whole batch")),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    /// <summary>The title of a 400 answer, in the reader's language.</summary>
    public static string BadRequestTitle => Bilingual.T("Yêu cầu không hợp lệ", "Bad request");

    public static string UnsupportedMediaTypeTitle => Bilingual.T("Định dạng nội dung không được hỗ trợ", "Unsupported media type");
}
