using Analytics.Api.Queries;
using Analytics.Contracts;

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
            extensions: new Dictionary<string, object?> { ["errors"] = problem.Rows?.Select(RowErrorDto.From).ToList() ?? [] }),
        ProblemKind.TooLarge => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large"),
        ProblemKind.UnsupportedMediaType => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"),
        ProblemKind.Unavailable => TypedResults.Problem(detail: problem.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster did not confirm the whole batch"),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };
}
