using Analytics.Domain.Geography;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Reports;
using Analytics.Tests.Support;
using MiniExcelLibs;

namespace Analytics.Api.Tests;

/// <summary>
/// The planning reports over real HTTP on the seeded embedded cluster: the same figures as the JSON API in every
/// format, PDF read back with pdftotext, workbooks read back with MiniExcel, the page rendered in Chromium.
/// </summary>
public sealed class ReportApiTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private static readonly ReaderLocale Vi = ReaderLocale.Vietnamese;
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Http => _cluster.Http;

    [Fact]
    public async Task The_Binh_Thuan_2025_report_carries_the_forecast_APIs_figures_in_html_pdf_and_xlsx()
    {
        var report = await _cluster.GetAsync<ProvinceReport>("/api/reports/province/60?year=2025&format=json");
        Assert.Equal("Bình Thuận", report.Unit.NameVi);
        Assert.Contains(report.Indicators, s => s.Indicator.Code == "internet-users-rate");
        var forecasts = new Dictionary<string, ForecastDto>();
        foreach (var section in report.Indicators)
            forecasts[section.Indicator.Code] = await _cluster.GetAsync<ForecastDto>($"/api/forecasts/60/{section.Indicator.Code}?year=2025");
        Assert.Equal(
            [.. report.Indicators.Select(s => s.Projection.Projected)],
            [.. report.Indicators.Select(s => forecasts[s.Indicator.Code].Point)]);
        Assert.False(string.IsNullOrEmpty(report.Cover.ModelVersion));
        Assert.NotNull(report.Cover.Skill);

        // PDF: names with diacritics, and each projection, interval and status as the forecast API has them.
        var pdf = await Http.GetAsync("/api/reports/province/60?year=2025&format=pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var printed = await pdf.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(Chromium.Results, "report-60-2025-vi.pdf"), printed);
        var text = await Chromium.PdfTextAsync(printed);
        Assert.Contains("Bình Thuận", text);
        Assert.Contains("Tỷ lệ người sử dụng Internet", text);
        Assert.Contains("Phụ lục: phương pháp", text);
        foreach (var section in report.Indicators)
        {
            var f = forecasts[section.Indicator.Code];
            var indicator = section.Indicator;
            if (f.Point is { } point) Assert.Contains(ReportHtml.Value(Vi, point, indicator), text);
            if (f.Interval80 is { } i80) Assert.Contains(ReportHtml.Interval(Vi, new(i80.Lower, i80.Upper), indicator), text);
            if (f.Interval95 is { } i95) Assert.Contains(ReportHtml.Interval(Vi, new(i95.Lower, i95.Upper), indicator), text);
            Assert.Contains(Vi.Labels.Status(StatusOf(f)), text);
        }

        // Workbook: the same numbers, stored as numbers.
        var xlsx = await Http.GetAsync("/api/reports/province/60?year=2025&format=xlsx");
        Assert.Equal(ReportWorkbook.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("report-60-2025-vi.xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar ?? xlsx.Content.Headers.ContentDisposition?.FileName);
        using var workbook = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = workbook.Query(useHeaderRow: true, sheetName: "Các chỉ tiêu có mục tiêu").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(report.Indicators.Count, rows.Count);
        foreach (var row in rows)
        {
            var f = forecasts[(string)row["Mã"]!];
            if (f.Point is { } point) Assert.Equal(point, Assert.IsType<double>(row["Dự báo"]), 9);
            if (f.Interval80 is { } i80) Assert.Equal(i80.Lower, Assert.IsType<double>(row["Cận dưới 80%"]), 9);
            if (f.Interval95 is { } i95) Assert.Equal(i95.Upper, Assert.IsType<double>(row["Cận trên 95%"]), 9);
            if (f.Attainment?.Probability is { } p) Assert.Equal(p, Assert.IsType<double>(row["Xác suất đạt mục tiêu"]), 9);
            Assert.Equal(Vi.Labels.Status(StatusOf(f)), row["Tình trạng"]);
        }

        // The page: stand-alone, rendered by Chromium (the screenshot is kept under TestResults/).
        var html = await _cluster.GetTextAsync("/api/reports/province/60?year=2025");
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("Bình Thuận", html);
        var page = Path.Combine(Chromium.Results, "report-60-2025-vi.html");
        await File.WriteAllTextAsync(page, html, Encoding.UTF8);
        var shot = Path.Combine(Chromium.Results, "report-60-2025-vi.png");
        await Chromium.ScreenshotAsync(page, shot);
        Assert.True(new FileInfo(shot).Length > 20_000, "the screenshot is nearly empty");
    }

    [Fact]
    public async Task English_reports_use_English_words_and_numbers()
    {
        var forecast = await _cluster.GetAsync<ForecastDto>("/api/forecasts/60/internet-users-rate?year=2025");
        var html = await _cluster.GetTextAsync("/api/reports/province/60?year=2025&lang=en");
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Binh Thuan", html);
        Assert.Contains("Appendix: methodology", html);
        Assert.Contains(ReportHtml.Value(ReaderLocale.English, forecast.Point!.Value, new("x", "", "", "%", true)), html);
    }

    [Fact]
    public async Task A_forecast_issued_before_the_2025_actual_arrived_shows_in_the_track_record_with_its_error()
    {
        var indicator = await DefineIndicatorAsync("Tỷ lệ thử (lịch sử dự báo)", "%", 0, 100);
        await PostAsync([.. new[] { (2019, 40.0), (2020, 44.0), (2021, 47.0), (2022, 52.0), (2023, 55.0) }
            .Select(x => Row("11", indicator, x.Item1, x.Item2)), Row("11", indicator, 2025, 70, "target")]);
        var issued = await _cluster.GetAsync<ForecastDto>($"/api/forecasts/11/{indicator}?year=2025");
        Assert.Equal(2023, issued.LastYear);

        await PostAsync(Row("11", indicator, 2025, 61.5));
        var history = await _cluster.GetAsync<List<IssuedForecastDto>>($"/api/forecasts/11/{indicator}/history?year=2025");
        Assert.Contains(history, h => h.Point == issued.Point!.Value && h.LastYear == 2023 && h.ModelVersion == issued.ModelVersion);

        var report = await _cluster.GetAsync<ProvinceReport>("/api/reports/province/11?year=2025&format=json");
        var entry = Assert.Single(report.TrackRecord, e => e.Indicator.Code == indicator && e.TargetYear == 2025);
        Assert.Equal(61.5, entry.Actual);
        Assert.Equal(70, entry.Target);
        Assert.False(entry.Achieved);
        // The forecast issued before the actual is there; none made after it (from the 2025 figure itself) is.
        // (A retrain after the figures arrived may have issued another one in between, from a newer model.)
        Assert.Contains(entry.Forecasts, f => f.Point == issued.Point!.Value && f.ModelVersion == issued.ModelVersion);
        Assert.All(entry.Forecasts, f => Assert.True(f.LastYear == 2023 && f.IssuedAt <= entry.ActualArrivedAt));

        var html = await _cluster.GetTextAsync("/api/reports/province/11?year=2025");
        Assert.Contains(Vi.SignedNumber(issued.Point!.Value - 61.5, entry.Indicator.Decimals), html);
        Assert.Contains("Không đạt", html);
    }

    [Fact]
    public async Task A_source_quote_starting_with_equals_is_text_in_the_workbook()
    {
        var indicator = await DefineIndicatorAsync("Chỉ tiêu trích dẫn", "%", 0, 100);
        await PostAsync(
            Row("12", indicator, 2022, 30, quote: "=HYPERLINK(\"http://x\",\"bấm\")"),
            Row("12", indicator, 2023, 35, quote: "+1 so với năm trước"),
            Row("12", indicator, 2025, 50, "target", quote: "@mục tiêu"));

        using var workbook = new MemoryStream(await (await Http.GetAsync("/api/reports/province/12?year=2025&format=xlsx")).Content.ReadAsByteArrayAsync());
        var quotes = workbook.Query(useHeaderRow: true, sheetName: "Nguồn số liệu và trích dẫn").Cast<IDictionary<string, object?>>()
            .Where(r => (string?)r["Mã"] == indicator).Select(r => r["Trích dẫn"]).ToList();
        Assert.Equal(["=HYPERLINK(\"http://x\",\"bấm\")", "+1 so với năm trước", "@mục tiêu"], quotes);

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(workbook.ToArray()));
        foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/")))
        {
            using var reader = new StreamReader(sheet.Open());
            Assert.DoesNotContain("<x:f>", await reader.ReadToEndAsync());
        }
    }

    // The bundled DTI data (data/ict), seeded into the cluster: the 34 units' values are carried from the 63 provinces
    // by the indicator's rule (an unweighted mean), and the report must show exactly the ranking endpoint's answer.
    [Fact]
    public async Task The_DTI_indicator_report_over_the_34_units_shows_the_rankings_values_and_marks_the_derived_ones()
    {
        // Units that kept their code and territory on 2025-07-01; their 2025 targets are given for the 34 units.
        await PostAsync(Row("46", "dti-score", 2025, 0.9, "target", unit: "score", geography: "vn-34"),
            Row("01", "dti-score", 2025, 0.55, "target", unit: "score", geography: "vn-34"));

        var report = await _cluster.GetAsync<IndicatorReport>("/api/reports/indicator/dti-score?year=2025&geography=vn-34&format=json");
        Assert.NotNull(report.RankingYear);
        var ranking = await _cluster.GetAsync<RankingDto>($"/api/rankings/dti-score?year={report.RankingYear}&geography=vn-34");
        Assert.Equal(Geography.Vn34, ranking.Geography);
        Assert.Equal(34, ranking.Ranked);
        Assert.Equal(34, report.Rows.Count);
        Assert.Equal(34, report.Rows.Count(r => r.Rank is not null));
        Assert.All(report.Rows, r => Assert.Equal(Analytics.Domain.Geography.Geography.Vn34, r.Unit.Geography));
        var rows = ranking.Rows.ToDictionary(r => r.Province);
        foreach (var row in report.Rows)
        {
            var expected = rows[row.Unit.Code];
            Assert.Equal(expected.Rank, row.Rank);
            Assert.Equal(expected.Value!.Value, row.Value!.Value, 12);
            Assert.Equal(expected.Origin == FigureOrigin.Derived, row.Derived);
            Assert.Equal(row.Derived ? "trung bình cộng" : null, row.Method);   // the carry rule in the reader's words
        }
        Assert.Contains(report.Rows, r => r.Derived);                   // merged units: derived
        Assert.Contains(report.Rows, r => !r.Derived);                  // Hà Nội, Huế...: reported
        var withTarget = report.ByProbability.Take(2).ToList();         // the two with a target lead, by probability
        Assert.Equal(["01", "46"], withTarget.Select(r => r.Unit.Code).Order());
        Assert.True(withTarget[0].Projection!.Probability >= withTarget[1].Projection!.Probability);
        Assert.Equal(4, report.Indicator.Decimals);                      // the DTI's precision in the catalog: four decimals, as published

        // Without a geography, a 2025 report is in the geography in force at the end of 2025: the 34 units.
        var html = await _cluster.GetTextAsync("/api/reports/indicator/dti-score?year=2025");
        Assert.Equal(34, CountOf(html, "data-code="));
        var page = Path.Combine(Chromium.Results, "report-dti-score-vn-34-2025-vi.html");
        await File.WriteAllTextAsync(page, html, Encoding.UTF8);
        await Chromium.ScreenshotAsync(page, Path.ChangeExtension(page, ".png"));
        foreach (var row in report.Rows)
            Assert.Contains(Vi.Number(row.Value!.Value, 4) + (row.Derived ? " (suy ra, trung bình cộng)" : ""), html);
        Assert.Contains("trung bình không trọng số", html);            // the methodology states the carry rules

        using var workbook = new MemoryStream(await (await Http.GetAsync("/api/reports/indicator/dti-score?year=2025&geography=vn-34&format=xlsx")).Content.ReadAsByteArrayAsync());
        var sheet = workbook.Query(useHeaderRow: true, sheetName: "Bảng xếp hạng").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(34, sheet.Count);
        foreach (var line in sheet)
        {
            var expected = rows[Assert.IsType<string>(line["Mã"])];
            Assert.Equal(expected.Value!.Value, Assert.IsType<double>(line["Giá trị"]), 9);
            Assert.Equal(expected.Origin == FigureOrigin.Derived ? "suy ra (trung bình cộng)" : null, line["suy ra"] as string);
        }
    }

    [Fact]
    public async Task The_report_of_a_merged_unit_lists_its_members_and_says_its_figures_are_derived()
    {
        var report = await _cluster.GetAsync<ProvinceReport>("/api/reports/province/68?year=2025&geography=vn-34&format=json");

        Assert.Equal(Analytics.Domain.Geography.Geography.Vn34, report.Unit.Geography);
        var merge = Assert.IsType<MergedUnit>(report.Merge);
        Assert.Equal(new DateOnly(2025, 7, 1), merge.ValidFrom);
        Assert.Equal(["60", "67", "68"], merge.Members.Select(m => m.Code).Order());
        // The carry rule in the reader's language, once, naming the indicators it was applied to.
        Assert.Contains(merge.HowCarried, n => n.Rule == "trung bình cộng" && n.Indicators.Contains("Chỉ số chuyển đổi số cấp tỉnh (DTI)"));
        // The carried DTI 2023 score is the ranking endpoint's value for the unit, from its three members' scores.
        var ranking = await _cluster.GetAsync<RankingDto>("/api/rankings/dti-score?year=2023&geography=vn-34");
        var lamDong = ranking.Rows.Single(r => r.Province == "68");
        var dti = Assert.Single(merge.Figures!, f => f.IndicatorCode == "dti-score" && f.Year == 2023 && f.Kind == ObservationKind.Actual);
        Assert.Equal(lamDong.Value!.Value, dti.Value, 12);
        Assert.Equal("trung bình cộng", dti.Method);                      // the carry rule in the reader's language
        Assert.Equal(["60", "67", "68"], dti.Members.Select(m => m.Code).Order());
        Assert.Equal(lamDong.Members!.OrderBy(m => m.Code).Select(m => m.Value), dti.Members.OrderBy(m => m.Code).Select(m => m.Value));

        var html = await _cluster.GetTextAsync("/api/reports/province/68?year=2025&geography=vn-34");
        foreach (var name in new[] { "Bình Thuận", "Đắk Nông", "Lâm Đồng" }) Assert.Contains(name, html);
        Assert.Contains("Đơn vị hợp nhất", html);
        // The rule once, naming its indicators (each derived figure with its members' values is in the workbook).
        Assert.Matches("class=\"method-note\"><strong>trung bình cộng[^<]*</strong>[^<]*Chỉ số chuyển đổi số cấp tỉnh \\(DTI\\)", html);
        Assert.Contains("Số liệu suy ra của đơn vị hợp nhất", html);     // the methodology explains FigureOrigin.Derived

        using var workbook = new MemoryStream(await (await Http.GetAsync("/api/reports/province/68?year=2025&geography=vn-34&format=xlsx")).Content.ReadAsByteArrayAsync());
        var members = workbook.Query(useHeaderRow: true, sheetName: "Đơn vị hợp nhất").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["60", "67", "68"], members.Select(m => (string)m["Mã"]!).Order());
        var carried = workbook.Query(useHeaderRow: true, sheetName: "Số liệu suy ra").Cast<IDictionary<string, object?>>().ToList();
        var line = Assert.Single(carried, r => (string?)r["Mã"] == "dti-score" && Convert.ToInt32(r["Năm"]) == 2023 && (string?)r["Loại số liệu"] == Vi.Labels.Kind(ObservationKind.Actual));
        Assert.Equal(dti.Value, Assert.IsType<double>(line["Giá trị"]), 9);
        Assert.Equal("suy ra", line["suy ra"]);
    }

    [Fact]
    public async Task A_code_that_is_a_province_before_the_merger_is_read_in_its_own_geography()
    {
        var report = await _cluster.GetAsync<ProvinceReport>("/api/reports/province/68?year=2024&format=json");
        Assert.Equal(Analytics.Domain.Geography.Geography.Vn63, report.Unit.Geography);
        Assert.Null(report.Merge);
    }

    [Theory]
    [InlineData("/api/reports/province/60?format=docx", 400, "unknown format 'docx'")]
    [InlineData("/api/reports/province/60?lang=fr", 400, "unknown lang 'fr'")]
    [InlineData("/api/reports/province/60?year=1800", 400, "year 1800 is outside")]
    [InlineData("/api/reports/province/60?geography=vn-99", 400, "unknown geography 'vn-99'")]
    [InlineData("/api/reports/indicator/dti-score?year=2030&geography=vn-63", 400, "ended on 2025-06-30")]
    [InlineData("/api/reports/province/68?year=2025", 400, "say which with a geography")]
    [InlineData("/api/reports/province/nowhere", 404, "No province matches 'nowhere'")]
    [InlineData("/api/reports/indicator/no-such-thing", 404, "No indicator 'no-such-thing'")]
    public async Task Bad_report_requests_are_told_what_is_wrong(string path, int status, string message)
    {
        // Asked in English by the client's Accept-Language (lang= is one of the things in question).
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd("en-GB, vi;q=0.5");
        var response = await Http.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refusal_is_in_Vietnamese_unless_English_is_asked_by_lang_or_Accept_Language()
    {
        async Task<System.Text.Json.JsonElement> ProblemAsync(string path, string? acceptLanguage = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
            var response = await Http.SendAsync(request);
            Assert.Equal(404, (int)response.StatusCode);
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var vietnamese = await ProblemAsync("/api/indicators/no-such-thing");
        Assert.Equal("Không tìm thấy", vietnamese.GetProperty("title").GetString());
        Assert.StartsWith("Không có chỉ tiêu 'no-such-thing'", vietnamese.GetProperty("detail").GetString());

        foreach (var english in new[] { await ProblemAsync("/api/indicators/no-such-thing?lang=en"), await ProblemAsync("/api/indicators/no-such-thing", "en-US,en;q=0.9") })
        {
            Assert.Equal("Not found", english.GetProperty("title").GetString());
            Assert.StartsWith("No indicator 'no-such-thing'", english.GetProperty("detail").GetString());
        }
        // lang= wins over the header, and a browser's preference for Vietnamese is kept.
        Assert.Equal("Không tìm thấy", (await ProblemAsync("/api/indicators/no-such-thing?lang=vi", "en")).GetProperty("title").GetString());
        Assert.Equal("Không tìm thấy", (await ProblemAsync("/api/indicators/no-such-thing", "vi-VN,vi;q=0.9,en;q=0.8")).GetProperty("title").GetString());
    }

    private static AttainmentStatus StatusOf(ForecastDto f) => f.Attainment?.Status ?? AttainmentStatus.Unknown;

    private async Task<string> DefineIndicatorAsync(string nameVi, string unit, double min, double max)
    {
        var code = "report-test-" + Guid.NewGuid().ToString("n")[..8];
        await DefineAsync(new IndicatorDto(code, nameVi, "Report test " + code, unit, Direction.HigherIsBetter, min, max, Aggregation.Mean, "tests"));
        return code;
    }

    private async Task DefineAsync(IndicatorDto definition)
    {
        var response = await Http.PostAsJsonAsync("/api/indicators", new[] { definition }, EmbeddedCluster.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static object Row(string province, string indicator, int year, double value, string kind = "actual", string? quote = null, string unit = "%",
        string? geography = null) =>
        geography is null
            ? new { province, indicator, year, kind, value, unit, source = "report-tests", quote = quote ?? $"{value}" }
            : new { province, indicator, year, kind, value, unit, source = "report-tests", quote = quote ?? $"{value}", geography };

    private async Task PostAsync(params object[] rows)
    {
        var response = await Http.PostAsync("/api/observations",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(rows), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
