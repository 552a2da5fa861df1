using Analytics.Domain;
using Analytics.Domain.Geography;

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
    /// <summary>The request contradicts what is stored (a guarded definition change without force, an existing admin key) (409).</summary>
    Conflict,
    /// <summary>A credential other than an API key (the bootstrap token) is missing or wrong (401).</summary>
    Unauthorized,
    /// <summary>A valid key without the role the operation needs (403).</summary>
    Forbidden,
    /// <summary>A key's daily quota (bytes or new series) would be exceeded (429).</summary>
    QuotaExceeded,
}

/// <summary>What is wrong with a question, in words an analyst can act on.</summary>
/// <param name="Series">The one series a batch was refused for (413), which a client may leave out and send the rest.</param>
public sealed record QueryProblem(ProblemKind Kind, string Detail, IReadOnlyList<RowError>? Rows = null, int? RowCount = null, string? Series = null);

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
        new(ProblemKind.NotFound, Bilingual.T(
            $"Không có chỉ tiêu '{InputLimits.Echo(code)}'. GET /api/indicators liệt kê các chỉ tiêu.",
            $"No indicator '{InputLimits.Echo(code)}'. GET /api/indicators lists them."));

    public static QueryProblem NoProvince(string text) =>
        new(ProblemKind.NotFound, Bilingual.T(
            $"Không có tỉnh nào khớp với '{InputLimits.Echo(text)}' (hãy ghi mã GSO như 60 hoặc tên như Bình Thuận).",
            $"No province matches '{InputLimits.Echo(text)}' (give a GSO code such as 60 or a name such as Bình Thuận)."));

    public static QueryProblem UnknownRegion(string region, IReadOnlyList<string> regions) =>
        new(ProblemKind.Invalid, Bilingual.T(
            $"Không có vùng '{InputLimits.Echo(region)}'. Các vùng: {string.Join("; ", regions)}.",
            $"Unknown region '{InputLimits.Echo(region)}'. Regions: {string.Join("; ", regions)}."));

    public static QueryProblem YearOutside(int year) => new(ProblemKind.Invalid, Bilingual.T($"Năm {year} nằm ngoài khoảng {Years.Range}.", $"Year {year} is outside {Years.Range}."));

    public static QueryProblem UnknownKind(string kind) =>
        new(ProblemKind.Invalid, Bilingual.T(
            $"Không có loại số liệu '{InputLimits.Echo(kind)}': dùng actual (thực hiện), estimate (ước tính), plan (kế hoạch), target (mục tiêu) hoặc baseline (gốc).",
            $"Unknown kind '{InputLimits.Echo(kind)}': use actual, estimate, plan, target or baseline."));

    public static QueryProblem UnknownRanking(string by) =>
        new(ProblemKind.Invalid, Bilingual.T(
            $"by '{InputLimits.Echo(by)}' không phải một cách xếp hạng: dùng by=value (mặc định) hoặc by=attainment.",
            $"by '{InputLimits.Echo(by)}' is not a ranking: use by=value (default) or by=attainment."));

    public static QueryProblem TopBelowOne(int top) => new(ProblemKind.Invalid, Bilingual.T($"top phải ít nhất là 1, không phải {top}.", $"top must be at least 1, not {top}."));

    public static QueryProblem UnknownGeography(string text) =>
        new(ProblemKind.Invalid, Bilingual.T(
            $"Không có địa giới '{InputLimits.Echo(text)}': dùng vn-63 (63 tỉnh, đến 2025-06-30) hoặc vn-34 (34 đơn vị, từ 2025-07-01).",
            $"Unknown geography '{InputLimits.Echo(text)}': use vn-63 (the 63 provinces, until 2025-06-30) or vn-34 (the 34 units, from 2025-07-01)."));

    /// <summary>A province refused for the question: unknown (404), or a code or name that needs a year or geography (400).</summary>
    public static QueryProblem Unresolved(string text, UnitResolution resolution) =>
        resolution.Readings.Count == 0 ? NoProvince(text) : new(ProblemKind.Invalid, Capitalised(resolution.Refusal!) + ".");

    /// <summary>
    /// The geography a question about <paramref name="year"/> is answered in: the one asked for, else the one in force at
    /// the end of the year. The 63 provinces do not exist after 2025: asking them for a later year is a problem.
    /// </summary>
    public static QueryProblem? CheckGeography(string? text, int? year, out Geography? geography)
    {
        geography = null;
        if (text is not null)
        {
            if (!Geography.TryParse(text, out var named)) return UnknownGeography(text);
            geography = named;
        }
        if (geography == Geography.Vn63 && year is { } y && y > Geography.Vn63.ValidTo!.Value.Year)
            return new(ProblemKind.Invalid, Bilingual.T(
                $"63 tỉnh (vn-63) chấm dứt ngày {Geography.Vn63.ValidTo:yyyy-MM-dd} (Nghị quyết 202/2025/QH15): không có số liệu của các tỉnh này " +
                $"cho năm {y}. Hãy hỏi 34 đơn vị (geography=vn-34), hoặc một năm đến {Geography.Vn63.ValidTo!.Value.Year}.",
                $"The 63 provinces (vn-63) ended on {Geography.Vn63.ValidTo:yyyy-MM-dd} (resolution 202/2025/QH15): there are no figures of theirs " +
                $"for {y}. Ask the 34 units (geography=vn-34), or a year up to {Geography.Vn63.ValidTo!.Value.Year}."));
        if (geography is null && year is { } at) geography = Geography.AtEndOf(at);
        return null;
    }

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>The year of a question, or the default target year; a problem when it is outside the accepted range.</summary>
    public static QueryProblem? CheckYear(int? year) => year is { } y && !Years.Accepts(y) ? YearOutside(y) : null;
}
