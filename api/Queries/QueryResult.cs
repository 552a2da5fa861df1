using Analytics.Domain;

namespace Analytics.Api.Queries;

/// <summary>Why a query has no answer; the JSON endpoints turn it into a ProblemDetails status, pages into a message.</summary>
public enum ProblemKind
{
    /// <summary>The province, indicator or series named does not exist (404).</summary>
    NotFound,
    /// <summary>A parameter is outside what the question allows (400).</summary>
    Invalid,
    /// <summary>A batch failed validation; <see cref="QueryProblem.Rows"/> lists every problem and nothing was applied (400).</summary>
    Rejected,
    /// <summary>A batch over the documented limits (413).</summary>
    TooLarge,
    /// <summary>A body in a format the product does not read (415).</summary>
    UnsupportedMediaType,
    /// <summary>The cluster did not confirm the work; repeating it is safe (503).</summary>
    Unavailable,
}

/// <summary>What is wrong with a question, in words an analyst can act on.</summary>
public sealed record QueryProblem(ProblemKind Kind, string Detail, IReadOnlyList<RowError>? Rows = null, int? RowCount = null);

/// <summary>An answer, or the problem that prevented one.</summary>
public readonly record struct QueryResult<T>(T? Value, QueryProblem? Problem)
{
    public static implicit operator QueryResult<T>(T value) => new(value, null);

    public static implicit operator QueryResult<T>(QueryProblem problem) => new(default, problem);
}

/// <summary>The product's wording of the problems every query shares: each said once.</summary>
public static class QueryProblems
{
    public static QueryProblem NoIndicator(string code) =>
        new(ProblemKind.NotFound, $"No indicator '{code}'. GET /api/indicators lists them.");

    public static QueryProblem NoProvince(string text) =>
        new(ProblemKind.NotFound, $"No province matches '{text}' (give a GSO code such as 60 or a name such as Bình Thuận).");

    public static QueryProblem UnknownRegion(string region, IReadOnlyList<string> regions) =>
        new(ProblemKind.Invalid, $"Unknown region '{region}'. Regions: {string.Join("; ", regions)}.");

    public static QueryProblem YearOutside(int year) => new(ProblemKind.Invalid, $"Year {year} is outside {Years.Range}.");

    public static QueryProblem UnknownKind(string kind) =>
        new(ProblemKind.Invalid, $"Unknown kind '{kind}': use actual, estimate, plan, target or baseline.");

    public static QueryProblem TopBelowOne(int top) => new(ProblemKind.Invalid, $"top must be at least 1, not {top}.");

    /// <summary>The year of a question, or the default target year; a problem when it is outside the accepted range.</summary>
    public static QueryProblem? CheckYear(int? year) => year is { } y && !Years.Accepts(y) ? YearOutside(y) : null;
}
