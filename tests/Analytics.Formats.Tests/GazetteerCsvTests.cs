using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;

namespace Analytics.Formats.Tests;

/// <summary>The two reference files of the geography, read and checked against each other.</summary>
public class GazetteerCsvTests
{
    private const string Provinces = """
        gso_code,name_vi,name_ascii,region,valid_from,valid_to,successor_code,successor_name_vi
        10,Lào Cai,Lao Cai,Northern midlands and mountain areas,,2025-06-30,15,Lào Cai
        15,Yên Bái,Yen Bai,Northern midlands and mountain areas,,2025-06-30,15,Lào Cai
        """;

    private const string Units = """
        code,name_vi,name_ascii,valid_from,members,region_of_seat
        15,Lào Cai,Lao Cai,2025-07-01,10;15,Northern midlands and mountain areas
        """;

    private static Gazetteer Read(string provinces, string units) =>
        GazetteerCsv.Read(new StringReader(provinces), new StringReader(units));

    [Fact]
    public void Two_consistent_files_load()
    {
        var g = Read(Provinces, Units);
        Assert.Equal(3, g.All.Count);
    }

    [Fact]
    public void A_successor_code_that_disagrees_with_the_units_members_is_refused()
    {
        using var english = Bilingual.Reading(english: true);
        // The error of the old data/provinces.csv: the new Lào Cai is 15 (Yên Bái's code, the seat), not 10.
        const string wrong = """
            gso_code,name_vi,name_ascii,region,valid_from,valid_to,successor_code,successor_name_vi
            10,Lào Cai,Lao Cai,Northern midlands and mountain areas,,2025-06-30,10,Lào Cai
            15,Yên Bái,Yen Bai,Northern midlands and mountain areas,,2025-06-30,15,Lào Cai
            """;
        var e = Assert.Throws<DataFormatException>(() => Read(wrong, Units));
        Assert.Equal(("provinces_2025.csv", 2, "members"), (e.SourceName, e.Line, e.Field));
        Assert.Contains("Lào Cai (10) names 10 as its successor", e.Message);
    }

    [Fact]
    public void A_member_that_is_no_province_is_refused()
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => Read(Provinces, Units.Replace("10;15", "10;15;99", StringComparison.Ordinal)));
        Assert.Contains("member 99 is not a province", e.Message);
    }

    [Fact]
    public void A_province_in_no_unit_is_refused()
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => Read(Provinces, Units.Replace("10;15", "15", StringComparison.Ordinal)));
        Assert.Contains("Lào Cai (10) of provinces.csv belongs to no unit", e.Message);
    }

    [Fact]
    public void A_malformed_code_names_the_file_line_and_field()
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() => Read(Provinces.Replace("15,Yên Bái", "1x,Yên Bái", StringComparison.Ordinal), Units));
        Assert.Equal(("provinces.csv", 3, "gso_code"), (e.SourceName, e.Line, e.Field));
        Assert.StartsWith("provinces.csv line 3, field 'gso_code':", e.Message);
    }

    [Fact]
    public void A_bad_date_names_the_field()
    {
        var e = Assert.Throws<DataFormatException>(() => Read(Provinces.Replace(",,2025-06-30,15,Lào Cai\n", ",,30/06/2025,15,Lào Cai\n", StringComparison.Ordinal), Units));
        Assert.Equal((2, "valid_to"), (e.Line, e.Field));
    }

    [Fact]
    public void An_unknown_column_is_refused_rather_than_ignored()
    {
        var e = Assert.Throws<DataFormatException>(() => Read(Provinces, Units.Replace("region_of_seat", "region_of_set", StringComparison.Ordinal)));
        Assert.Equal("region_of_set", e.Field);
    }
}
