using Analytics.Domain.Geography;
using Analytics.Domain.Tests.Support;
using G = Analytics.Domain.Geography.Geography;

namespace Analytics.Domain.Tests.Geography;

public class ResolutionTests
{
    private static Gazetteer Units => BundledData.Gazetteer;

    private static AdministrativeUnit Resolved(string text, int? year = null, G? geography = null)
    {
        var r = Units.Resolve(text, year, geography);
        Assert.True(r.IsResolved, $"'{text}' ({year}, {geography}) refused: {r.Refusal}");
        return r.Unit!;
    }

    /// <summary>The refusal in English (the specs below read the English words; one spec reads the Vietnamese).</summary>
    private static string Refused(string text, int? year = null, G? geography = null, int? quarter = null)
    {
        using var english = Bilingual.Reading(english: true);
        var r = Units.Resolve(text, year, geography, quarter);
        Assert.False(r.IsResolved, $"'{text}' ({year}, {geography}) resolved to {r.Unit}");
        return r.Refusal!;
    }

    [Theory]
    [InlineData("60")]
    [InlineData("Bình Thuận")]
    [InlineData("Binh Thuan")]
    public void A_figure_for_Binh_Thuan_in_2026_is_refused_naming_its_successor(string text) =>
        Assert.Equal("Bình Thuận (60) was merged into Lâm Đồng (68) on 2025-07-01; send figures from 2026 for Lâm Đồng",
            Refused(text, 2026));

    [Fact]
    public void A_merged_province_asked_in_either_geography_after_its_end_is_refused_naming_its_successor()
    {
        const string reason = "Bình Thuận (60) was merged into Lâm Đồng (68) on 2025-07-01; send figures from 2026 for Lâm Đồng";
        Assert.Equal(reason, Refused("Bình Thuận", 2026, G.Vn63));
        Assert.Equal(reason, Refused("Bình Thuận", 2026, G.Vn34));
    }

    [Fact]
    public void A_quarter_after_the_merger_is_refused_for_the_old_province_naming_the_quarter_to_send()
    {
        Assert.Equal("Bình Thuận (60) was merged into Lâm Đồng (68) on 2025-07-01; send figures from 2025 Q3 for Lâm Đồng",
            Refused("60", 2025, quarter: 3));
    }

    [Fact]
    public void Ha_Tay_holds_no_figures_from_2008()
    {
        Assert.Equal("Hà Tây (28) was merged into Hà Nội (01) on 2008-08-01; send figures from 2008 for Hà Nội", Refused("Hà Tây", 2008));
        Assert.Equal("28", Resolved("Ha Tay", 2007).Code);
    }

    [Fact]
    public void A_refusal_is_in_Vietnamese_unless_the_reader_reads_English()
    {
        var r = Units.Resolve("60", 2026);
        Assert.Equal("Bình Thuận (60) đã được sáp nhập vào Lâm Đồng (68) ngày 2025-07-01; gửi số liệu từ 2026 cho Lâm Đồng", r.Refusal);
        Assert.Equal("Lâm Đồng (68) của 34 tỉnh, thành phố, từ 2025-07-01 (thành viên 60, 67, 68)", Units.Resolve("Lam Dong", geography: G.Vn34).Found);
        using var english = Bilingual.Reading(english: true);
        Assert.Equal("Bình Thuận (60) was merged into Lâm Đồng (68) on 2025-07-01; send figures from 2026 for Lâm Đồng", Units.Resolve("60", 2026).Refusal);
    }

    [Fact]
    public void Code_68_in_2025_without_a_geography_is_refused_naming_both_readings()
    {
        using var english = Bilingual.Reading(english: true);
        var r = Units.Resolve("68", 2025);
        Assert.False(r.IsResolved);
        Assert.Equal(
            "code 68 means two territories in 2025: Lâm Đồng (68) of the 63 provinces, until 2025-06-30 and " +
            "Lâm Đồng (68) of the 34 units, from 2025-07-01 (members 60, 67, 68); say which with a geography (vn-63 or vn-34)",
            r.Refusal);
        Assert.Equal([G.Vn63, G.Vn34], r.Readings.Select(u => u.Geography));
    }

    [Fact]
    public void Code_68_in_2025_with_a_geography_is_that_geographys_unit()
    {
        var old = Resolved("68", 2025, G.Vn63);
        Assert.Equal((G.Vn63, "68", 0), (old.Geography, old.Code, old.Members.Count));
        var current = Resolved("68", 2025, G.Vn34);
        Assert.Equal((G.Vn34, "68"), (current.Geography, current.Code));
        Assert.Equal(["60", "67", "68"], current.Members);
    }

    [Theory]
    [InlineData("24")]        // Bắc Giang until 2025-06-30, the new Bắc Ninh (its seat in Bắc Giang) after
    [InlineData("Bắc Ninh")]  // 27 until 2025-06-30, 24 after
    [InlineData("Gia Lai")]   // 64, then 52
    [InlineData("Thành phố Hải Phòng")] // "Thành phố" is no part of the name: Hải Phòng (31), then Hải Phòng + Hải Dương
    public void Other_codes_and_names_that_mean_two_territories_in_2025_are_refused_too(string text) =>
        Assert.Contains("means two territories in 2025", Refused(text, 2025));

