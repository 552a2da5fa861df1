using Analytics.Domain.Geography;
using Analytics.Domain.Tests.Support;
using G = Analytics.Domain.Geography.Geography;

namespace Analytics.Domain.Tests.Geography;

public class ExistenceTests
{
    private static Gazetteer Units => BundledData.Gazetteer;

    [Fact]
    public void Loads_the_63_provinces_with_Ha_Tay_and_the_34_units()
    {
        Assert.Equal(64, Units.UnitsOf(G.Vn63).Count());
        Assert.Equal(34, Units.UnitsOf(G.Vn34).Count());
        Assert.Equal(6, Units.Regions.Count);
        Assert.All(Units.All, u => Assert.Matches("^[0-9]{2}$", u.Code));
    }

    [Theory]
    [InlineData(2007, 64, 0)]   // Hà Tây still a province
    [InlineData(2008, 63, 0)]   // Hà Tây merged into Hà Nội on 2008-08-01: its series stop in 2007
    [InlineData(2024, 63, 0)]
    [InlineData(2025, 63, 34)]  // both geographies: the 63 until 2025-06-30, the 34 from 2025-07-01
    [InlineData(2026, 0, 34)]
    [InlineData(2030, 0, 34)]
    public void A_year_holds_figures_of_the_units_that_existed_in_it(int year, int old, int current)
    {
        var units = Units.UnitsHoldingFiguresFor(year);
        Assert.Equal(old, units.Count(u => u.Geography == G.Vn63));
        Assert.Equal(current, units.Count(u => u.Geography == G.Vn34));
        Assert.Equal(year <= 2007, units.Any(u => u.Code == "28"));
    }

    [Theory]
    [InlineData(2, 63, 0)]
    [InlineData(3, 0, 34)]
    public void A_quarter_of_2025_holds_one_geography(int quarter, int old, int current)
    {
        var units = Units.UnitsHoldingFiguresFor(2025, quarter);
        Assert.Equal((old, current), (units.Count(u => u.Geography == G.Vn63), units.Count(u => u.Geography == G.Vn34)));
    }

    [Fact]
    public void The_63_exist_until_2025_06_30_and_the_34_from_2025_07_01()
    {
        Assert.All(Units.UnitsOn(new DateOnly(2025, 6, 30)), u => Assert.Equal(G.Vn63, u.Geography));
        Assert.Equal(63, Units.UnitsOn(new DateOnly(2025, 6, 30)).Count);
        Assert.All(Units.UnitsOn(new DateOnly(2025, 7, 1)), u => Assert.Equal(G.Vn34, u.Geography));
        Assert.Equal(34, Units.UnitsOn(new DateOnly(2025, 7, 1)).Count);
    }

    [Theory]
    [InlineData(2008, "vn-63")]
    [InlineData(2024, "vn-63")]
    [InlineData(2025, "vn-34")]
    [InlineData(2026, "vn-34")]
    public void The_geography_in_force_at_the_end_of_a_year(int year, string geography) =>
        Assert.Equal(geography, Gazetteer.GeographyAtEndOf(year).Code);

    [Theory]
    [InlineData("10", "15", "10;15")]        // Lào Cai + Yên Bái: the seat is in Yên Bái, so the new Lào Cai is 15
    [InlineData("27", "24", "24;27")]        // Bắc Ninh
    [InlineData("45", "44", "44;45")]        // Quảng Trị
    [InlineData("64", "52", "52;64")]        // Gia Lai
    [InlineData("72", "80", "72;80")]        // Tây Ninh
    [InlineData("87", "82", "82;87")]        // Đồng Tháp
    [InlineData("89", "91", "89;91")]        // An Giang
    [InlineData("60", "68", "60;67;68")]
    public void A_merged_province_names_the_unit_that_holds_its_territory(string province, string unit, string members)
    {
        var old = Units.Find(G.Vn63, province)!;
        var successor = Units.SuccessorOf(old)!;
        Assert.Equal((G.Vn34, unit), (successor.Geography, successor.Code));
        Assert.Equal(members.Split(';'), Units.MembersOf(successor).Select(m => m.Code));
        Assert.Equal(new DateOnly(2025, 6, 30), old.ValidTo);
    }

    [Fact]
    public void Ha_Tay_went_to_Ha_Noi_in_2008()
    {
        var haTay = Units.Find(G.Vn63, "28")!;
        Assert.Equal(new DateOnly(2008, 7, 31), haTay.ValidTo);
        Assert.Equal(Units.Find(G.Vn63, "01"), Units.SuccessorOf(haTay));
    }

    [Fact]
    public void Hue_is_named_Thanh_pho_Hue_from_2025_01_01_without_a_change_of_territory()
    {
        var hue = Units.Find(G.Vn63, "46")!;
        Assert.Equal("Thừa Thiên Huế", hue.NameViOn(new DateOnly(2024, 12, 31)));
        Assert.Equal("Thành phố Huế", hue.NameViOn(new DateOnly(2025, 1, 1)));
        Assert.Null(hue.ValidTo);
        Assert.Equal("46", Units.Find(G.Vn34, "46")!.TerritoryCode);
    }

    [Fact]
    public void An_unmerged_province_is_one_territory_in_both_geographies_a_merged_unit_is_not()
    {
        Assert.Equal(Units.Find(G.Vn63, "01")!.TerritoryCode, Units.Find(G.Vn34, "01")!.TerritoryCode);
        Assert.NotEqual(Units.Find(G.Vn63, "68")!.TerritoryCode, Units.Find(G.Vn34, "68")!.TerritoryCode);
        Assert.Equal(11, Units.UnitsOf(G.Vn34).Count(u => u.TerritoryCode == u.Code));
    }

    [Fact]
    public void The_regions_of_the_34_are_the_region_of_the_seat_and_flagged_approximate()
    {
        Assert.All(Units.UnitsOf(G.Vn34), u => Assert.True(u.Region.IsApproximate, u.ToString()));
        Assert.All(Units.UnitsOf(G.Vn63), u => Assert.False(u.Region.IsApproximate, u.ToString()));
        var lamDong = Units.Find(G.Vn34, "68")!;
        Assert.Equal("Central Highlands", lamDong.Region.Name);
        Assert.Contains("approximate", lamDong.Region.ToString());
        Assert.All(Units.UnitsOf(G.Vn34), u => Assert.Contains(u.Region.Name, Units.Regions));
    }

    [Fact]
    public void Names_in_English_and_without_diacritics()
    {
        var hcm = Units.Find(G.Vn34, "79")!;
        Assert.Equal(("Thành phố Hồ Chí Minh", "Ho Chi Minh city", "Thanh pho Ho Chi Minh"), (hcm.NameVi, hcm.NameEn, hcm.NameAscii));
        Assert.Equal("Dak Nong", Units.Find(G.Vn63, "67")!.NameAscii);
    }
}
