using Analytics.Domain;
using Analytics.Api.Pages.Data;
using Analytics.Api.Queries;
using Analytics.Presentation.Export;

namespace Analytics.Api.Pages;

/// <summary>
/// Every page table as a download: <c>/export/{page route}?{page query}&amp;format=csv|xlsx</c>. The rows are built
/// by the same <see cref="PageViews"/> call as the page, so a download holds what the table on screen holds.
/// </summary>
public static class ExportEndpoints
{
    public static void MapExports(this WebApplication app)
    {
        var export = app.MapGroup("/export").ExcludeFromDescription();
        export.MapGet("/rankings/{indicator}", async (HttpContext http, PageViews views, string indicator, int? year, string? kind, string? region, string? geography, string? quality, string? format) =>
            await Download(http, format, $"ranking-{indicator}", async r =>
            {
                var m = await views.RankingsAsync(indicator, year, kind, region, geography, quality);
                return PageTables.RankingsTable(m, r);
            }));
        export.MapGet("/provinces/{code}", async (HttpContext http, PageViews views, string code, string? geography, string? format) =>
            await Download(http, format, $"province-{code}", async r => PageTables.ProfileTable(await views.ProfileAsync(code, geography), r)));
        export.MapGet("/series/{province}/{indicator}", async (HttpContext http, PageViews views, string province, string indicator, int? target, string? geography, string? format) =>
            await Download(http, format, $"series-{province}-{indicator}", async r => PageTables.SeriesTable(await views.SeriesAsync(province, indicator, target, geography), r)));
        export.MapGet("/attainment", async (HttpContext http, PageViews views, int? year, string? region, string? geography, string? table, string? format, CancellationToken ct) =>
            table is null or "attention" or "counts"
                ? await Download(http, format, $"attainment-{table ?? "attention"}-{year ?? PageViews.DefaultTargetYear}", async r =>
                {
                    var m = await views.AttainmentAsync(year, region, geography, ct);
                    return table == "counts" ? PageTables.AttainmentCountsTable(m, r) : PageTables.AttainmentTable(m, r);
                })
                : Problems.From(new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                    $"Không có bảng '{InputLimits.Echo(table)}': dùng table=counts hoặc table=attention.",
                    $"Unknown table '{InputLimits.Echo(table)}': use table=counts or table=attention."))));
    }

    private static async Task<IResult> Download(HttpContext http, string? format, string name, Func<Reader, Task<ExportTable>> table)
    {
        if (format is not ("csv" or "xlsx"))
            return Problems.From(new QueryProblem(ProblemKind.Invalid, Bilingual.T(
                $"Không có định dạng '{InputLimits.Echo(format)}': dùng format=csv hoặc format=xlsx.",
                $"Unknown format '{InputLimits.Echo(format)}': use format=csv or format=xlsx.")));
        ExportTable rows;
        try
        {
            rows = await table(Reader.From(http));
        }
        catch (PageQueryException ex)
        {
            return Problems.From(ex.Problem);
        }
        return format == "csv"
            ? TypedResults.File(CsvExport.ToBytes(rows), "text/csv; charset=utf-8", name + ".csv")
            : TypedResults.File(XlsxExport.ToBytes(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }
}