    [Theory]
    [InlineData("60", "vn-63", "60")]   // Bình Thuận: only the old province has this code in 2025
    [InlineData("Đắk Nông", "vn-63", "67")]
    [InlineData("01", "vn-34", "01")]   // Hà Nội: one territory in both geographies
    [InlineData("Huế", "vn-34", "46")]
    public void In_2025_a_code_or_name_that_means_one_territory_resolves(string text, string geography, string code)
    {
        var u = Resolved(text, 2025);
        Assert.Equal((geography, code), (u.Geography.Code, u.Code));
    }

    [Theory]
    [InlineData(2024, "vn-63", "68", "Lâm Đồng (68) of the 63 provinces, until 2025-06-30")]
    [InlineData(2026, "vn-34", "68", "Lâm Đồng (68) of the 34 units, from 2025-07-01 (members 60, 67, 68)")]
    public void Lam_Dong_with_a_year_says_which_unit_it_found(int year, string geography, string code, string found)
    {
        using var english = Bilingual.Reading(english: true);
        var r = Units.Resolve("Lâm Đồng", year);
        Assert.Equal((geography, code), (r.Unit!.Geography.Code, r.Unit.Code));
        Assert.Equal(found, r.Found);
    }

    [Fact]
    public void Lam_Dong_with_a_geography_says_which_unit_it_found_and_without_either_is_ambiguous()
    {
        using var english = Bilingual.Reading(english: true);
        Assert.Equal("Lâm Đồng (68) of the 34 units, from 2025-07-01 (members 60, 67, 68)", Units.Resolve("Lam Dong", geography: G.Vn34).Found);
        Assert.Equal("Lâm Đồng (68) of the 63 provinces, until 2025-06-30", Units.Resolve("Lam Dong", geography: G.Vn63).Found);
        Assert.EndsWith("give a year or a geography (vn-63 or vn-34)", Refused("Lâm Đồng"));
        Assert.Equal(G.Vn63, Resolved("Bình Thuận").Geography); // one reading only
    }

    [Fact]
    public void Gia_Lai_is_64_before_the_merger_and_52_after() =>
        Assert.Equal(("64", "52"), (Resolved("Gia Lai", 2024).Code, Resolved("Gia Lai", 2026).Code));

    [Fact]
    public void Asking_the_63_for_a_year_after_the_merger_is_refused()
    {
        Assert.Equal("the 63 provinces (vn-63) ended on 2025-06-30; figures for 2026 belong to the 34 units (geography vn-34)",
            Refused("01", 2026, G.Vn63));
        Assert.Equal(G.Vn34, Resolved("01", 2026).Geography);
    }

    [Fact]
    public void Asking_the_34_for_a_year_before_the_merger_is_refused_naming_the_members() =>
        Assert.Equal("Lâm Đồng (68) of the 34 units exists from 2025-07-01; figures for 2024 belong to its members " +
                     "Bình Thuận (60), Đắk Nông (67), Lâm Đồng (68) (geography vn-63), unless their publisher restated them for the new unit " +
                     "(column restated)", Refused("68", 2024, G.Vn34));

    [Fact]
    public void A_figure_restated_for_a_unit_of_the_34_resolves_only_before_the_merger_and_only_in_the_34()
    {
        using var english = Bilingual.Reading(english: true);
        Assert.Equal("vn34-68", Units.Resolve("68", 2024, G.Vn34, restated: true).Unit!.TerritoryCode);
        Assert.Equal("vn34-68", Units.Resolve("Lâm Đồng", 2025, G.Vn34, quarter: 2, restated: true).Unit!.TerritoryCode);
        Assert.Equal("Lâm Đồng (68) holds its own figures for 2025; only figures before 2025-07-01 are restated (remove the restated mark)",
            Units.Resolve("68", 2025, G.Vn34, restated: true).Refusal);
        Assert.Equal("only figures of the 34 units (geography vn-34) are restated", Units.Resolve("68", 2024, G.Vn63, restated: true).Refusal);
        Assert.Equal("only figures of the 34 units (geography vn-34) are restated", Units.Resolve("68", 2024, restated: true).Refusal);
    }

    [Fact]
    public void A_name_of_one_geography_asked_in_the_other_is_refused_naming_what_it_is() =>
        Assert.Equal("'Đắk Nông' names no unit of the 34 units (vn-34); it names Đắk Nông (67) of the 63 provinces, until 2025-06-30",
            Refused("Đắk Nông", geography: G.Vn34));

    [Fact]
    public void Every_unit_resolves_by_its_names_and_code_in_its_own_geography()
    {
        foreach (var u in Units.All)
        {
            Assert.Same(u, Units.Resolve(u.NameVi, geography: u.Geography).Unit);
            Assert.Same(u, Units.Resolve(u.NameEn, geography: u.Geography).Unit);
            Assert.Same(u, Units.Resolve(u.NameAscii, geography: u.Geography).Unit);
            Assert.Same(u, Units.Resolve(u.Code, geography: u.Geography).Unit);
            Assert.Same(u, Units.Find(u.Key));
        }
    }

    [Theory]
    [InlineData("vn-63", "vn-63")]
    [InlineData("VN63", "vn-63")]
    [InlineData("34", "vn-34")]
    [InlineData("vn-34", "vn-34")]
    public void Geographies_parse_from_their_codes(string text, string code)
    {
        Assert.True(G.TryParse(text, out var g));
        Assert.Equal(code, g.Code);
        Assert.False(G.TryParse("vn-64", out _));
    }
}
