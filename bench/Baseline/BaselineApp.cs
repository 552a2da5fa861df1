using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Npgsql;

namespace Analytics.Baseline;

/// <summary>Where the baseline's database, data and port are: BASELINE_PG (or ANALYTICS_PG), BASELINE_DATA, BASELINE_PORT.</summary>
public sealed record BaselineSettings(string ConnectionString, string DataDirectory, string Url)
{
    public static BaselineSettings FromEnvironment()
    {
        var pg = Environment.GetEnvironmentVariable("BASELINE_PG") ?? Environment.GetEnvironmentVariable("ANALYTICS_PG")
            ?? throw new InvalidOperationException("Set BASELINE_PG (or ANALYTICS_PG) to an Npgsql connection string.");
        var port = Environment.GetEnvironmentVariable("BASELINE_PORT") ?? "5090";
        return new BaselineSettings(pg, Environment.GetEnvironmentVariable("BASELINE_DATA") ?? FindData(), $"http://127.0.0.1:{port}");
    }

    /// <summary>The repository's data/ above the binaries.</summary>
    public static string FindData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "data", "provinces.csv"))) return Path.Combine(dir.FullName, "data");
        throw new InvalidOperationException("No data/provinces.csv above the binaries; set BASELINE_DATA.");
    }
}

