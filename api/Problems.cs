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
        ProblemKind.NotFound => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        ProblemKind.Invalid => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request"),
        // A rejected batch: every bad row with its field and reason, and the assurance that nothing was applied.
        ProblemKind.Rejected => TypedResults.Problem(
            title: "The batch was rejected; nothing was applied",
            detail: problem.Detail,
            statusCode: StatusCodes.Status400BadRequest,
            // The first InputLimits.ErrorsListed problems, and how many there are: a huge bad batch gets a short answer.
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = problem.Rows?.Take(InputLimits.ErrorsListed).Select(RowErrorDto.From).ToList() ?? [],
                ["errorCount"] = problem.Rows?.Count ?? 0,
            }),
        ProblemKind.TooLarge => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large",
            extensions: problem.Series is { } series ? new Dictionary<string, object?> { ["series"] = series } : null),
        ProblemKind.UnsupportedMediaType => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"),
        ProblemKind.Conflict => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict with what is stored"),
        ProblemKind.Unauthorized => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status401Unauthorized, title: "Not authorised"),
        ProblemKind.Forbidden => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status403Forbidden, title: "The key may not do this"),
        ProblemKind.QuotaExceeded => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Quota exceeded"),
        ProblemKind.Unavailable => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster did not confirm the whole batch"),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };
}
