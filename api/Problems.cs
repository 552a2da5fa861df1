using Analytics.Domain;
using Analytics.Formats;

namespace Analytics.Api;

/// <summary>ProblemDetails responses with the product's wording; every error names what is wrong.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    /// <summary>A rejected batch: every bad row with its field and reason, and the assurance that nothing was applied.</summary>
    public static ProblemHttpResult RejectedRows(IReadOnlyList<RowError> errors, int rows) =>
        TypedResults.Problem(
            title: "The batch was rejected; nothing was applied",
            detail: $"{errors.Count} problem(s) in {rows} row(s). Fix them and send the whole batch again.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { row = e.Row, field = e.Field, reason = e.Reason }).ToList(),
            });
}
