using Analytics.Domain.Geography;
using Analytics.Contracts;
using Analytics.Tests.Support;
using Analytics.Web.Tests.Support;

namespace Analytics.Web.Tests;

/// <summary>
/// The 34 units as the present, on the real embedded cluster with every bundled file: a merged unit's profile as full as
/// its members' data allows, the members' targets grouped under their unit, national targets with their quotes, and
/// empty views that say where the data is.
/// </summary>
public sealed class PresentUnitsTests(PagesFixture fixture) : IClassFixture<PagesFixture>
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
}
