using Analytics.Keys;
using Analytics.Api.Security;
using Analytics.Api.Queries;
using Analytics.Contracts;
using Analytics.Domain;

namespace Analytics.Api.Pages.Data;

/// <summary>A question the pages cannot answer: the query layer's problem, shown with the status the JSON API gives it.</summary>
public sealed class PageQueryException(QueryProblem problem) : Exception(problem.Detail)
{
    public QueryProblem Problem { get; } = problem;

    public int Status => Problems.StatusOf(Problem.Kind);
}

/// <summary>What an upload did: the counts of an applied batch, or the problem exactly as the API reports it.</summary>
public sealed record UploadOutcome(IngestResult? Applied, QueryProblem? Problem)
{
    public bool Accepted => Applied is not null;
}

/// <summary>
/// The questions the pages ask, each one call to the API's query layer (api/Queries), the same method the JSON
/// endpoint calls: a page and <c>/api</c> cannot answer differently. Problems become <see cref="PageQueryException"/>.
/// </summary>
public sealed class PageQueries(
    CatalogCache catalog, CatalogQueries catalogQueries, RankingQueries rankings, SeriesQueries series,
    ForecastQueries forecasts, AttainmentQueries attainment, IngestService ingest, KeyDirectory keys, ProfileQueries profiles, PlanningQueries planning,
    QualityQueries quality)
{
    /// <summary>Names, regions and mergers for labelling answers: the catalog the queries validate against.</summary>
    public Task<CatalogView> CatalogAsync() => catalog.GetForReadAsync();

    public async Task<RankingDto> RankingAsync(string indicator, int? year, string? kind, string? region, string? geography, string? qualityFilter = null) =>
        Answer(await rankings.ByValueAsync(indicator, year, kind, region, geography: geography, qualityFilter: qualityFilter));

    public async Task<QualityPageDto> QualityAsync(
        string? indicator, string? province, int? year, string? rule, string? state, string? geography, string? severity, int? limit, string? after) =>
        Answer(await quality.ListAsync(indicator, province, year, rule, state, geography, severity, limit, after));

    public async Task<SeriesDto> SeriesAsync(string province, string indicator, string? geography) =>
        Answer(await series.SeriesAsync(province, indicator, geography: geography, withQuality: true));

    public async Task<ForecastDto> ForecastAsync(string province, string indicator, int? year, string? geography) =>
        Answer(await forecasts.ForecastAsync(province, indicator, year, geography));

    public async Task<ProvinceDetailDto> ProvinceAsync(string province, string? geography) =>
        Answer(await catalogQueries.ProvinceAsync(province, geography: geography));

    public async Task<IReadOnlyList<ProvinceDto>> ProvincesAsync(string? geography) =>
        Answer(await catalogQueries.ProvincesAsync(geography: geography));

    public async Task<AttainmentDto> AttainmentAsync(int? year, string? region, string? geography, CancellationToken ct, string? source = null) =>
        Answer(await attainment.AttainmentAsync(year, null, region, ct, geography, source));

    public async Task<ProfileDto> ProfileAsync(string province, string? geography, int? targetYear) =>
        Answer(await profiles.ProfileAsync(province, geography, targetYear));

    public async Task<ReviewDto> ReviewAsync(int year, string? geography, string? source, CancellationToken ct) =>
        Answer(await planning.ReviewAsync(year, geography, source, ct));

    /// <summary>
    /// An uploaded CSV through the same ingest service (validation and audit) as <c>POST /api/observations</c> with
    /// text/csv. The form carries the key in a password field; it must be a writer's, as for the API.
    /// </summary>
    public async Task<UploadOutcome> IngestCsvAsync(Stream csv, string? key, HttpContext http, CancellationToken ct)
    {
        var (writer, refusal, wrongRole) = await keys.AuthorizeAsync(key, KeyRole.Writer);
        if (writer is null)
            return new UploadOutcome(null, new QueryProblem(wrongRole ? ProblemKind.Forbidden : ProblemKind.Unauthorized, Bilingual.T($"Không có gì được ghi: {refusal}.", $"Nothing was applied: {refusal}.")));
        var result = await ingest.IngestAsync(csv, "text/csv", Actors.Of(http, writer), ct);
        return new UploadOutcome(result.Problem is null ? result.Value : null, result.Problem);
    }

    /// <summary>
    /// A steward's mark from the quality page (confirmed with a reason, or open again), through the same query, checks and
    /// audit entry as <c>POST /api/quality/marks</c>; the page has checked the steward's right as the endpoint's policy does.
    /// </summary>
    public Task<QueryResult<QualityMarkResult>> MarkAsync(QualityMarkRequest request, Analytics.Audit.AuditActor steward) =>
        quality.MarkAsync(request, steward);

    private static T Answer<T>(QueryResult<T> result) =>
        result.Problem is { } problem ? throw new PageQueryException(problem) : result.Value!;
}
