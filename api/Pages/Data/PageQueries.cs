using Analytics.Api.Endpoints;
using Analytics.Api.Queries;
using Analytics.Domain;
using Analytics.Forecasting;
using Analytics.Formats;
using Analytics.Indicators;
using Analytics.Ingest;
using Analytics.Provinces;
using Analytics.Series;

namespace Analytics.Api.Pages.Data;

/// <summary>A question the pages cannot answer: the status and wording the JSON API would give for it.</summary>
public sealed class PageQueryException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
}

/// <summary>What an upload did: either the rejected rows exactly as the API reports them, or the counts.</summary>
public sealed record UploadOutcome(
    int Received, ObservationsEndpoints.IngestResult? Applied, IReadOnlyList<RowError> Errors, string? Problem)
{
    public bool Accepted => Applied is not null;
}

/// <summary>
/// The questions the pages ask, answered by the API's query layer. INTERIM: until api/Queries holds the ranking,
/// series, forecast and ingest queries (issue #10), this mirrors the endpoints' code; at the merge each method
/// becomes a call to the shared query class, so a page and the JSON endpoint give the same answer.
/// </summary>
public sealed class PageQueries(CatalogCache catalog, RankingCache rankings, IGrainFactory grains, ObservationIngestor ingestor)
{
    public Task<CatalogView> CatalogAsync() => catalog.GetForReadAsync();

    public async Task<RankingsEndpoints.RankingDto> RankingAsync(string indicator, int? year, ObservationKind kind, string? region)
    {
        var view = await catalog.GetForReadAsync();
        if (!view.Indicators.TryGet(indicator, out var d))
            throw new PageQueryException(404, $"No indicator '{indicator}'. GET /api/indicators lists them.");
        if (region is not null && !view.Regions.Contains(region, StringComparer.OrdinalIgnoreCase))
            throw new PageQueryException(400, $"Unknown region '{region}'. Regions: {string.Join("; ", view.Regions)}.");
        region = region is null ? null : view.Regions.First(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase));
        var key = new RankingCache.RankingKey(d.Code, view.Snapshot.Version, year, kind, region, null);
        return await rankings.GetOrFetchAsync(key, async () =>
        {
            var candidates = view.Snapshot.Provinces.Where(p => region is null || p.Region == region).ToList();
            var grain = grains.GetGrain<IIndicatorGrain>(d.Code);
            var ranking = await grain.RankAsync(new RankingQuery(year, kind, [.. candidates.Where(p => ExistedIn(p, year)).Select(p => p.Code)], null));
            if (year is null)
            {
                var existing = candidates.Where(p => ExistedIn(p, ranking.Year)).Select(p => p.Code).ToList();
                if (existing.Count != candidates.Count)
                    ranking = await grain.RankAsync(new RankingQuery(ranking.Year, kind, existing, null));
            }
            var byCode = view.ProvincesByCode;
            var rows = ranking.Rows.Select(r => new RankingsEndpoints.RankingRowDto(
                r.Rank, r.Province, byCode[r.Province].NameVi, byCode[r.Province].Region, r.Value, r.PreviousRank, r.RankChange)).ToList();
            var ranked = rows.Count(r => r.Rank is not null);
            return new RankingsEndpoints.RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, ranking.Year, kind, region, ranked, rows.Count - ranked, rows);
        });
    }

    public async Task<SeriesSnapshot> SeriesAsync(string province, string indicator) =>
        await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province, indicator)).GetAsync();

    public async Task<ForecastResult> ForecastAsync(string province, string indicator, int year) =>
        await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province, indicator)).GetForecastAsync(year);

    public async Task<IReadOnlyList<string>> ProvinceIndicatorsAsync(string province) =>
        (await grains.GetGrain<IProvinceGrain>(province).GetAsync()).Indicators;

    public Task<AttainmentTable> AttainmentAsync(int year, IReadOnlySet<string>? provinces, CancellationToken ct) =>
        new AttainmentReport(grains).BuildAsync(year, null, provinces, ct);

    public async Task<UploadOutcome> IngestCsvAsync(Stream csv, CancellationToken ct)
    {
        IReadOnlyList<ObservationInput> rows;
        try
        {
            rows = ObservationCsv.Read(csv, "upload");
        }
        catch (DataFormatException ex)
        {
            return new UploadOutcome(0, null, [], $"Malformed CSV: {ex.Message}");
        }
        if (rows.Count > IngestLimits.MaxRows)
            return new UploadOutcome(rows.Count, null, [], $"{rows.Count} rows is more than the limit of {IngestLimits.MaxRows} per batch. Split it into several batches.");
        var view = await catalog.GetAsync();
        var batch = ObservationValidator.Validate(rows, view.Provinces, view.Indicators);
        if (!batch.IsValid) return new UploadOutcome(rows.Count, null, batch.Errors, null);
        try
        {
            var counts = await ingestor.ApplyAsync(batch.Observations, ct);
            return new UploadOutcome(rows.Count, new ObservationsEndpoints.IngestResult(rows.Count, counts.Inserted, counts.Unchanged, counts.Revised), [], null);
        }
        finally
        {
            rankings.Invalidate(batch.Observations.Select(o => o.Indicator).Distinct());
        }
    }

    private static bool ExistedIn(Province p, int? year) =>
        year is null || ((p.ValidFrom is null || p.ValidFrom.Value.Year <= year) && (p.ValidTo is null || p.ValidTo.Value.Year >= year));
}
