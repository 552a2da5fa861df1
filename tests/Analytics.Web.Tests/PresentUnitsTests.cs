using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Geography;
using Analytics.Presentation.Reports;
using Analytics.Contracts;
using Analytics.Tests.Support;
using Analytics.Web.Tests.Support;

namespace Analytics.Web.Tests;

/// <summary>
/// The 34 units as the present, on the real embedded cluster with every bundled file: a merged unit's profile as full as
/// its members' data allows, the members' targets grouped under their unit, national targets with their quotes, and
/// empty views that say where the data is.
/// </summary>
public sealed class PresentUnitsTests(PagesFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PagesFixture>
{
    private EmbeddedCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Lam_Dong_of_the_34_fills_a_row_for_every_indicator_Binh_Thuan_has_with_rank_and_coverage_where_a_unit_value_exists()
    {
        var binhThuan = await Cluster.GetAsync<ProfileDto>("/api/provinces/60/profile?geography=vn-63");
        var lamDong = await Cluster.GetAsync<ProfileDto>("/api/provinces/68/profile?geography=vn-34");

        var filled = lamDong.Rows.Where(r => r.IsFilled && (r.Year is not null || r.MemberFigures!.All(f => f.Year > 0)))
            .Select(r => r.Indicator).ToHashSet();
        var hers = binhThuan.Rows.Where(r => r.Value is not null).Select(r => r.Indicator).ToList();
        Assert.True(hers.Count >= 341, $"Bình Thuận has {hers.Count} indicators with a figure");
        Assert.All(hers, code => Assert.Contains(code, filled));
        Assert.All(lamDong.Rows.Where(r => r.Value is not null), r =>
        {
            Assert.NotNull(r.Rank);
            Assert.InRange(r.Ranked!.Value, 1, 34);
            if (r.Origin == FigureOrigin.Derived) Assert.Equal(3, r.MembersTotal);
        });
        var dti = lamDong.Rows.Single(r => r.Indicator == "dti-score");
        Assert.Equal((2024, FigureOrigin.Derived, 3, 3), (dti.Year!.Value, dti.Origin!.Value, dti.MembersCovered!.Value, dti.MembersTotal!.Value));
        Assert.Contains(lamDong.Methods, m => m.Rule == "mean" && m.IndicatorsEn.Contains("Provincial Digital Transformation Index (DTI) value"));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/provinces/68?geography=vn-34&lang=en");
        Assert.Equal(lamDong.Rows.Count, await page.Locator("#profile tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("#profile tbody tr td.year:text-is('')").CountAsync());
        Assert.Contains("3 of 3 members", await page.Locator("#profile tr[data-indicator='dti-score'] td.value").InnerTextAsync());
        await page.GotoAsync("/provinces/68?geography=vn-34");              // the reader's default language, for the picture
        Assert.Contains("3/3 tỉnh thành viên", await page.Locator("#profile tr[data-indicator='dti-score'] td.value").InnerTextAsync());
        await fixture.ScreenshotAsync(page, "profile-34");
    }

    [Fact]
    public async Task Attainment_in_the_34_groups_the_members_2025_targets_under_their_unit()
    {
        var old = await Cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025&geography=vn-63");
        var present = await Cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025&geography=vn-34");
        var merged = old.Rows.Count(r => r.Province is "60" or "67" or "68");

        var lamDong = present.MemberTargets!.Where(g => g.Unit == "68").ToList();
        Assert.Equal(merged, lamDong.Sum(g => g.Members.Count));
        Assert.All(lamDong, g => Assert.True(g.UnitStatus is null || g.How == "combined"));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/attainment?year=2025&geography=vn-34");
        Assert.Equal(present.MemberTargets!.Count, await page.Locator("#member-targets tbody tr").CountAsync());
        await fixture.ScreenshotAsync(page, "attainment-2025-34");
    }

    [Fact]
    public async Task A_2030_national_target_appears_with_its_decision_and_verbatim_quote()
    {
        var table = await Cluster.GetAsync<AttainmentDto>("/api/attainment?year=2030&source=national&geography=vn-34");
        var target = Assert.Single(table.NationalTargets!, t => t.Document == "411/QĐ-TTg" && t.Indicator == "digital-economy-grdp-share");
        Assert.Equal(30, target.Value);
        Assert.Contains("30%GDP", target.Quote);
        // Without a year, the national targets open on their latest year.
        Assert.Equal(2030, (await Cluster.GetAsync<AttainmentDto>("/api/attainment?source=national")).Year);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/attainment?year=2030&source=national&geography=vn-34");
        Assert.Contains(target.Quote, await page.Locator("#national-targets").InnerTextAsync());
        await fixture.ScreenshotAsync(page, "attainment-2030-national");
    }

    [Fact]
    public async Task An_empty_attainment_view_says_why_and_links_to_where_the_data_is()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/attainment?year=2030&geography=vn-34");

        var empty = page.Locator("#attainment-empty");
        Assert.Equal(1, await empty.CountAsync());
        Assert.True(await empty.Locator("a[href*='source=national']").CountAsync() > 0);
        Assert.True(await empty.Locator("a[href^='/upload']").CountAsync() > 0);
    }

    [Fact]
    public async Task The_2025_review_lists_every_members_target_under_its_unit_with_an_outcome()
    {
        var review = await Cluster.GetAsync<ReviewDto>("/api/review/2025?geography=vn-34");
        Assert.Equal(review.Targets, review.Outcomes.Values.Sum());
        Assert.Contains(review.Rows, r => r.MemberOf == "68" && r.Unit == "60");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/review?year=2025&geography=vn-34");
        Assert.Equal(review.Rows.Count, await page.Locator("#review tbody tr").CountAsync());
        await fixture.ScreenshotAsync(page, "review-2025");
    }

    [Fact]
    public async Task The_report_of_a_merged_unit_lists_its_members_targets_its_ranks_method_notes_once_per_rule_the_year_in_review_and_2030()
    {
        var attainment = await Cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025&geography=vn-34");
        var groups = attainment.MemberTargets!.Where(g => g.Unit == "68").ToList();
        Assert.NotEmpty(groups);

        var timer = Stopwatch.StartNew();
        var report = await Cluster.GetAsync<ProvinceReport>("/api/reports/province/68?year=2025&geography=vn-34&format=json");
        output.WriteLine($"report model of Lâm Đồng (34): {timer.Elapsed.TotalSeconds:0.0} s");
        var outlook = report.Outlook!;
        Assert.False(string.IsNullOrEmpty(report.Cover.ModelVersion));
        // Page 1 counts the members' targets, each with the status and probability its own series has.
        Assert.Equal(groups.Sum(g => g.Members.Count), outlook.MemberTargets.Sum(g => g.Members.Count));
        Assert.Equal(groups.Sum(g => g.Members.Count), outlook.MemberStatusCounts.Sum(c => c.Count));
        var status = groups.SelectMany(g => g.Members.Select(m => (Key: (g.Indicator, m.Code), m.Status))).ToDictionary(x => x.Key, x => x.Status);
        Assert.All(outlook.MemberTargets.SelectMany(g => g.Members.Select(m => (Key: (g.Indicator.Code, m.Code), m.Status))),
            m => Assert.Equal(status[m.Key], m.Status));
        // The unit's figures with their ranks among the 34.
        var dti = Assert.Single(outlook.Figures, f => f.Indicator.Code == "dti-score");
        var ranking = await Cluster.GetAsync<RankingDto>($"/api/rankings/dti-score?year={dti.Year}&geography=vn-34");
        Assert.Equal(ranking.Rows.Single(r => r.Province == "68").Rank, dti.Rank);
        Assert.Equal(34, dti.Ranked);
        // Method notes once per rule, naming the indicators.
        var rules = report.Merge!.HowCarried.Select(n => n.Rule).ToList();
        Assert.Equal(rules.Distinct().Count(), rules.Count);
        Assert.Contains(report.Merge.HowCarried, n => n.Indicators.Contains("Chỉ số chuyển đổi số cấp tỉnh (DTI)"));
        // The year in review and the national targets of 2030 with their quotes.
        Assert.Contains(outlook.Review, r => r.SetBy == "Bình Thuận");
        Assert.All(outlook.Review, r => Assert.Contains(r.Outcome, new[] { "met", "missed", "not-reported" }));
        Assert.Equal(2030, outlook.HorizonYear);
        var goal = Assert.Single(outlook.National, n => n.Document == "411/QĐ-TTg" && n.Indicator.Code == "digital-economy-grdp-share");
        Assert.Contains("30%GDP", goal.Quote);

        timer.Restart();
        var pdf = await Cluster.Http.GetAsync("/api/reports/province/68?year=2025&geography=vn-34&format=pdf");
        output.WriteLine($"PDF of Lâm Đồng (34): {timer.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var printed = await pdf.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(Chromium.Results, "report-68-34-2025-vi.pdf"), printed);
        var text = Regex.Replace(await Chromium.PdfTextAsync(printed), @"\s+", " ");
        Assert.Contains("Mục tiêu năm 2025 của các tỉnh thành viên", text);
        foreach (var member in new[] { "Bình Thuận", "Đắk Nông" }) Assert.Contains(member, text);
        Assert.Contains("Nhìn lại năm 2025", text);
        Assert.Contains("Hướng tới 2030", text);
        Assert.Contains("411/QĐ-TTg", text);
        Assert.DoesNotContain("dti-score:", text);                        // no indicator code per line as a method note
        Assert.Contains(Regex.Replace(goal.Quote, @"\s+", " "), text);

        var html = await Cluster.GetTextAsync("/api/reports/province/68?year=2025&geography=vn-34");
        Assert.Equal(rules.Count, Regex.Count(html, "class=\"method-note\""));
    }

    [Fact]
    public async Task A_new_units_own_public_figures_appear_on_its_profile_with_their_source_and_quote()
    {
        var profile = await Cluster.GetAsync<ProfileDto>("/api/provinces/08/profile?geography=vn-34");
        var area = Assert.Single(profile.Rows, r => r.Indicator == "natural-area");
        Assert.Equal((2025, 13795.5, FigureOrigin.Reported), (area.Year!.Value, area.Value!.Value, area.Origin!.Value));
        Assert.Equal("Nghị quyết 202/2025/QH15, khoản 1 Điều 1", area.Source);
        Assert.Contains("13.795,50 km2", area.Quote);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/provinces/08?geography=vn-34");
        var row = await page.Locator("#profile tr[data-indicator='natural-area'] td.value").InnerTextAsync();
        Assert.Contains("202/2025/QH15", row);                            // the registered document, by its number
        Assert.Contains(area.Quote!, row);
    }

    [Fact]
    public async Task Every_profile_of_the_34_fills_each_of_its_rows_with_a_year_and_a_figure()
    {
        var units = await Cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-34");
        Assert.Equal(34, units.Count);
        var filled = new List<int>();
        foreach (var unit in units)
        {
            var profile = await Cluster.GetAsync<ProfileDto>($"/api/provinces/{unit.Code}/profile?geography=vn-34");
            Assert.All(profile.Rows, r => Assert.True(r.IsFilled, $"{unit.Code} {r.Indicator}: a row without a figure"));
            Assert.Equal(profile.Rows.Count(r => r.IsFilled), profile.Filled);
            filled.Add(profile.Filled);
        }
        filled.Sort();
        output.WriteLine($"filled rows of the 34 profiles: min {filled[0]}, median {(filled[16] + filled[17]) / 2.0}, max {filled[^1]}");
    }
}
