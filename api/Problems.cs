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

    private static string TitleOf(ProblemKind kind) => kind switch
    {
        ProblemKind.NotFound => "Not found",
        ProblemKind.Invalid => "Bad request",
        ProblemKind.Rejected => "The batch was rejected; nothing was applied",
        ProblemKind.TooLarge => "Batch too large",
        ProblemKind.UnsupportedMediaType => "Unsupported media type",
        ProblemKind.Conflict => "Conflict with what is stored",
        ProblemKind.Unauthorized => "Not authorised",
        ProblemKind.Forbidden => "The key may not do this",
        ProblemKind.QuotaExceeded => "Quota exceeded",
        ProblemKind.Unavailable => "The cluster did not confirm the whole batch",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

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
