using Analytics.Domain.Geography;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;
using Analytics.Web.Tests.Support;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Analytics.Web.Tests;

/// <summary>
/// The analyst pages in Chromium against the real embedded cluster with the bundled data. Each page is
/// checked against the JSON API's answer to the same question, and photographed into TestResults/screenshots/.
/// </summary>
public sealed class AnalystPagesTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private const string Population = "gso-average-population-total";
    private EmbeddedCluster Cluster => fixture.Cluster;

    /// <summary>Each ranking row as the page shows it: unit code, rank, and the value behind the formatted figure.</summary>
    private static async Task<List<(string Code, int Rank, double Value)>> ShownAsync(IReadOnlyList<ILocator> rows)
    {
        var shown = new List<(string Code, int Rank, double Value)>();
        foreach (var row in rows)
        {
            shown.Add((await row.GetAttributeAsync("data-code") ?? "",
                int.Parse(await row.Locator("td.rank").InnerTextAsync(), CultureInfo.InvariantCulture),
                double.Parse(await row.Locator("td.value").GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture)));
        }
        return shown;
    }

    [Fact]
    public async Task Rankings_of_a_GSO_indicator_in_2015_show_the_APIs_63_ranks_and_values_a_filled_map_a_legend_and_trend_lines()
    {
        var api = await Cluster.GetAsync<RankingDto>($"/api/rankings/{Population}?year=2015");
        var page = await fixture.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        var response = await page.GotoAsync($"/rankings/{Population}?year=2015");

        Assert.Equal(200, response!.Status);
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));
        Assert.Contains("script-src 'self'", await response.HeaderValueAsync("content-security-policy"));
        var rows = await page.Locator("#ranking tbody tr").AllAsync();
        Assert.Equal(63, rows.Count);
        var shown = await ShownAsync(rows);
        Assert.Equal(api.Rows.Where(r => r.Rank is not null).Select(r => (r.Province, r.Rank!.Value, r.Value!.Value)), shown);
        // Vietnamese figures: 8.127,9 for Hồ Chí Minh City's thousands of people.
        Assert.StartsWith("8.127,9", (await rows[0].Locator("td.value").InnerTextAsync()).Trim());

        Assert.Equal(63, await page.Locator("svg.choropleth path.unit:not([data-class='none'])").CountAsync());
        Assert.True(await page.Locator("svg.choropleth .legend .legend-swatch").CountAsync() >= 3);
        Assert.Contains("Open Development Vietnam", await page.Locator("svg.choropleth .attribution").TextContentAsync());
        var hoChiMinh = await page.Locator("svg.choropleth path[data-code='79'] title").TextContentAsync();
        Assert.Contains("Hạng 1", hoChiMinh);
        Assert.Equal(63, await page.Locator("#ranking svg.sparkline polyline.trend").CountAsync());
        Assert.Equal(63, await page.Locator("details table.chart-data tbody tr").CountAsync()); // the map as a table
        Assert.Empty(errors); // nothing the strict Content-Security-Policy had to block, no script error
        await fixture.ScreenshotAsync(page, "rankings");
    }

    [Fact]
    public async Task Rankings_in_the_34_unit_geography_show_34_ranked_rows_and_34_filled_shapes()
    {
        var api = await Cluster.GetAsync<RankingDto>($"/api/rankings/{Population}?year=2015&geography=vn-34");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/rankings/{Population}?year=2015&geography=vn-34");

        Assert.Equal(34, api.Ranked);
        var rows = await page.Locator("#ranking tbody tr").AllAsync();
        Assert.Equal(34, rows.Count);
        var shown = await ShownAsync(rows);
        Assert.Equal(api.Rows.Where(r => r.Rank is not null).Select(r => (r.Province, r.Rank!.Value, r.Value!.Value)), shown);
        Assert.Equal(34, await page.Locator("svg.choropleth path.unit:not([data-class='none'])").CountAsync());
        // Lâm Đồng of the 34 in 2015 is the sum of Lâm Đồng, Đắk Nông and Bình Thuận: marked derived, its members named.
        Assert.Equal(FigureOrigin.Derived, api.Rows.Single(r => r.Province == "68").Origin);
        var marker = page.Locator("#ranking tbody tr[data-code='68'] abbr.derived");
        Assert.Equal(1, await marker.CountAsync());
        var how = await marker.GetAttributeAsync("title") ?? "";
        Assert.Contains("Bình Thuận", how);
        Assert.Contains("Đắk Nông", how);
        Assert.Equal(api.Rows.Count(r => r.Origin == FigureOrigin.Derived && r.Rank is not null), await page.Locator("#ranking tbody abbr.derived").CountAsync());
        Assert.Contains("(", await page.Locator("label[for='region']").InnerTextAsync()); // regions of the seat: approximate
        await fixture.ScreenshotAsync(page, "rankings-34");
    }

    [Fact]
    public async Task The_63_provinces_after_the_merger_are_refused_with_the_query_s_reason()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync($"/rankings/{Population}?year=2026&geography=vn-63");

        Assert.Equal(400, response!.Status);
        Assert.Equal(0, await page.Locator("#ranking").CountAsync());
        Assert.Contains("vn-63", await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task Ties_share_a_rank_and_the_next_rank_skips_1_2_2_4()
    {
        var code = await DefineIndicatorAsync();
        await PostCsvAsync(Csv((("01", code, 2020, 90.0, "a")), ("79", code, 2020, 80.0, "b"), ("60", code, 2020, 80.0, "c"), ("48", code, 2020, 70.0, "d")));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/rankings/{code}?year=2020");

        var ranks = await page.Locator("#ranking tbody td.rank").AllInnerTextsAsync();
        Assert.Equal(["1", "2", "2", "4"], ranks.Select(r => r.Trim()));
        Assert.Equal(59, await page.Locator("#unranked tbody tr").CountAsync()); // the other provinces of 2020, with why
        // In the 34 units, a unit without a value says why in the query's words (a member without a figure, for example).
        var api = await Cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2020&geography=vn-34");
        await page.GotoAsync($"/rankings/{code}?year=2020&geography=vn-34");
        var unranked = api.Rows.Where(r => r.Rank is null && r.Reason is not null).ToList();
        Assert.NotEmpty(unranked);
        foreach (var row in unranked)
            Assert.Equal(row.Reason, (await page.Locator($"#unranked tbody tr[data-code='{row.Province}'] td.reason").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Switching_to_English_changes_the_labels_and_the_number_format_and_links_keep_the_language()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/rankings/{Population}?year=2015");
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Hạng", (await page.Locator("#ranking thead th").First.InnerTextAsync()).Trim());

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains("lang=en", page.Url);
        Assert.Equal("Rank", (await page.Locator("#ranking thead th").First.InnerTextAsync()).Trim());
        Assert.StartsWith("8,127.9", (await page.Locator("#ranking tbody tr td.value").First.InnerTextAsync()).Trim());
        Assert.Contains("lang=en", await page.GetByRole(AriaRole.Link, new() { Name = "Attainment" }).GetAttributeAsync("href"));
        Assert.Contains("Rank 1", await page.Locator("svg.choropleth path[data-code='79'] title").TextContentAsync());
    }

    [Fact]
    public async Task The_indicator_chooser_finds_an_indicator_by_its_English_or_unaccented_Vietnamese_name()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/rankings/{Population}?year=2015");

        await page.GetByLabel("Tìm chỉ tiêu (tiếng Việt hoặc tiếng Anh)").FillAsync("poverty");
        Assert.Equal("gso-poverty-rate", await page.Locator("#indicator").InputValueAsync());
        await page.GetByLabel("Tìm chỉ tiêu (tiếng Việt hoặc tiếng Anh)").FillAsync("ty le nguoi su dung internet");
        Assert.Equal("internet-users-rate", await page.Locator("#indicator").InputValueAsync());
        await page.GetByLabel("Năm").FillAsync("2019");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();

        Assert.Contains("indicator=internet-users-rate", page.Url);
        Assert.Equal("60", await page.Locator("#ranking tbody tr").First.GetAttributeAsync("data-code"));
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_on_the_skip_link_and_on_a_map_shape()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/rankings/{Population}?year=2015");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await page.EvaluateAsync<string>("document.activeElement.className"));
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        var shape = page.Locator("svg.choropleth path[data-code='79']");
        await shape.FocusAsync();
        Assert.Equal("2.5px", await shape.EvaluateAsync<string>("e => getComputedStyle(e).strokeWidth"));
    }

    [Fact]
    public async Task Pages_read_the_same_with_scripts_off()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString().TrimEnd('/'),
            JavaScriptEnabled = false,
        });
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/rankings/{Population}?year=2015");

        Assert.Equal(63, await page.Locator("#ranking tbody tr").CountAsync());
        Assert.Equal(63, await page.Locator("svg.choropleth path.unit:not([data-class='none'])").CountAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_province_profile_lists_its_indicators_with_rank_and_links_its_successor()
    {
        var api = await Cluster.GetAsync<ProvinceDetailDto>("/api/provinces/60");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/provinces/60");

        Assert.Contains("Bình Thuận", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(api.Indicators.Count, await page.Locator("#profile tbody tr").CountAsync());
        var population = page.Locator($"#profile tbody tr[data-indicator='{Population}']");
        Assert.Matches(@"^\d+/63$", (await population.Locator("td.rank").InnerTextAsync()).Trim());
        await page.Locator("a[href^='/provinces/68']").First.ClickAsync(); // Lâm Đồng took Bình Thuận in on 1 July 2025
        Assert.Contains("Lâm Đồng", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator("a[href^='/provinces/60']").CountAsync() > 0, "the successor links back to its member");
        await page.GotoAsync("/provinces/60");
        await fixture.ScreenshotAsync(page, "province-profile");

        // The planning report of the unit, from its page: the workbook the report API gives for it.
        var report = await page.Locator(".report-links a", new() { HasText = "Excel" }).GetAttributeAsync("href");
        Assert.StartsWith("/api/reports/province/60?", report);
        using var workbook = await Cluster.Http.GetAsync(report);
        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_provinces_list_switches_geography_and_a_unit_of_the_34_links_its_members()
    {
        var units34 = await Cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-34");
        var units63 = await Cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-63");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/provinces");
        Assert.Equal(units34.Count, await page.Locator("ul.units li").CountAsync()); // today's geography by default
        // The switch is a link: count on the page it leads to, not on the one being left.
        await NavigatedByAsync(page, () => page.Locator(".geography-switch a").ClickAsync());
        Assert.Contains("geography=vn-63", page.Url);
        Assert.Equal(units63.Count, await page.Locator("ul.units li").CountAsync());

        await page.GotoAsync("/provinces/68?geography=vn-34");
        Assert.Contains("Lâm Đồng", await page.Locator("h1").InnerTextAsync());
        foreach (var member in new[] { "60", "67", "68" })
            Assert.Equal(1, await page.Locator($"a[href='/provinces/{member}?geography=vn-63']").CountAsync());
        Assert.Contains("(", await page.Locator("dl.facts dd").First.InnerTextAsync()); // the region of the seat, approximate
    }

    [Fact]
    public async Task A_series_of_the_34_marks_its_derived_points_with_their_members()
    {
        var api = await Cluster.GetAsync<SeriesDto>($"/api/series/68/{Population}?geography=vn-34");
        var derived = api.Observations.Count(p => p.Origin == FigureOrigin.Derived);
        Assert.True(derived > 0, "Lâm Đồng of the 34 carries its members' population");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/series/68/{Population}?geography=vn-34");

        Assert.Equal(api.Observations.Count, await page.Locator("#figures tbody tr").CountAsync());
        Assert.Equal(derived, await page.Locator("#figures tbody tr[data-origin='derived']").CountAsync());
        Assert.Contains("Bình Thuận", await page.Locator("#figures tbody tr[data-origin='derived'] td.source").First.InnerTextAsync());
        Assert.True(await page.Locator("#derived-heading").CountAsync() == 1);
        await fixture.ScreenshotAsync(page, "series-34");
    }

    [Fact]
    public async Task A_series_page_draws_the_forecast_fan_and_lists_every_figure_with_its_quote()
    {
        var api = await Cluster.GetAsync<SeriesDto>("/api/series/60/internet-users-rate");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/series/60/internet-users-rate");

        Assert.Equal(1, await page.Locator("svg.series-chart .band-80").CountAsync());
        Assert.Equal(1, await page.Locator("svg.series-chart .band-95").CountAsync());
        Assert.Equal(1, await page.Locator("svg.series-chart .forecast").CountAsync());
        Assert.Equal(api.Observations.Count, await page.Locator("#figures tbody tr").CountAsync());
        var quotes = await page.Locator("#figures q.quote").AllInnerTextsAsync();
        Assert.Contains(api.Observations.First(o => o.Quote is not null).Quote!, quotes);
        Assert.True(await page.Locator("#figures ul.revisions li").CountAsync() > 0, "the conflicting seed figure is shown as a revision");
        Assert.Contains("%", await page.Locator("#forecast").InnerTextAsync());
        await fixture.ScreenshotAsync(page, "series");
    }

    [Fact]
    public async Task The_attainment_page_counts_as_the_API_does()
    {
        var api = await Cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/attainment?year=2025");

        foreach (var (status, count) in api.Counts)
        {
            var shown = await page.Locator($"#counts tfoot td[data-status='{status}']").InnerTextAsync();
            Assert.Equal(count, int.Parse(shown.Replace(".", ""), CultureInfo.InvariantCulture));
        }
        Assert.Equal(api.Rows.Count(r => r.Status is AttainmentStatus.OffTrack or AttainmentStatus.Regressing), await page.Locator("#attention tbody tr").CountAsync());
        var counts = Encoding.UTF8.GetString(await Cluster.Http.GetByteArrayAsync(
            await page.Locator(".downloads").First.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href")));
        var total = counts.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split(',');
        Assert.Equal(api.Counts.Values.Sum().ToString(CultureInfo.InvariantCulture), total[^1].Trim());
        await fixture.ScreenshotAsync(page, "attainment");
        Assert.Equal(Geography.Vn34, api.Geography); // 2025 is judged in the 34 units by default

        var old = await Cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025&geography=vn-63");
        await page.GotoAsync("/attainment?year=2025&geography=vn-63");
        Assert.Equal("vn-63", await page.Locator("#geography").InputValueAsync());
        foreach (var (status, count) in old.Counts)
            Assert.Equal(count, int.Parse((await page.Locator($"#counts tfoot td[data-status='{status}']").InnerTextAsync()).Replace(".", ""), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_upload_with_a_bad_row_shows_the_rows_error_and_changes_nothing_and_a_good_one_shows_the_counts()
    {
        var code = await DefineIndicatorAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/upload");

        // A reader's key may not write: refused in the API's words, nothing applied.
        await page.GetByLabel("hoặc dán nội dung CSV").FillAsync(Csv(("60", code, 2021, 40.0, "good")));
        await page.GetByLabel("Khóa API (vai trò writer)").FillAsync(Cluster.Keys.Reader);
        var forbidden = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra và nạp" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/upload", StringComparison.Ordinal));
        // A valid key without the role is forbidden, as on the API; not "unauthenticated".
        Assert.Equal(403, forbidden.Status);
        Assert.Contains("writer", await page.Locator(".problem").InnerTextAsync());
        Assert.Empty((await Cluster.GetAsync<SeriesDto>($"/api/series/60/{code}?geography=vn-63")).Observations);

        await page.GetByLabel("hoặc dán nội dung CSV").FillAsync(Csv(("60", code, 2021, 40.0, "good"), ("99", code, 2021, 50.0, "bad province")));
        await page.GetByLabel("Khóa API (vai trò writer)").FillAsync(Cluster.Keys.Writer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra và nạp" }).ClickAsync();

        var error = page.Locator("#errors tbody tr");
        Assert.Equal(1, await error.CountAsync());
        Assert.Equal("3", (await error.Locator("th").InnerTextAsync()).Trim()); // the CSV's line, as the API numbers rows
        Assert.Equal("province", (await error.Locator("code").InnerTextAsync()).Trim());
        Assert.Empty((await Cluster.GetAsync<SeriesDto>($"/api/series/60/{code}?geography=vn-63")).Observations);
        await fixture.ScreenshotAsync(page, "upload-rejected");

        await page.GetByLabel("hoặc dán nội dung CSV").FillAsync(Csv(("60", code, 2021, 40.0, "good"), ("01", code, 2021, 50.0, "good too")));
        await page.GetByLabel("Khóa API (vai trò writer)").FillAsync(Cluster.Keys.Writer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra và nạp" }).ClickAsync();

        Assert.Equal("2", (await page.Locator("td[data-count='inserted']").InnerTextAsync()).Trim());
        Assert.Equal("0", (await page.Locator("td[data-count='revised']").InnerTextAsync()).Trim());
        Assert.Single((await Cluster.GetAsync<SeriesDto>($"/api/series/60/{code}?geography=vn-63")).Observations);
        await fixture.ScreenshotAsync(page, "upload-applied");

        // Without the form's anti-forgery token, a post from elsewhere is refused and applies nothing.
        var forged = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(Csv(("79", code, 2021, 60.0, "forged"))), "Text" },
            { new StringContent(Cluster.Keys.Writer), "Key" },
        };
        var refused = await Cluster.Http.PostAsync("/upload", forged);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty((await Cluster.GetAsync<SeriesDto>($"/api/series/79/{code}?geography=vn-63")).Observations);
    }

    [Fact]
    public async Task CSV_and_XLSX_downloads_hold_the_tables_rows_and_a_formula_comes_back_as_text()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/rankings/{Population}?year=2015&lang=en");
        var codes = new List<string>();
        foreach (var row in await page.Locator("#ranking tbody tr").AllAsync()) codes.Add(await row.GetAttributeAsync("data-code") ?? "");

        var csv = await DownloadAsync(page, "CSV");
        var csvRows = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(codes, csvRows.Select(r => r.Split(',')[1]));
        var xlsx = await DownloadAsync(page, "Excel (XLSX)");
        var sheet = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(codes, sheet.Select(r => r["Code"]?.ToString()));

        // A quote that a spreadsheet would evaluate, as a figure's provenance.
        var code = await DefineIndicatorAsync();
        await PostCsvAsync(Csv(("60", code, 2020, 42.0, "=1+1")));
        await page.GotoAsync($"/series/60/{code}?lang=en");
        Assert.Equal("=1+1", (await page.Locator("#figures q.quote").InnerTextAsync()).Trim());
        var seriesCsv = Encoding.UTF8.GetString(await DownloadAsync(page, "CSV"));
        Assert.Contains("'=1+1", seriesCsv);
        var seriesXlsx = await DownloadAsync(page, "Excel (XLSX)");
        var quote = MiniExcel.Query(new MemoryStream(seriesXlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().Single()["Quote"];
        Assert.Equal("=1+1", quote);
        using var zip = new ZipArchive(new MemoryStream(seriesXlsx));
        var sheetXml = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        Assert.DoesNotContain("<x:f>", sheetXml);
        Assert.DoesNotContain("<f>", sheetXml);
    }

    /// <summary>Clicks a download link as a reader would and returns the file.</summary>
    /// <summary>
    /// Runs <paramref name="action"/> and waits until the page it leads to (a link, or a form's post and its redirect)
    /// has replaced this one and loaded. The document being left is marked first, so a page that leads back to its own
    /// address is not mistaken for the one it replaces (Playwright's own wait for this is obsolete).
    /// </summary>
    private static async Task NavigatedByAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { window.__left = true; }");
        await action();
        await page.WaitForFunctionAsync("() => window.__left !== true && document.readyState === 'complete'");
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string linkName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".downloads").GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true }).ClickAsync());
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path);
    }

    [Fact]
    public async Task The_quality_page_shows_a_slipped_figure_most_severe_first_linked_to_its_series_and_the_ranking_marks_it()
    {
        var code = await DefineIndicatorAsync();
        // Hà Nội 4.0, 4.1, … a year, with 2015 sent as 45 (the decimal mark lost).
        await PostCsvAsync(Csv([.. Enumerable.Range(2010, 10).Select(y => ("01", code, y, y == 2015 ? 45.0 : Math.Round(4 + 0.1 * (y - 2010), 1), "q"))]));
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync($"/quality?indicator={code}&lang=en");

        Assert.Equal(200, response!.Status);
        var slip = page.Locator("#quality-flags tbody tr[data-rule='unit-slip']");
        Assert.Equal(1, await slip.CountAsync());
        Assert.Equal(("01", "2015", "open"), (await slip.GetAttributeAsync("data-province"), await slip.GetAttributeAsync("data-year"), await slip.GetAttributeAsync("data-state")));
        Assert.Equal("high", (await page.Locator("#quality-flags tbody td span.quality").First.InnerTextAsync()).Trim());
        Assert.Equal(1, await page.Locator("#quality-counts tr[data-rule='unit-slip']").CountAsync());
        await fixture.ScreenshotAsync(page, "quality");

        await slip.Locator("th a").ClickAsync();
        Assert.Contains($"/series/01/{code}", page.Url, StringComparison.Ordinal);
        var pointMark = page.Locator("#figures abbr.quality[data-rule='unit-slip']");
        Assert.True(await pointMark.CountAsync() >= 1);
        Assert.Contains("(open)", await pointMark.First.GetAttributeAsync("title") ?? "", StringComparison.Ordinal);
        var note = page.Locator("#quality-notes li[data-year='2015'][data-rule='unit-slip']");
        Assert.Contains("(open): ", await note.InnerTextAsync(), StringComparison.Ordinal);
        await fixture.ScreenshotAsync(page, "series-flagged");

        await page.GotoAsync($"/rankings/{code}?year=2015&geography=vn-63&lang=en");
        var mark = page.Locator("#ranking tbody tr[data-code='01'] abbr.quality");
        Assert.Equal(1, await mark.CountAsync());
        Assert.Contains("(open)", await mark.GetAttributeAsync("title") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_steward_confirms_a_flag_from_its_row_and_withdraws_it_and_a_reader_sees_no_mark_button()
    {
        var code = await DefineIndicatorAsync();
        // Hà Nội 4.0, 4.1, … a year, with 2015 sent as 45 (the decimal mark lost).
        await PostCsvAsync(Csv([.. Enumerable.Range(2010, 10).Select(y => ("01", code, y, y == 2015 ? 45.0 : Math.Round(4 + 0.1 * (y - 2010), 1), "q"))]));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/quality?indicator={code}&state=all");
        var slip = page.Locator("#quality-flags tbody tr[data-rule='unit-slip']");
        Assert.Equal("open", await slip.GetAttributeAsync("data-state"));
        Assert.Equal(0, await page.Locator("#quality-flags form").CountAsync());
        Assert.Equal(0, await slip.GetByRole(AriaRole.Button).CountAsync());

        // A reader's key may not mark: refused as the API refuses it, and still no button.
        await page.GetByLabel("Khóa API (vai trò writer)").FillAsync(Cluster.Keys.Reader);
        var forbidden = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Đánh dấu cờ" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/quality", StringComparison.Ordinal));
        Assert.Equal(403, forbidden.Status);
        Assert.Contains("writer", await page.Locator("#mark-outcome").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#quality-flags form").CountAsync());

        // A writer's key: each row gets its button; the key is not written into the page.
        await page.GetByLabel("Khóa API (vai trò writer)").FillAsync(Cluster.Keys.Writer);
        await NavigatedByAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Đánh dấu cờ" }).ClickAsync());
        Assert.DoesNotContain(Cluster.Keys.Writer, await page.ContentAsync(), StringComparison.Ordinal);
        await slip.GetByLabel("Lý do số liệu đúng").FillAsync("khu công nghiệp mới đi vào hoạt động");
        await fixture.ScreenshotAsync(page, "quality-steward");
        await NavigatedByAsync(page, () => slip.GetByRole(AriaRole.Button, new() { Name = "Xác nhận đúng" }).ClickAsync());

        Assert.Equal("confirmed", await slip.GetAttributeAsync("data-state"));
        Assert.Contains("khu công nghiệp mới đi vào hoạt động", await slip.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"Đã xác nhận đúng số liệu 01/{code} năm 2015", await page.Locator("#mark-outcome").InnerTextAsync(), StringComparison.Ordinal);
        // The same mark as the stewards' endpoint makes: by the key, with its audit entry.
        var confirmed = Assert.Single((await Cluster.GetAsync<QualityPageDto>($"/api/quality?indicator={code}&state=confirmed")).Items, i => i.Rule == "unit-slip");
        Assert.Equal(("test writer", "khu công nghiệp mới đi vào hoạt động"), (confirmed.Mark!.By, confirmed.Mark.Reason));
        Assert.NotNull(confirmed.Mark.AuditId);

        // Another browser, without the steward's session: the row as marked, no button.
        var reader = await fixture.NewPageAsync();
        await reader.GotoAsync($"/quality?indicator={code}&state=all");
        Assert.Equal("confirmed", await reader.Locator("#quality-flags tbody tr[data-rule='unit-slip']").GetAttributeAsync("data-state"));
        Assert.Equal(0, await reader.Locator("#quality-flags form").CountAsync());

        await NavigatedByAsync(page, () => slip.GetByRole(AriaRole.Button, new() { Name = "Rút lại xác nhận" }).ClickAsync());
        Assert.Equal("open", await slip.GetAttributeAsync("data-state"));
        Assert.Equal(1, await slip.GetByRole(AriaRole.Button, new() { Name = "Xác nhận đúng" }).CountAsync());

        // Without the form's anti-forgery token, a post from elsewhere is refused and marks nothing.
        var forged = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"mark-01-{code}-2015-unit-slip", ["MarkProvince"] = "01", ["MarkIndicator"] = code, ["MarkYear"] = "2015", ["MarkState"] = "confirmed",
            ["MarkReason"] = "forged",
        });
        var writer = Cluster.Client(Cluster.Keys.Writer);
        Assert.Equal(HttpStatusCode.BadRequest, (await writer.PostAsync($"/quality?indicator={code}&state=all", forged)).StatusCode);
        Assert.All((await Cluster.GetAsync<QualityPageDto>($"/api/quality?indicator={code}&year=2015")).Items, i => Assert.Equal("open", i.State));
    }

    private async Task<string> DefineIndicatorAsync()
    {
        var code = "web-test-" + Guid.NewGuid().ToString("n")[..10];
        var response = await Cluster.Http.PostAsJsonAsync("/api/indicators",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử trang", "Page test rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "web-tests") },
            EmbeddedCluster.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return code;
    }

    private async Task PostCsvAsync(string csv)
    {
        var response = await Cluster.Http.PostAsync("/api/observations", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Csv(params (string Province, string Indicator, int Year, double Value, string Quote)[] rows) =>
        "province,indicator,year,quarter,kind,value,unit,source,quote\n" + string.Concat(rows.Select(r =>
            $"{r.Province},{r.Indicator},{r.Year},,actual,{r.Value.ToString(CultureInfo.InvariantCulture)},%,web-tests.csv,\"{r.Quote}\"\n"));
}
