using Analytics.Domain.Geography;
using Analytics.Tests.Support;
using G = Analytics.Domain.Geography.Geography;

namespace Analytics.Domain.Tests.Geography;

/// <summary>
/// The name matching of the 63 provinces as the product did it before the 34 units (ported from the tests of the former
/// ProvinceDirectory, none weakened): a code or name read for 2024, when only the 63 hold figures. What the 34 units add
/// (refusals across the merger, both readings of a code) is specified beside it, in this folder.
/// </summary>
public class GazetteerTests
{
    private static Gazetteer Provinces => RepoFiles.Provinces;

    private static IReadOnlyList<AdministrativeUnit> Vn63 => [.. Provinces.UnitsOf(G.Vn63)];

    private static bool TryResolve(string? text, out AdministrativeUnit? unit) => (unit = Provinces.Resolve(text, 2024).Unit) is not null;

    [Fact]
    public void Loads_the_63_provinces_and_Ha_Tay_in_six_regions_and_the_34_units()
    {
        Assert.Equal(64, Vn63.Count);
        Assert.Equal(34, Provinces.UnitsOf(G.Vn34).Count());
        Assert.Equal(6, Provinces.Regions.Count);
        Assert.All(Provinces.All, p => Assert.Matches("^[0-9]{2}$", p.Code));
    }

    [Theory]
    [InlineData("60", "60")]
    [InlineData("1", "01")]
    [InlineData("01", "01")]
    [InlineData(" 79 ", "79")]
    [InlineData("Bình Thuận", "60")]
    [InlineData("Binh Thuan", "60")]
    [InlineData("BINH THUAN", "60")]
    [InlineData("binh  thuan", "60")]
    [InlineData("Tỉnh Bình Thuận", "60")]
    [InlineData("Binh Thuan province", "60")]
    [InlineData("TP. Hồ Chí Minh", "79")]
    [InlineData("TP.HCM", "79")]
    [InlineData("TP HCM", "79")]
    [InlineData("TPHCM", "79")]
    [InlineData("Ho Chi Minh city", "79")]
    [InlineData("Ho Chi Minh City", "79")]
    [InlineData("TP. Ho Chi Minh", "79")]
    [InlineData("Thành phố Hồ Chí Minh", "79")]
    [InlineData("Hồ Chí Minh", "79")]
    [InlineData("Thua Thien-Hue", "46")]
    [InlineData("Thua Thien - Hue", "46")]
    [InlineData("Thừa Thiên - Huế", "46")]
    [InlineData("Thừa Thiên Huế", "46")]
    [InlineData("Thành phố Huế", "46")]
    [InlineData("Hue city", "46")]
    [InlineData("Thai  Nguyen", "19")]
    [InlineData("Đắk Lắk", "66")]
    [InlineData("Đăk Lăk", "66")]
    [InlineData("Dak Lak", "66")]
    [InlineData("Daklak", "66")]
    [InlineData("Đắk Nông", "67")]
    [InlineData("Đăk Nông", "67")]
    [InlineData("Dak Nong", "67")]
    [InlineData("Ba Ria - Vung Tau", "77")]
    [InlineData("Bà Rịa–Vũng Tàu", "77")]
    [InlineData("Hà Nội", "01")]
    [InlineData("Hanoi", "01")]
    [InlineData("Thành phố Hà Nội", "01")]
    [InlineData("TP. Cần Thơ", "92")]
    [InlineData("Hòa Bình", "17")]
    [InlineData("Hoà Bình", "17")]
    [InlineData("Thanh Hoá", "38")]
    [InlineData("Hà Tĩnh", "42")]
    [InlineData("Tỉnh Hà Tĩnh", "42")]
    [InlineData("BRVT", "77")]
    [InlineData("Bac Can", "06")]
    public void Resolves_codes_and_every_usual_spelling(string text, string code)
    {
        Assert.True(TryResolve(text, out var province), $"'{text}' did not resolve");
        Assert.Equal(code, province!.Code);
    }

