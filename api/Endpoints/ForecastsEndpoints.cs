using Analytics.Domain;
using Analytics.Api.Queries;
using Analytics.Forecasting;
using Analytics.Hosting;
using Analytics.Series;

namespace Analytics.Api.Endpoints;

public static class ForecastsEndpoints
{
    public sealed record AttainmentRowDto(
        string Province, string ProvinceName, string Region, string Indicator, string Status, ForecastResult Forecast);

    public sealed record AttainmentDto(
        int Year, string? Indicator, string? Region, string? ModelVersion, int Series,
        IReadOnlyDictionary<string, int> Counts, IReadOnlyList<AttainmentRowDto> Rows);

    public static void MapForecasts(this RouteGroupBuilder api)
    {
        api.MapGet("/forecasts/{province}/{indicator}", async Task<Results<Ok<ForecastResult>, ProblemHttpResult>> (
            string province, string indicator, int? year, CatalogCache catalog, IGrainFactory grains) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var view = await catalog.GetForReadAsync();
                if (!view.Provinces.TryResolve(province, out var p))
                    return Problems.NotFound($"No province matches '{province}'.");
                if (!view.Indicators.TryGet(indicator, out var d))
                    return Problems.NotFound($"No indicator '{indicator}'. GET /api/indicators lists them.");
                var target = year ?? 2025;
                if (target is < 1990 or > 2100) return Problems.BadRequest($"Year {target} is outside 1990..2100.");
                return TypedResults.Ok(await grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(p.Code, d.Code)).GetForecastAsync(target));
            }
            finally
            {
                AnalyticsMetrics.ForecastDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("scope", "series"));
            }
        })
        .WithTags("Forecasts")
        .WithSummary("Projection of one series for a year (default 2025) with 80% and 95% intervals, the method and model version, and attainment of the target set for that year.");

        api.MapGet("/attainment", async Task<Results<Ok<AttainmentDto>, ProblemHttpResult>> (
            int? year, string? indicator, string? region, CatalogCache catalog, IGrainFactory grains, CancellationToken ct) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var view = await catalog.GetForReadAsync();
                var target = year ?? 2025;
                if (target is < 1990 or > 2100) return Problems.BadRequest($"Year {target} is outside 1990..2100.");
                if (indicator is not null && !view.Indicators.TryGet(indicator, out _))
                    return Problems.NotFound($"No indicator '{indicator}'. GET /api/indicators lists them.");
                if (region is not null && !view.Regions.Contains(region, StringComparer.OrdinalIgnoreCase))
                    return Problems.BadRequest($"Unknown region '{region}'. Regions: {string.Join("; ", view.Regions)}.");
                var inRegion = region is null ? null : view.Snapshot.Provinces
                    .Where(p => string.Equals(p.Region, region, StringComparison.OrdinalIgnoreCase)).Select(p => p.Code).ToHashSet();

                var table = await new AttainmentReport(grains).BuildAsync(target, indicator, inRegion, ct);
                var byCode = view.ProvincesByCode;
                var model = await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync();
                return TypedResults.Ok(new AttainmentDto(target, indicator, region, model.Version, table.Rows.Count, table.Counts,
                    [.. table.Rows.Select(r => new AttainmentRowDto(r.Province, byCode[r.Province].NameVi, byCode[r.Province].Region,
                        r.Indicator, r.StatusCode, r.Forecast))]));
            }
            finally
            {
                AnalyticsMetrics.ForecastDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("scope", "attainment"));
            }
        })
        .WithTags("Forecasts")
        .WithSummary("Every series with a target for the year (default 2025), optionally of one indicator or region, with its projection and attainment status, and counts by status.");

        var models = api.MapGroup("/models").WithTags("Forecasts");
        models.MapGet("/current", async (IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).GetInfoAsync()))
            .WithSummary("The forecasting model in use: version, training time, series used.");
        models.MapPost("/retrain", async (IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key).RetrainAsync()))
            .WithSummary("Retrains the global model now and answers when it serves forecasts; forecasts keep being answered by the previous model meanwhile.");
    }
}