public static class BaselineApp
{
    /// <summary>Applies the schema, loads the catalog bundle and maps the endpoints; the caller starts the app.</summary>
    public static async Task<WebApplication> CreateAsync(BaselineSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(settings.Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        // Prepared statements after the first few uses: what a tuned Npgsql application runs with.
        var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 };
        var db = NpgsqlDataSource.Create(connection.ConnectionString);
        builder.Services.AddSingleton(db);
        builder.Services.AddSingleton<Catalog>();
        builder.Services.AddSingleton<ObservationStore>();
        var app = builder.Build();

        await Schema.ApplyAsync(db);
        var catalog = app.Services.GetRequiredService<Catalog>();
        await catalog.LoadBundleAsync(settings.DataDirectory);

        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        var api = app.MapGroup("/api");
        api.MapGet("/provinces", (Catalog c) => TypedResults.Ok(c.Current.Provinces));
        api.MapGet("/indicators", (Catalog c) => TypedResults.Ok(c.Current.Indicators.Values.OrderBy(d => d.Code, StringComparer.Ordinal).ToList()));
        api.MapPost("/indicators", DefineAsync);
        api.MapPost("/observations", IngestAsync);
        api.MapGet("/rankings/{indicator}", RankAsync);
        api.MapGet("/series/{province}/{indicator}", SeriesAsync);
        return app;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail: detail, statusCode: 400, title: "Bad request");

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail: detail, statusCode: 404, title: "Not found");

    private static async Task<Results<Ok<DefineResult>, ProblemHttpResult>> DefineAsync(IndicatorDto[] definitions, Catalog catalog)
    {
        var bad = definitions.Select((d, i) => (d, i)).Where(x => string.IsNullOrWhiteSpace(x.d.Code) || x.d.Min > x.d.Max)
            .Select(x => $"definition {x.i + 1}: {(string.IsNullOrWhiteSpace(x.d.Code) ? "code is missing" : "min is above max")}").ToList();
        if (bad.Count > 0) return BadRequest(string.Join("; ", bad));
        return TypedResults.Ok(new DefineResult(definitions.Length, await catalog.UpsertIndicatorsAsync(definitions)));
    }

    private static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> IngestAsync(HttpRequest request, Catalog catalog, ObservationStore store)
    {
        List<(int, Dictionary<string, string?>)> input;
        try
        {
            switch (request.ContentType?.Split(';')[0].Trim().ToLowerInvariant())
            {
                case "text/csv":
                    using (var reader = new StreamReader(request.Body)) input = ObservationBatch.ReadCsv(await reader.ReadToEndAsync());
                    break;
                case "application/json":
                    try
                    {
                        using var document = await JsonDocument.ParseAsync(request.Body);
                        input = ObservationBatch.ReadJson(document);
                    }
                    catch (JsonException ex) { return BadRequest($"Malformed JSON: {ex.Message}"); }
                    break;
                default:
                    return TypedResults.Problem(statusCode: 415, title: "Unsupported media type",
                        detail: $"Send 'application/json' or 'text/csv', not '{request.ContentType ?? "no content type"}'.");
            }
        }
        catch (ObservationBatch.MalformedBodyException ex)
        {
            return BadRequest(ex.Message);
        }

        var (rows, errors) = ObservationBatch.Validate(input, catalog.Current);
        if (errors.Count > 0)
            return TypedResults.Problem(title: "The batch was rejected; nothing was applied", statusCode: 400,
                detail: $"{errors.Count} problem(s) in {input.Count} row(s). Fix them and send the whole batch again.",
                extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { row = e.Row, field = e.Field, reason = e.Reason }).ToList() });
        return TypedResults.Ok(rows.Count == 0 ? new IngestResult(input.Count, 0, 0, 0) : await store.UpsertAsync(rows, input.Count));
    }

    private static async Task<Results<Ok<RankingDto>, ProblemHttpResult>> RankAsync(
        string indicator, int? year, string? kind, string? region, int? top, string? by, Catalog catalog, ObservationStore store)
    {
        var view = catalog.Current;
        if (by is not null and not "value") return BadRequest($"The baseline ranks by value only, not '{by}'.");
        if (!view.Indicators.TryGetValue(indicator, out var d)) return NotFound($"No indicator '{indicator}'.");
        if (year is < 1990 or > 2100) return BadRequest($"Year {year} is outside 1990..2100.");
        if (top is < 1) return BadRequest($"top must be at least 1, not {top}.");
        var k = ObservationKind.Actual;
        if (kind is not null && (int.TryParse(kind, out _) || !Enum.TryParse(kind, ignoreCase: true, out k)))
            return BadRequest($"Unknown kind '{kind}': use actual, estimate, plan, target or baseline.");
        if (region is not null)
        {
            region = view.Regions.FirstOrDefault(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase));
            if (region is null) return BadRequest($"Unknown region. Regions: {string.Join("; ", view.Regions)}.");
        }

        // The universe: the region's provinces that existed in the year. Without a year, the latest year any of the
        // region's provinces has a figure of that kind for (as the product chooses it).
        var inRegion = view.Provinces.Where(p => region is null || p.Region == region).ToList();
        var chosen = year ?? await store.LatestYearAsync(d.Code, k, [.. inRegion.Select(p => p.Code)]) ?? 0;
        var universe = inRegion.Where(p => p.ExistedIn(chosen)).ToList();
        var ranked = await store.RankAsync(d.Code, d.Direction, chosen, k, [.. universe.Select(p => p.Code)]);

        var byCode = universe.ToDictionary(p => p.Code);
        var rows = new List<RankingRowDto>(ranked.Count);
        foreach (var (province, value, rank, previous) in ranked)
        {
            if (top is { } n && (rank is null || rank > n)) continue;
            var p = byCode[province];
            rows.Add(new RankingRowDto(rank, province, p.NameVi, p.Region, value, previous, rank is null ? null : previous - rank));
        }
        var count = rows.Count(r => r.Rank is not null);
        return TypedResults.Ok(new RankingDto(d.Code, d.NameEn, d.Unit, d.Direction, chosen, k, region, count, rows.Count - count, rows));
    }

    private static async Task<Results<Ok<SeriesDto>, ProblemHttpResult>> SeriesAsync(
        string province, string indicator, string? kind, Catalog catalog, ObservationStore store)
    {
        var view = catalog.Current;
        if (!view.ProvincesByKey.TryGetValue(province, out var p)) return NotFound($"No province matches '{province}'.");
        if (!view.Indicators.TryGetValue(indicator, out var d)) return NotFound($"No indicator '{indicator}'.");
        ObservationKind? k = null;
        if (kind is not null)
        {
            if (int.TryParse(kind, out _) || !Enum.TryParse<ObservationKind>(kind, ignoreCase: true, out var parsed))
                return BadRequest($"Unknown kind '{kind}'.");
            k = parsed;
        }
        var (points, version) = await store.SeriesAsync(p.Code, d.Code, k);
        return TypedResults.Ok(new SeriesDto(p.Code, p.NameVi, d.Code, d.NameEn, d.Unit, version, points));
    }
}