    [Theory]
    [InlineData("Binh Thuann")]
    [InlineData("99")]
    [InlineData("Atlantis")]
    [InlineData("TP")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Does_not_guess_unknown_names_or_codes(string? text)
    {
        Assert.False(TryResolve(text, out var province));
        Assert.Null(province);
        Assert.NotEmpty(Provinces.Resolve(text, 2024).Refusal!); // and says why
    }

    [Fact]
    public void Every_province_resolves_by_its_Vietnamese_and_its_unaccented_name()
    {
        foreach (var p in Vn63)
        {
            var year = p.Code == "28" ? 2007 : 2024;
            var byVi = Provinces.Resolve(p.NameVi, year).Unit;
            Assert.True(byVi?.Code == p.Code, $"{p.NameVi} → {byVi?.Code}");
            var byAscii = Provinces.Resolve(p.NameEn, year).Unit;
            Assert.True(byAscii?.Code == p.Code, $"{p.NameEn} → {byAscii?.Code}");
            Assert.Same(p, Provinces.Find(G.Vn63, p.Code));
        }
    }

    [Fact]
    public void Ha_Tay_stays_its_own_historic_province_merged_into_Ha_Noi_in_2008()
    {
        var haTay = Provinces.Resolve("Hà Tây", 2007).Unit;
        Assert.NotNull(haTay);
        Assert.Equal("28", haTay.Code);
        Assert.Equal(new DateOnly(2008, 7, 31), haTay.ValidTo);
        Assert.Equal("01", haTay.SuccessorCode);
        Assert.Same(haTay, Provinces.Resolve("Ha Tay", 2007).Unit);
        Assert.Contains("Hà Nội (01)", Provinces.Resolve("Ha Tay", 2008).Refusal);
    }

    [Fact]
    public void Find_takes_codes_only()
    {
        Assert.Equal("Hà Nội", Provinces.Find(G.Vn63, "1")?.NameVi);
        Assert.Null(Provinces.Find(G.Vn63, "Ha Noi"));
        Assert.Null(Provinces.Find(G.Vn63, "00"));
    }

    [Theory]
    [InlineData("North Central and Central coastal areas", "North Central and Central coastal areas")]
    [InlineData("North Central area and Central coastal area", "North Central and Central coastal areas")]
    [InlineData("Northern Central area and Central coastal area", "North Central and Central coastal areas")]
    [InlineData("Northern midlands and mountain areas", "Northern midlands and mountain areas")]
    [InlineData("Red River Delta", "Red River Delta")]
    [InlineData("Central Highlands", "Central Highlands")]
    [InlineData("South East", "South East")]
    [InlineData("Southeast", "South East")]
    [InlineData("Mekong River Delta", "Mekong River Delta")]
    public void Resolves_GSO_region_spellings_to_the_region_of_provinces_csv(string text, string region)
    {
        Assert.True(Provinces.TryResolveRegion(text, out var resolved));
        Assert.Equal(region, resolved);
    }

    [Fact]
    public void A_question_asked_again_answers_as_the_first_time_and_a_refusal_speaks_each_askers_language()
    {
        // Resolved answers are remembered; refusals are not, so their text follows whoever asks.
        var gazetteer = new Gazetteer(Provinces.All);
        var first = gazetteer.Resolve("Binh Thuan", 2024);
        Assert.Same(first, gazetteer.Resolve("Binh Thuan", 2024));
        Assert.Equal("60", first.Unit?.Code);
        Assert.Equal(first.Unit, Provinces.Resolve("Binh Thuan", 2024).Unit);

        var inVietnamese = gazetteer.Resolve("Atlantis", 2024).Refusal;
        string? inEnglish;
        using (Bilingual.Reading(english: true)) inEnglish = gazetteer.Resolve("Atlantis", 2024).Refusal;
        Assert.Contains("không có tỉnh", inVietnamese);
        Assert.Contains("unknown province", inEnglish);
        Assert.Equal(inVietnamese, gazetteer.Resolve("Atlantis", 2024).Refusal);
    }
}
