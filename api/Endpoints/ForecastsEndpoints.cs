using Analytics.Api.Queries;
using Analytics.Api.Security;
using Analytics.Audit;
using Analytics.Contracts;
using Analytics.Domain;

namespace Analytics.Api.Endpoints;

public static class ForecastsEndpoints
{
    public static void MapForecasts(this RouteGroupBuilder api)
    {
        api.MapGet("/forecasts/{province}/{indicator}", GetForecast).WithName("GetForecast").WithTags("Forecasts")
            .RecordsDuration(m => m.ForecastDuration, "series")
            .WithSummary("Projection of one series for a year (default 2025) with 80% and 95% intervals, the method and model version, and attainment of the target set for that year. geography=vn-63 or vn-34 as for series; a unit of the 34 formed by a merger is projected from its carried history and target.");

        api.MapGet("/forecasts/{province}/{indicator}/history", GetForecastHistory).WithName("GetForecastHistory").WithTags("Forecasts")
            .WithSummary("The forecasts the series issued (at least the latest per model version, up to 12 per target year), oldest first; ?year= for one target year. The track record of the reports compares them with the actuals.");

        api.MapGet("/review/{year:int}", GetReview).WithName("GetReview").WithTags("Forecasts")
            .WithSummary("A target year looked back on: for every target of the year (source=unit, the default: the units' own, in vn-34 the members' grouped under their unit; source=national: the national targets, for every unit with figures), the last actual before the year, the forecast made before it (issued before 1 January, else back-dated: the same model on the years before) and the outcome: met, missed or not-reported.");
        api.MapGet("/attainment", GetAttainment).WithName("GetAttainment").WithTags("Forecasts")
            .RecordsDuration(m => m.ForecastDuration, "attainment")
            .WithSummary("Every unit with a target for the year (default 2025), optionally of one indicator or region, with its projection and attainment status, and counts by status. geography=vn-63 or vn-34 (default: the geography in force at the end of the year, so vn-34 for 2025, with targets and history carried from the members where a unit reported none). source=unit (default: the units' own targets; in vn-34 the members' targets grouped under their unit) or national (the national targets of the year, each with its decision and quote, applied to every unit with figures).");

        var models = api.MapGroup("/models").WithTags("Forecasts");
        models.MapGet("/current", GetModel).WithName("GetModel")
            .WithSummary("The forecasting model in use: version, training time, series used.");
        models.MapPost("/retrain", Retrain).WithName("Retrain")
            .WithSummary("Retrains the global model now and answers when it serves forecasts; forecasts keep being answered by the previous model meanwhile.")
            .RequireAuthorization(AccessPolicies.Admin);
    }

    public static async Task<Results<Ok<ForecastDto>, ProblemHttpResult>> GetForecast(
        string province, string indicator, int? year, string? geography, ForecastQueries forecasts) =>
        (await forecasts.ForecastAsync(province, indicator, year, geography)).ToHttp();

    public static async Task<Results<Ok<IReadOnlyList<IssuedForecastDto>>, ProblemHttpResult>> GetForecastHistory(
        string province, string indicator, int? year, ForecastQueries forecasts) =>
        (await forecasts.HistoryAsync(province, indicator, year)).ToHttp();

    public static async Task<Results<Ok<AttainmentDto>, ProblemHttpResult>> GetAttainment(
        int? year, string? indicator, string? region, string? geography, string? source, AttainmentQueries attainment, CancellationToken ct) =>
        (await attainment.AttainmentAsync(year, indicator, region, ct, geography, source)).ToHttp();

    public static async Task<Ok<ModelInfoDto>> GetModel(ForecastQueries forecasts) => TypedResults.Ok(await forecasts.ModelAsync());

    public static async Task<Ok<ModelInfoDto>> Retrain(ForecastQueries forecasts, AuditTrail audit, HttpContext http)
    {
        await audit.RecordAsync(AuditTrail.Entry(AuditAction.ModelRetrain, Actors.Of(http), audit.Now));
        return TypedResults.Ok(await forecasts.RetrainAsync());
    }

    public static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> GetReview(
        int year, string? geography, string? source, PlanningQueries planning, CancellationToken ct) =>
        (await planning.ReviewAsync(year, geography, source, ct)).ToHttp();
}
