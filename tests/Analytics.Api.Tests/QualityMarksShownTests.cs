using System.Net;
using System.Net.Http.Json;
using System.Text;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;
using MiniExcelLibs;

namespace Analytics.Api.Tests;

/// <summary>
/// A flagged figure carries its quality mark, and a qualified figure its qualifier, wherever it is shown
/// (docs/quality.md, "Where flags are shown"): the series page and download, the province profile and its download,
/// the rankings map's tooltips and the indicator report in HTML and XLSX. The flag expected is the one the ranking API
/// puts on the figure.
/// </summary>
public sealed class QualityMarksShownTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Admin => _cluster.Http;

    /// <summary>
    /// A fresh count indicator: Hà Nội 100, 105, … a year 2010–2019 with its latest figure, 2019, sent ×1,000; Bình Thuận
    /// plain; TP Hồ Chí Minh plain, its 2019 figure given as "more than 290".
    /// </summary>
    private async Task<string> SendAsync()
    {
        var code = "marks-" + Guid.NewGuid().ToString("n")[..8];
        using (var defined = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
                   new[] { new IndicatorDto(code, "Số trạm thử", "Test stations", "stations", Direction.HigherIsBetter, 0, null, Aggregation.Sum, "tests") },
                   EmbeddedCluster.Json))
            Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        var csv = new StringBuilder("province,indicator,year,kind,value,unit,source,quote,qualifier\n");
        for (var year = 2010; year <= 2019; year++)
        {
            var value = 100 + 5 * (year - 2010);
            csv.Append($"01,{code},{year},actual,{(year == 2019 ? value * 1000 : value)},stations,s,q,\n");
            csv.Append($"60,{code},{year},actual,{value / 2},stations,s,q,\n");
            csv.Append($"79,{code},{year},actual,{value * 2},stations,s,q,{(year == 2019 ? ">" : "")}\n");
        }
        using var sent = await Admin.PostAsync("/api/observations?lang=en", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>Hà Nội's 2019 figure's flag as the ranking API has it (English), and TP Hồ Chí Minh's qualified row.</summary>
    private async Task<(FigureQualityDto Flag, RankingRowDto Qualified)> RankedAsync(string code)
    {
        var ranking = await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2019&geography=vn-63&lang=en");
        var flag = ranking.Rows.Single(r => r.Province == "01").Quality;
        Assert.NotNull(flag);
        Assert.Equal("open", flag.State);
        var qualified = ranking.Rows.Single(r => r.Province == "79");
        Assert.Equal((">", null), (qualified.Qualifier, qualified.Quality));
        return (flag, qualified);
    }

    /// <summary>A page as a reader reads it: the HTML with its character references decoded.</summary>
    private async Task<string> PageAsync(string path) => WebUtility.HtmlDecode(await _cluster.GetTextAsync(path));

    private async Task<List<IDictionary<string, object?>>> SheetAsync(string path, string? sheet = null)
    {
        using var response = await Admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return [.. workbook.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>()];
    }

    /// <summary>The markup of one element from where <paramref name="start"/> opens it to the first <paramref name="end"/> after.</summary>
    private static string Slice(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not on the page");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..(to < 0 ? html.Length : to + end.Length)];
    }

    [Fact]
    public async Task The_series_page_and_its_download_carry_the_flag_and_the_qualifier_of_each_point()
    {
        var code = await SendAsync();
        var (flag, _) = await RankedAsync(code);

        // The point names the ranking's flag first: a report marking the figure from either footnotes it once.
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63&lang=en");
        Assert.Equal(flag, series.Observations.Single(p => p.Year == 2019).Quality![0]);

        var page = await PageAsync($"/series/01/{code}?geography=vn-63&lang=en");
        var row = Slice(page, "<th scope=\"row\" class=\"num\">2019", "</tr>");
        Assert.Contains($"data-rule=\"{flag.Rule}\"", row, StringComparison.Ordinal);
        Assert.Contains($"(open): {flag.Reason}", row, StringComparison.Ordinal);

        var figures = await SheetAsync($"/export/series/01/{code}?geography=vn-63&lang=en&format=xlsx");
        var flagged = figures.Single(r => Convert.ToInt32(r["Year"], System.Globalization.CultureInfo.InvariantCulture) == 2019);
        var cell = Assert.IsType<string>(flagged["Quality"]);
        Assert.StartsWith("⚑ ", cell, StringComparison.Ordinal);
        Assert.Contains($"(open): {flag.Reason}", cell, StringComparison.Ordinal);
        Assert.All(figures.Where(r => r != flagged), r => Assert.Null(r["Quality"]));

        var other = await SheetAsync($"/export/series/79/{code}?geography=vn-63&lang=en&format=xlsx");
        Assert.Equal(">", other.Single(r => Convert.ToInt32(r["Year"], System.Globalization.CultureInfo.InvariantCulture) == 2019)["Bound or approximation"]);
        Assert.Contains("> 290", Slice(await PageAsync($"/series/79/{code}?geography=vn-63&lang=en"), "<th scope=\"row\" class=\"num\">2019", "</tr>"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_marks_the_units_flagged_latest_figure_on_the_page_and_in_its_download()
    {
        var code = await SendAsync();
        var (flag, _) = await RankedAsync(code);

        var profile = await _cluster.GetAsync<ProfileDto>($"/api/provinces/01/profile?geography=vn-63&lang=en");
        Assert.Equal(flag, profile.Rows.Single(r => r.Indicator == code).Quality);

        var row = Slice(await PageAsync($"/provinces/01?geography=vn-63&lang=en"), $"<tr data-indicator=\"{code}\"", "</tr>");
        Assert.Contains($"class=\"quality quality-{flag.Severity}\"", row, StringComparison.Ordinal);
        Assert.Contains($"(open): {flag.Reason}", row, StringComparison.Ordinal);

        var sheet = await SheetAsync("/export/provinces/01?geography=vn-63&lang=en&format=xlsx");
        var cell = Assert.IsType<string>(sheet.Single(r => (string?)r["Indicator code"] == code)["Quality"]);
        Assert.Contains($"(open): {flag.Reason}", cell, StringComparison.Ordinal);

        var other = await SheetAsync("/export/provinces/79?geography=vn-63&lang=en&format=xlsx");
        var qualified = other.Single(r => (string?)r["Indicator code"] == code);
        Assert.Equal((">", null), (qualified["Bound or approximation"], qualified["Quality"]));
    }

    [Fact]
    public async Task The_rankings_map_says_a_figure_is_flagged_and_shows_a_qualifier_in_its_tooltip()
    {
        var code = await SendAsync();
        var (flag, _) = await RankedAsync(code);

        var page = await PageAsync($"/rankings/{code}?year=2019&geography=vn-63&lang=en");
        var hanoi = Slice(page, "<path class=\"unit\" data-code=\"01\"", "</path>");
        Assert.Contains($"data-quality=\"{flag.Severity}\"", hanoi, StringComparison.Ordinal);
        Assert.Contains($"(open): {flag.Reason}</title>", hanoi, StringComparison.Ordinal);
        var hcmc = Slice(page, "<path class=\"unit\" data-code=\"79\"", "</path>");
        Assert.Contains(": > 290", hcmc, StringComparison.Ordinal);
        Assert.DoesNotContain("data-quality", hcmc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_indicator_report_footnotes_a_flagged_figure_and_shows_a_qualified_one_with_its_qualifier_in_html_and_xlsx()
    {
        var code = await SendAsync();
        var (flag, _) = await RankedAsync(code);
        var query = $"/api/reports/indicator/{code}?year=2020&geography=vn-63&lang=en";

        var html = WebUtility.HtmlDecode(await _cluster.GetTextAsync(query));
        var ranking = Slice(html, "<section class=\"ranking\">", "</section>");
        Assert.Contains(" ⚑1</td>", ranking, StringComparison.Ordinal);
        Assert.Contains("> 290", ranking, StringComparison.Ordinal);
        var note = Slice(html, $"<li data-rule=\"{flag.Rule}\" data-state=\"open\">", "</li>");
        Assert.Contains(", 2019: ⚑ ", note, StringComparison.Ordinal);
        Assert.Contains($"(open): {flag.Reason}", note, StringComparison.Ordinal);
        Assert.Contains(": > 290", Slice(html, "<path class=\"unit\" data-code=\"79\"", "</path>"), StringComparison.Ordinal);

        var sheet = await SheetAsync(query.Replace("lang=en", "lang=en&format=xlsx", StringComparison.Ordinal), "Ranking");
        var hanoi = sheet.Single(r => (string?)r["Code"] == "01");
        Assert.Contains($"(open): {flag.Reason}", Assert.IsType<string>(hanoi["Quality"]), StringComparison.Ordinal);
        var hcmc = sheet.Single(r => (string?)r["Code"] == "79");
        Assert.Equal((">", null), (hcmc["Bound or approximation"], hcmc["Quality"]));
    }
}
