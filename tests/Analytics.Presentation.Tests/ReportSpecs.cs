using Analytics.Domain;
using Analytics.Domain.Geography;
using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Analytics.Presentation.Charts;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;
using Analytics.Presentation.Pdf;
using Analytics.Presentation.Reports;
using MiniExcelLibs;

namespace Analytics.Presentation.Tests;

/// <summary>The report renderers on a hand-built Bình Thuận report: what each format must carry, in both languages.</summary>
public sealed class ReportSpecs
{
    private static readonly ReportHtml Html = new(new ChoroplethMap(RepoFiles.Maps));
    private static readonly ReportIndicator Internet = new("internet-users-rate", "Tỷ lệ người sử dụng Internet", "Internet users (% of population)", "%", true);
    private static readonly ReportIndicator Signatures = new("digital-signatures", "Tổng số chứng thư số đã cấp", "Digital signature certificates issued (cumulative)", "certificates", true, 0);
    private static readonly ReportUnit BinhThuan = new("60", "Bình Thuận", "Binh Thuan", Geography.Vn63);
    private static readonly ModelSkill Skill = new(2011, "1–5", 3757, 18257, 0.879, 0.839, 0.960, "GSO");
    private static readonly Methodology Method = new(0.6, 0.3, 0.1, 5, Skill);
    private static readonly ReportCover Cover = new(2025, Geography.Vn63, new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero),
        "a2d610d0e4f0aa", new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero), Skill, new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero));

    private static Projection InternetProjection => new(2025, 2020, 62, 85, 67.4, new(52.2, 94.4), new(45.1, 98.6), 0.17, 4.6, 4.7,
        AttainmentStatus.OffTrack, "P(≥ 85) = 17%.", "production", [new("drift", 85.5), new("damped-trend", 79.4), new("mlnet-global", 65.9)],
        Accuracy: new ProjectionAccuracy("4–6", 5, 0.915, 0.812));

    private static ProvinceReport Report(string quote = "tỷ lệ người sử dụng Internet đạt 62%") => new(Cover, BinhThuan,
    [
        new(Internet, InternetProjection,
            [new(2015, 38.5, ObservationKind.Actual), new(2018, 51, ObservationKind.Actual), new(2020, 62, ObservationKind.Estimate), new(2025, 85, ObservationKind.Target)],
            [new(2021, 64, 58, 70, 55, 73), new(2025, 67.4, 52.2, 94.4, 45.1, 98.6)],
            new UnitRank(12, 63, 2020, 62),
            [new("internet-users-rate", 2020, ObservationKind.Estimate, 62, "004_f7c081ba448c0d92.txt", quote)]),
        new(Signatures, new Projection(2025, 2024, 15200, 12000, 15200, null, null, null, null, null, AttainmentStatus.Achieved, null, null, []),
            [new(2023, 11000, ObservationKind.Actual), new(2024, 15200, ObservationKind.Actual)], [], new UnitRank(null, 40, null, null),
            [new("digital-signatures", 2024, ObservationKind.Actual, 15200, "003.txt", "=SUM(A1:A9) chứng thư")]),
    ], null,
    [
        new(BinhThuan, Internet, 2020, 70, 62, new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero), false,
            [new(new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero), "v1", 2018, 58.5, new(54, 63), null)]),
    ], Method);

    [Fact]
    public void A_flagged_figure_quoted_as_the_forecasts_last_figure_in_the_track_record_the_review_and_the_chart_is_marked_there()
    {
        // 2020's estimate, confirmed by a steward: the forecast starts from it, the track record judges 2020 on it.
        var confirmed = new FigureFlag("series-outlier", "medium", "confirmed", "cao hơn nhiều so với các năm trước");
        var slip = new FigureFlag("unit-slip", "high", "open", "khoảng ×10 giá trị dự kiến: mất dấu thập phân");
        var plain = Report();
        var internet = plain.Indicators[0] with
        {
            Projection = InternetProjection with { LastFlag = confirmed },
            Figures = [.. plain.Indicators[0].Figures.Select(f => f.Year == 2020 ? f with { Flag = confirmed } : f)],
        };
        var review = new ReviewLine(Signatures, "Nghị quyết 01", 12000, 2023, 11000, 14000, 0.7, "issued", 110000, "met", Member: "Ninh Thuận",
            ActualFlag: slip);
        var report = plain with
        {
            Indicators = [internet, plain.Indicators[1]],
            TrackRecord = [plain.TrackRecord[0] with { ActualFlag = confirmed }],
            Outlook = new PlanningOutlook([], [], 2025, [review], 2030, []),
        };

        var html = Html.Render(report, ReaderLocale.Vietnamese);
        // The forecast's last figure and the track record's actual are one figure: one footnote, marked in both.
        Assert.Contains(" (2020) ⚑1</td>", Slice(html, "<table class=\"projections\">", "</table>"));
        Assert.Contains(" ⚑1</td>", Slice(html, "<section class=\"track-record wide\">", "</section>"));
        Assert.Contains("110.000 ⚑2</td>", Slice(html, "<section class=\"review wide\">", "</section>"));
        Assert.Contains($"<li data-rule=\"series-outlier\" data-state=\"confirmed\">⚑1 {Internet.NameVi}, 2020: {confirmed.Cell(Language.Vi)}</li>", html);
        Assert.Contains($"<li data-rule=\"unit-slip\" data-state=\"open\">⚑2 {Signatures.NameVi} (Ninh Thuận), 2025: {slip.Cell(Language.Vi)}</li>", html);
        Assert.DoesNotContain("⚑3", html);

        // The chart rings the flagged point and says what the ring means.
        var chart = XDocument.Parse(Slice(html, "<figure><svg", "</svg>")["<figure>".Length..]);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var ring = Assert.Single(chart.Descendants(svg + "circle"), c => (string?)c.Attribute("class") == "mark-flagged" && c.Parent?.Name == svg + "g"
            && (string?)c.Parent.Attribute("class") == "figures");
        Assert.Equal(("2020", "series-outlier"), ((string?)ring.Attribute("data-year"), (string?)ring.Attribute("data-rule")));
        Assert.Contains("⚑ Số liệu bị gắn cờ chất lượng", chart.Descendants(svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Value);

        using var stream = new MemoryStream(ReportWorkbook.Render(report, ReaderLocale.English));
        var projection = stream.Query(useHeaderRow: true, sheetName: "Indicators with a target").Cast<IDictionary<string, object?>>().First();
        Assert.Equal(confirmed.Cell(Language.En), projection["Quality of the last figure"]);
    }

    /// <summary>The markup from where <paramref name="start"/> first opens to the first <paramref name="end"/> after it.</summary>
    private static string Slice(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not in the report");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..(to + end.Length)];
    }

    [Fact]
    public void A_flagged_figure_is_marked_and_footnoted_once_and_a_bound_shows_its_qualifier_in_html_and_xlsx()
    {
        var flag = new FigureFlag("unit-slip", "high", "open", "khoảng ×10 giá trị dự kiến: mất dấu thập phân");
        var plain = Report();
        var internet = plain.Indicators[0] with
        {
            Rank = new UnitRank(12, 63, 2020, 62, Qualifier: ">", Flag: flag),
            Sources = [plain.Indicators[0].Sources[0] with { Qualifier = ">", Flag = flag }],
        };
        var report = plain with { Indicators = [internet, plain.Indicators[1]] };

        // The same figure in the ranks and the sources: one footnote, marked in both places, its value "> 62".
        var html = Html.Render(report, ReaderLocale.Vietnamese);
        Assert.Equal(2, html.Split(" ⚑1</td>").Length - 1);
        Assert.DoesNotContain("⚑2", html);
        Assert.Equal(2, html.Split("&gt; 62").Length - 1);
        Assert.Contains("<h2>Số liệu bị gắn cờ chất lượng</h2>", html);
        Assert.Contains($"<li data-rule=\"unit-slip\" data-state=\"open\">⚑1 {Internet.NameVi}, 2020: {flag.Cell(Language.Vi)}</li>", html);
        Assert.StartsWith("⚑ cao, ", flag.Cell(Language.Vi));
        Assert.DoesNotContain("<section class=\"quality-notes\">", Html.Render(plain, ReaderLocale.Vietnamese));

        using var stream = new MemoryStream(ReportWorkbook.Render(report, ReaderLocale.Vietnamese));
        var source = stream.Query(useHeaderRow: true, sheetName: "Nguồn số liệu và trích dẫn").Cast<IDictionary<string, object?>>().First();
        Assert.Equal((">", flag.Cell(Language.Vi)), (source["Cận hoặc xấp xỉ"], source["Chất lượng"]));
        Assert.Equal(62d, source["Giá trị"]);
    }

    [Fact]
    public void The_province_report_is_one_stand_alone_A4_page_with_the_figures_in_the_readers_convention()
    {
        var html = Html.Render(Report(), ReaderLocale.Vietnamese);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("@page { size: A4;", html);
        Assert.DoesNotContain("<link", html);          // nothing to fetch: Chromium prints it from a temp file
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("Bình Thuận", html);
        Assert.Contains("67,4", html);                  // projected
        Assert.Contains("52,2–94,4", html);             // 80% interval
        Assert.Contains("45,1–98,6", html);             // 95% interval
        Assert.Contains("17%", html);                   // probability
        Assert.Contains("+4,6", html);                  // needed against observed
        Assert.Contains("+4,7", html);
        Assert.Contains("Chậm tiến độ", html);
        Assert.Contains("Đã đạt", html);
        Assert.Contains("65,9–85,5", html);             // spread of the other methods
        Assert.Contains("12/63", html);                 // rank among all units
        Assert.Equal(2, CountOf(html, "<svg"));         // one fan chart per indicator
        Assert.Contains("id=\"fan-1-title\"", html);    // charts on one page get distinct ids
        Assert.Contains("id=\"fan-2-title\"", html);
        Assert.Contains("004_f7c081ba448c0d92.txt", html);
        Assert.Contains("−3,5", html);                  // track record: 58,5 issued in 2019 against the actual 62
        Assert.Contains("Không đạt", html);
        XDocument.Parse(html.Replace("<!DOCTYPE html>", "")); // well-formed, so no stray markup from data
    }

    [Fact]
    public void A_projection_says_how_good_the_method_was_for_series_of_its_length_this_far_ahead()
    {
        Assert.Contains("4–6 số liệu, trước 5 năm: sai số 0,92× cách giữ nguyên; khoảng 80% đúng 81%", Html.Render(Report(), ReaderLocale.Vietnamese));
        Assert.Matches("4–6 figures, 5 years ahead: 0.92× naive(&#39;|')s error; 80% interval held 81%", Html.Render(Report(), ReaderLocale.English));
    }

    [Fact]
    public void English_is_available_on_request_with_English_numbers()
    {
        var html = Html.Render(Report(), ReaderLocale.English);

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Binh Thuan", html);
        Assert.Contains("67.4", html);
        Assert.Contains("52.2–94.4", html);
        Assert.Contains("Off track", html);
        Assert.Contains("15,200", html);
        Assert.Contains("12 of 63", html);
        Assert.Contains("Appendix: methodology", html);
    }

    [Fact]
    public void The_methodology_states_the_thresholds_it_is_given()
    {
        var vi = Html.Render(Report() with { Methodology = Method with { OnTrackProbability = 0.7, AtRiskProbability = 0.4 } }, ReaderLocale.Vietnamese);
        Assert.Contains("≥ 0,7", vi);
        Assert.Contains("0,4 ≤ xác suất &lt; 0,7", vi);
        Assert.Contains("83,9%", vi);                   // coverage of the 80% interval on held-out years
        Assert.Contains("96,0%", vi);
    }

    [Fact]
    public void Text_from_data_is_escaped_in_the_page()
    {
        var html = Html.Render(Report("<script>alert(1)</script> & “trích”"), ReaderLocale.Vietnamese);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;", html);
    }

    [Fact]
    public void The_workbook_has_a_sheet_per_section_with_numbers_as_numbers_and_quotes_as_text()
    {
        var bytes = ReportWorkbook.Render(Report(), ReaderLocale.Vietnamese);
        using var stream = new MemoryStream(bytes);
        var sheets = MiniExcel.GetSheetNames(stream);
        Assert.Equal(["Tổng quan", "Tóm tắt tình trạng", "Các chỉ tiêu có mục tiêu", "Thứ hạng trong cả nước", "Kết quả các dự báo trước đây", "Nguồn số liệu và trích dẫn", "Phụ lục phương pháp"], sheets);

        var rows = stream.Query(useHeaderRow: true, sheetName: "Các chỉ tiêu có mục tiêu").Cast<IDictionary<string, object?>>().ToList();
        var internet = rows.Single(r => (string?)r["Mã"] == "internet-users-rate");
        Assert.Equal(67.4, Assert.IsType<double>(internet["Dự báo"]), 6);
        Assert.Equal(52.2, Assert.IsType<double>(internet["Cận dưới 80%"]), 6);
        Assert.Equal(94.4, Assert.IsType<double>(internet["Cận trên 80%"]), 6);
        Assert.Equal(0.17, Assert.IsType<double>(internet["Xác suất đạt mục tiêu"]), 6);
        Assert.Equal("Chậm tiến độ", internet["Tình trạng"]);

        var sources = stream.Query(useHeaderRow: true, sheetName: "Nguồn số liệu và trích dẫn").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(sources, r => (string?)r["Trích dẫn"] == "=SUM(A1:A9) chứng thư");

        using var zip = new ZipArchive(new MemoryStream(bytes));
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet")))
        {
            var sheet = XDocument.Load(entry.Open()).Root!;
            Assert.Empty(sheet.Descendants(ns + "f"));                          // nothing is ever a formula
            Assert.Single(sheet.Descendants(ns + "autoFilter"));
            Assert.Equal("A2", (string?)sheet.Descendants(ns + "pane").Single().Attribute("topLeftCell"));
        }
    }

    [Fact]
    public void The_indicator_report_maps_every_unit_and_lists_projections_by_probability()
    {
        var units = new[] { ("60", "Bình Thuận", 0.17, 62.0), ("01", "Hà Nội", 0.9, 80.0), ("79", "TP. Hồ Chí Minh", 0.55, 85.0) };
        var report = new IndicatorReport(Cover, Internet, 2020,
            [.. units.Select((u, k) => new IndicatorReportRow(new(u.Item1, u.Item2, u.Item2, Geography.Vn63), k + 1, u.Item4, 2020, false,
                InternetProjection with { Probability = u.Item3 }))], [], Method);

        Assert.Equal(["01", "79", "60"], report.ByProbability.Select(r => r.Unit.Code));
        var html = Html.Render(report, ReaderLocale.Vietnamese);
        Assert.Contains("data-code=\"60\"", html);
        Assert.Contains("data-code=\"01\"", html);
        Assert.True(html.IndexOf("90%", StringComparison.Ordinal) < html.IndexOf("55%", StringComparison.Ordinal));
        Assert.Contains("Open Development Vietnam", html);          // the boundaries' attribution, with the map

        using var stream = new MemoryStream(ReportWorkbook.Render(report, ReaderLocale.Vietnamese));
        var ranking = stream.Query(useHeaderRow: true, sheetName: "Bảng xếp hạng").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal([1.0, 2.0, 3.0], ranking.Select(r => Convert.ToDouble(r["Hạng"])));
    }

    [Fact]
    public async Task The_printed_report_reads_back_with_diacritics_and_the_same_figures()
    {
        var pdf = await new ReportPdf(Html, new ChromiumPdfPrinter(timeout: TimeSpan.FromMinutes(3))).RenderAsync(Report(), ReaderLocale.Vietnamese);
        var text = await PdfText(pdf);

        Assert.Contains("Bình Thuận", text);
        Assert.Contains("Tỷ lệ người sử dụng Internet", text);
        Assert.Contains("67,4", text);
        Assert.Contains("52,2–94,4", text);
        Assert.Contains("Chậm tiến độ", text);
        Assert.Contains("Phụ lục: phương pháp", text);
    }

    // Lâm Đồng of the 34 units, formed from Lâm Đồng, Đắk Nông and Bình Thuận: its DTI score carried by the unweighted mean.
    private static readonly ReportIndicator Dti = new("dti-score", "Chỉ số chuyển đổi số cấp tỉnh (DTI)", "Provincial DTI", "score", true, 3);
    private static ProvinceReport MergedReport() => new(
        Cover with { Geography = Geography.Vn34 }, new ReportUnit("68", "Lâm Đồng", "Lam Dong", Geography.Vn34),
        [
            new(Dti, new Projection(2025, 2024, 0.5, 0.6, 0.55, new(0.5, 0.6), new(0.45, 0.65), 0.3, 0.1, 0.05, AttainmentStatus.AtRisk, null, "production", [], Derived: true),
                [new(2023, 0.4567, ObservationKind.Actual, Derived: true), new(2024, 0.5, ObservationKind.Actual, Derived: true)],
                [new(2024, 0.5, 0.5, 0.5, 0.5, 0.5), new(2025, 0.55, 0.5, 0.6, 0.45, 0.65)],
                new UnitRank(7, 34, 2024, 0.5, Derived: true),
                [new("dti-score", 2023, ObservationKind.Actual, 0.4567, "derived (mean) from Lâm Đồng (68), Đắk Nông (67), Bình Thuận (60)", null, Derived: true)],
                CarryMethod: "mean"),
        ],
        new MergedUnit(new DateOnly(2025, 7, 1),
            [new("60", "Bình Thuận", "Binh Thuan"), new("67", "Đắk Nông", "Dak Nong"), new("68", "Lâm Đồng", "Lam Dong")],
            [new MethodNote("mean", "trung bình cộng của các tỉnh thành viên", ["Chỉ số chuyển đổi số cấp tỉnh (DTI)"])],
            [new("dti-score", 2023, ObservationKind.Actual, 0.4567, "mean",
                [new("60", "Bình Thuận", 0.41), new("67", "Đắk Nông", 0.45), new("68", "Lâm Đồng", 0.5101)], [])]),
        [], Method);

    [Fact]
    public void A_merged_unit_shows_its_members_and_each_derived_figure_with_its_method_in_the_page_and_the_workbook()
    {
        var html = Html.Render(MergedReport(), ReaderLocale.Vietnamese);
        Assert.Contains("Đơn vị hợp nhất", html);
        foreach (var member in new[] { "Bình Thuận (60)", "Đắk Nông (67)", "Lâm Đồng (68)" }) Assert.Contains(member, html);
        Assert.Contains("trung bình cộng của các tỉnh thành viên. Chỉ số chuyển đổi số cấp tỉnh (DTI).", html); // the rule once, naming its indicators
        Assert.DoesNotContain("dti-score: mean", html);                       // not an indicator code per line
        Assert.Contains("0,457 (suy ra, mean)", html);                       // the carried figure, marked with its method
        Assert.Contains("0,500 (suy ra, mean)", html);                        // the rank table's derived value says how it was carried
        Assert.Contains("data-derived=\"true\"", html);                   // and marked in the chart
        Assert.Contains("phương pháp: cộng cho số đếm", html);                // the methodology states every carry rule
        Assert.Contains("trung bình có trọng số dân số", html);
        Assert.Contains("thứ hạng không được chuyển", html);
        Assert.Contains("Số liệu công bố cho chính đơn vị mới luôn được dùng", html);

        var english = Html.Render(MergedReport(), ReaderLocale.Parse("en"));
        Assert.Contains("0.457 (derived, mean)", english);
        Assert.Contains("ranks are not carried", english);
        Assert.Contains("nearest year", english);

        using var stream = new MemoryStream(ReportWorkbook.Render(MergedReport(), ReaderLocale.Vietnamese));
        var members = stream.Query(useHeaderRow: true, sheetName: "Đơn vị hợp nhất").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["60", "67", "68"], members.Select(m => (string)m["Mã"]!));
        var carried = Assert.Single(stream.Query(useHeaderRow: true, sheetName: "Số liệu suy ra").Cast<IDictionary<string, object?>>());
        Assert.Equal(0.4567, Assert.IsType<double>(carried["Giá trị"]), 9);
        Assert.Equal("mean", carried["Phương pháp"]);
        Assert.Contains("Đắk Nông (67): 0.45", (string)carried["Tỉnh thành viên"]!);
    }

    [Fact]
    public async Task The_printed_report_of_a_merged_unit_names_its_members_and_its_derived_figures()
    {
        var pdf = await new ReportPdf(Html, new ChromiumPdfPrinter(timeout: TimeSpan.FromMinutes(3))).RenderAsync(MergedReport(), ReaderLocale.Vietnamese);
        var text = await PdfText(pdf);

        Assert.Contains("Đơn vị hợp nhất", text);
        foreach (var member in new[] { "Bình Thuận", "Đắk Nông", "Lâm Đồng" }) Assert.Contains(member, text);
        Assert.Contains("0,457 (suy ra, mean)", text);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static async Task<string> PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-enc", "UTF-8", file, "-" }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.ExitCode == 0, "pdftotext failed (scripts/chromium.sh ensure installs poppler-utils)");
            return (await output).Normalize(System.Text.NormalizationForm.FormC);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
