using Analytics.Api.Queries;
using Analytics.Api.Security;
using Analytics.Contracts;

namespace Analytics.Api.Endpoints;

/// <summary>The quality flags on stored figures and the stewards' follow-up of them (docs/quality.md).</summary>
public static class QualityEndpoints
{
    public static void MapQuality(this RouteGroupBuilder api)
    {
        api.MapGet("/quality", List).WithName("ListQualityFlags").WithTags("Quality")
            .WithSummary("The quality flags on stored figures, most severe first: unit (code, name, geography, territory), indicator, year, kind, value, rule, severity, " +
                         "score against threshold, expected range, reason in the reader's language, and the follow-up state (open, reviewed, confirmed, corrected) with who marked it, when and why. " +
                         "Filters: indicator (without it, every indicator), province, year, rule, state, geography (vn-63 or vn-34), severity (high, medium, low, explained). " +
                         $"Paged: limit (default {QualityQueries.DefaultLimit}, at most {QualityQueries.MaxLimit}) and after (the previous page's next); total and byRule count every match.");
        api.MapPost("/quality/marks", Mark).WithName("MarkQualityFlag").WithTags("Quality")
            .RequireAuthorization(AccessPolicies.Write)
            .WithSummary("Marks a flagged figure (province, indicator, year; kind actual or estimate) reviewed, confirmed (reason required) or open again. " +
                         "The mark is an audit entry (quality-marked); a figure sent again since is open until marked again, and a marked flag the rules no longer raise is corrected.");
    }

    public static async Task<Results<Ok<QualityPageDto>, ProblemHttpResult>> List(
        string? indicator, string? province, int? year, string? rule, string? state, string? geography, string? severity, int? limit, string? after,
        QualityQueries quality) =>
        (await quality.ListAsync(indicator, province, year, rule, state, geography, severity, limit, after)).ToHttp();

    public static async Task<Results<Ok<QualityMarkResult>, ProblemHttpResult>> Mark(QualityMarkRequest request, QualityQueries quality, HttpContext http) =>
        (await quality.MarkAsync(request, Actors.Of(http))).ToHttp();
}
