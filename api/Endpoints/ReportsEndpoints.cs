using Analytics.Api.Queries;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;
using Analytics.Presentation.Pdf;
using Analytics.Presentation.Reports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Analytics.Api.Endpoints;

/// <summary>
/// The planning reports over HTTP: one model from <see cref="ReportQueries"/>, rendered as a print-ready web page,
/// a PDF, an Excel workbook, or the model itself as JSON.
/// </summary>
public static class ReportsEndpoints
{
    private static readonly string[] Formats = ["html", "pdf", "xlsx", "json"];

    /// <summary>The query string every report accepts.</summary>
    public sealed record ReportOptions(int? Year, string? Geography, string? Lang, string? Format);

    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        var maps = configuration["Analytics:MapsDir"] ?? Path.Combine(AppContext.BaseDirectory, "data", "maps");
        services.TryAddSingleton(_ => new ChoroplethMap(maps));
        services.TryAddSingleton(_ => new ChromiumPdfPrinter(configuration["CHROMIUM_PATH"]));
        services.TryAddSingleton(sp => new ReportHtml(sp.GetRequiredService<ChoroplethMap>()));
        services.TryAddSingleton(sp => new ReportPdf(sp.GetRequiredService<ReportHtml>(), sp.GetRequiredService<ChromiumPdfPrinter>()));
        services.TryAddSingleton<ReportQueries>();
        return services;
    }

    public static void MapReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");

        reports.MapGet("/province/{code}", ProvinceReportAsync)
            .WithName("ProvinceReport")
            .WithSummary("One unit against its targets for a year (default 2025): cover with data date, model version and back-test skill; statuses; per indicator the projection with 80%/95% intervals, probability, needed vs observed change, spread of other methods and a fan chart; ranks; track record; sources; methodology. format=html (default), pdf, xlsx or json; lang=vi (default) or en; geography=vn-63 or vn-34 (default: the unit's geography in that year; a code meaning a unit in each must say which).");

        reports.MapGet("/indicator/{code}", IndicatorReportAsync)
            .WithName("IndicatorReport")
            .WithSummary("One indicator over every unit of a geography: ranking, map, every unit's projection and status by probability of meeting the target, track record and methodology. Same options as the province report.");
    }

    private static async Task<IResult> ProvinceReportAsync(string code, [AsParameters] ReportOptions options,
        ReportQueries queries, ReportHtml html, ReportPdf pdf, CancellationToken cancellationToken)
    {
        if (Check(options) is { } problem) return problem;
        var (year, geography, locale, format) = Read(options);
        var answer = await queries.ProvinceAsync(code, year, geography, locale.Language, cancellationToken);
        if (answer.Problem is not null) return Problems.From(answer.Problem);
        var report = answer.Value!;
        var name = $"report-{report.Unit.Code}-{year}-{locale.Code}";
        return format switch
        {
            "json" => TypedResults.Ok(report),
            "xlsx" => TypedResults.File(ReportWorkbook.Render(report, locale), ReportWorkbook.ContentType, name + ".xlsx"),
            "pdf" => await PdfAsync(() => pdf.RenderAsync(report, locale, cancellationToken), name),
            _ => TypedResults.Content(html.Render(report, locale), ReportHtml.ContentType),
        };
    }

    private static async Task<IResult> IndicatorReportAsync(string code, [AsParameters] ReportOptions options,
        ReportQueries queries, ReportHtml html, ReportPdf pdf, CancellationToken cancellationToken)
    {
        if (Check(options) is { } problem) return problem;
        var (year, geography, locale, format) = Read(options);
        var answer = await queries.IndicatorAsync(code, year, geography, locale.Language, cancellationToken);
        if (answer.Problem is not null) return Problems.From(answer.Problem);
        var report = answer.Value!;
        var name = $"report-{report.Indicator.Code}-{report.Cover.Geography.Code}-{year}-{locale.Code}";
        return format switch
        {
            "json" => TypedResults.Ok(report),
            "xlsx" => TypedResults.File(ReportWorkbook.Render(report, locale), ReportWorkbook.ContentType, name + ".xlsx"),
            "pdf" => await PdfAsync(() => pdf.RenderAsync(report, locale, cancellationToken), name),
            _ => TypedResults.Content(html.Render(report, locale), ReportHtml.ContentType),
        };
    }

    private static async Task<IResult> PdfAsync(Func<Task<byte[]>> print, string name)
    {
        try
        {
            return TypedResults.File(await print(), ReportPdf.ContentType, name + ".pdf");
        }
        catch (PdfPrintException e)
        {
            // The report is fine; the printer is not: the other formats still work.
            return TypedResults.Problem(detail: e.Message + Bilingual.T(" Định dạng html và xlsx không cần Chromium.", " The html and xlsx formats do not need Chromium."),
                statusCode: StatusCodes.Status503ServiceUnavailable, title: Bilingual.T("Không in được PDF", "PDF printing is unavailable"));
        }
    }

    /// <summary>Every bad option named at once; null when all are good.</summary>
    private static ProblemHttpResult? Check(ReportOptions o)
    {
        var problems = new List<string>();
        if (o.Year is { } year && !Years.Accepts(year)) problems.Add(Bilingual.T($"năm {year} nằm ngoài {Years.Range}", $"year {year} is outside {Years.Range}"));
        if (!string.IsNullOrWhiteSpace(o.Geography) && !Geography.TryParse(o.Geography, out _))
            problems.Add(Bilingual.T($"không có địa giới '{InputLimits.Echo(o.Geography)}': dùng vn-63 hoặc vn-34", $"unknown geography '{InputLimits.Echo(o.Geography)}': use vn-63 or vn-34"));
        // The language itself is in doubt: said in both.
        if (o.Lang is { Length: > 0 } lang && !(lang.StartsWith("vi", StringComparison.OrdinalIgnoreCase) || lang.StartsWith("en", StringComparison.OrdinalIgnoreCase)))
            problems.Add($"unknown lang '{InputLimits.Echo(lang)}': use vi or en / không có ngôn ngữ '{InputLimits.Echo(lang)}': dùng vi hoặc en");
        if (o.Format is { Length: > 0 } format && !Formats.Contains(format.ToLowerInvariant()))
            problems.Add(Bilingual.T($"không có định dạng '{InputLimits.Echo(format)}': dùng {string.Join(", ", Formats)}", $"unknown format '{InputLimits.Echo(format)}': use {string.Join(", ", Formats)}"));
        return problems.Count == 0 ? null : Problems.From(new QueryProblem(ProblemKind.Invalid, string.Join("; ", problems) + "."));
    }

    private static (int Year, Geography? Geography, ReaderLocale Locale, string Format) Read(ReportOptions o)
    {
        Geography? geography = Geography.TryParse(o.Geography, out var named) ? named : null;
        return (o.Year ?? Years.DefaultTarget, geography, ReaderLocale.Parse(o.Lang), (o.Format ?? "html").ToLowerInvariant());
    }
}
