using System.Text;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

/// <summary>The PX-Web export format, on small tables written the way GSO exports them.</summary>
public class GsoTableReaderTests
{
    private static readonly GsoTableReader Reader = new(RepoFiles.Provinces);

    private static GsoTable Read(string csv, string source = "Health, Culture and Living Standard/Poverty rate by province.csv", Encoding? encoding = null, bool bom = true)
    {
        encoding ??= new UTF8Encoding(false);
        var bytes = encoding.GetBytes(csv.Replace("\n", "\r\n"));
        if (bom && encoding is UTF8Encoding) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return Reader.Read(new MemoryStream(bytes), source);
    }

    private const string Poverty = """
        "Poverty rate by province by Cities, provincies and Year"

        "Cities, provincies";"2014";"2015";"Pre. 2016"
        " WHOLE COUNTRY";8.4;7.0;5.8
        "Red River Delta";4.0;3.2;2.4
        "Ha Noi";1.5;..;0.0
        "North Central area and Central coastal area";10.0;8.0;6.9
        "Binh Thuan";5.3;3.8;2.3
        "Binh  Duong";0.0;0.0;..
        """;

    [Fact]
    public void A_single_measure_table_becomes_one_indicator_named_after_its_title()
    {
        var table = Read(Poverty);

        Assert.Equal("Poverty rate", table.Title);
        var indicator = Assert.Single(table.Indicators);
        // The Vietnamese name from the title map; as many decimals as the table prints (6.7, 12.3).
        Assert.Equal(new IndicatorDefinition("gso-poverty-rate", "Tỷ lệ hộ nghèo", "Poverty rate", "", Direction.LowerIsBetter,
            0, 100, Aggregation.Mean, "GSO: Health, Culture and Living Standard/Poverty rate by province.csv", Decimals: 1), indicator);
        Assert.Empty(table.UnresolvedNames);
        Assert.Empty(table.Warnings);
    }

    [Fact]
    public void Province_rows_become_observations_with_source_and_a_verbatim_quote()
    {
        var table = Read(Poverty);

        var binhThuan2015 = Assert.Single(table.Observations, o => o.Province == "60" && o.Year == 2015);
        Assert.Equal(new Observation("60", "gso-poverty-rate", 2015, null, ObservationKind.Actual, 3.8, null,
            "GSO: Health, Culture and Living Standard/Poverty rate by province.csv", "\"Binh Thuan\" 2015 = 3.8"), binhThuan2015);
        Assert.Equal(["01", "60", "74"], table.Observations.Select(o => o.Province).Distinct().Order());
    }

    [Fact]
    public void Dot_dot_means_no_data()
    {
        var haNoi = Read(Poverty).Observations.Where(o => o.Province == "01").ToList();
        Assert.Equal(new[] { 2014, 2016 }, haNoi.Select(o => o.Year));
        Assert.Equal(0.0, haNoi[1].Value);
    }

    [Theory]
    [InlineData("Pre. 2016")]
    [InlineData("Prel. 2016")]
    [InlineData("2016 Prel.")]
    public void A_preliminary_year_is_an_estimate_and_the_others_are_actuals(string header)
    {
        var table = Read(Poverty.Replace("\"Pre. 2016\"", $"\"{header}\""));
        var binhThuan = table.Observations.Where(o => o.Province == "60").ToDictionary(o => o.Year, o => o.Kind);
        Assert.Equal(ObservationKind.Estimate, binhThuan[2016]);
        Assert.Equal(ObservationKind.Actual, binhThuan[2015]);
        Assert.Equal(ObservationKind.Actual, binhThuan[2014]);
    }

    [Fact]
    public void Whole_country_and_region_rows_are_kept_apart_from_provinces()
    {
        var table = Read(Poverty);

        Assert.Equal(
            new[] { ("WHOLE COUNTRY", GsoAreaKind.Country, (string?)null), ("Red River Delta", GsoAreaKind.Region, "Red River Delta"),
                    ("North Central area and Central coastal area", GsoAreaKind.Region, "North Central and Central coastal areas") },
            table.AreaRows.Select(a => (a.Name, a.Kind, a.Region)).ToArray());
        Assert.Equal(new GsoAreaValue("gso-poverty-rate", 2016, ObservationKind.Estimate, 5.8), table.AreaRows[0].Values[^1]);
        Assert.Equal(4, table.AreaRows[0].Line);
    }

    [Fact]
    public void A_byte_order_mark_makes_no_difference()
    {
        var withBom = Read(Poverty, bom: true);
        var without = Read(Poverty, bom: false);
        Assert.Equal(withBom.Title, without.Title);
        Assert.Equal(withBom.Observations, without.Observations);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_read_as_Windows_1252_with_a_warning()
    {
        using var english = Bilingual.Reading(english: true);
        var csv = """
            "Number of cafés by province by Cities, provincies and Year"

            "Cities, provincies";"2015";"2016"
            "Ca Mau";12;13
            """;
        var table = Read(csv, "Trade/Number of cafés by province.csv", Encoding.Latin1);

        Assert.Equal("Number of cafés", table.Title);
        Assert.Equal("gso-number-of-cafes", Assert.Single(table.Indicators).Code);
        Assert.Equal(2, table.Observations.Count);
        Assert.Contains(table.Warnings, w => w.Contains("not valid UTF-8"));
    }

    private const string Population = """
        "Average population by province by Cities, provincies, Average population and Year"

        "Cities, provincies";"Total 2014";"Total 2015";"Total Prel. 2016";"Male 2014";"Male 2015";"Male Prel. 2016"
        " WHOLE COUNTRY";90728.9;91713.3;92695.1;44758.1;45222.6;45748.2
        "Ha Noi";7095.9;7202.9;7328.4;3509.8;3566.1;3623.3
        "Ha Tay";..;..;..;..;..;..
        """;

    [Fact]
    public void Measure_and_year_headers_give_one_indicator_per_measure()
    {
        var table = Read(Population, "Population and Employment/Average population by province.csv");

        Assert.Equal(["gso-average-population-total", "gso-average-population-male"], table.Indicators.Select(i => i.Code));
        Assert.Equal("Average population: Male", table.Indicators[1].NameEn);
        Assert.All(table.Indicators, i => Assert.Equal((Aggregation.Sum, Direction.HigherIsBetter, 0d, (double?)null), (i.Aggregation, i.Direction, i.Min, i.Max)));
        var total2015 = Assert.Single(table.Observations, o => o.Indicator == "gso-average-population-total" && o.Year == 2015);
        Assert.Equal((7202.9, "\"Ha Noi\" Total 2015 = 7202.9"), (total2015.Value, total2015.Quote));
        Assert.Equal(ObservationKind.Estimate, table.Observations.Single(o => o.Indicator == "gso-average-population-male" && o.Year == 2016).Kind);
        Assert.DoesNotContain(table.Observations, o => o.Province == "28"); // Hà Tây has no data after 2007
    }

    [Fact]
    public void Year_and_measure_headers_carry_units_and_footnote_marks()
    {
        var csv = """
            "Area, population and population density by province by Cities, provincies, Year and Items"

            "Cities, provincies";"2015 Area (Km2)";"2015 Average population (Thous. pers.)";"2015 Population density (Person/km2)";"2016 (*) Area (Km2)";"2016 (*) Average population (Thous. pers.)";"2016 (*) Population density (Person/km2)"
            "Ha Noi";3324.9;7216.0;2170;3324.5;7328.4;2204
            """;
        var table = Read(csv, "Population and Employment/Area, population and population density by province.csv");

        Assert.Equal(
            new[]
            {
                ("gso-area-population-and-population-density-area", "Km2", Aggregation.Sum),
                ("gso-area-population-and-population-density-average-population", "Thous. pers.", Aggregation.Sum),
                ("gso-area-population-and-population-density-population-density", "Person/km2", Aggregation.Mean),
            },
            table.Indicators.Select(i => (i.Code, i.Unit, i.Aggregation)).ToArray());
        Assert.Equal(6, table.Observations.Count);
        Assert.All(table.Observations, o => Assert.Equal(ObservationKind.Actual, o.Kind));
        Assert.Equal("Thous. pers.", table.Observations.Single(o => o.Year == 2016 && o.Value == 7328.4).Unit);
    }

    [Fact]
    public void When_measures_name_different_quantities_each_decides_its_own_direction_and_bounds()
    {
        var csv = """
            "Crude birth rate,  crude death rate and natural increase rate by province by Cities, provincies, Iterms and Year"

            "Cities, provincies";"Crude birth rate 2015";"Crude death rate 2015";"Natural increase rate 2015"
            "Ha Noi";17.0;6.6;10.4
            """;
        var defs = Read(csv).Indicators.ToDictionary(i => i.Code["gso-crude-birth-rate-crude-death-rate-and-natural-increase-rate-".Length..]);

        Assert.Equal((Direction.HigherIsBetter, 0d, 100d, Aggregation.Mean), Summary(defs["crude-birth-rate"]));
        Assert.Equal((Direction.LowerIsBetter, 0d, 100d, Aggregation.Mean), Summary(defs["crude-death-rate"]));
        // An increase can be negative, so it gets no lower bound even though every value here is positive.
        Assert.Equal((Direction.HigherIsBetter, (double?)null, 100d, Aggregation.Mean), Summary(defs["natural-increase-rate"]));

        static (Direction, double?, double?, Aggregation) Summary(IndicatorDefinition d) => (d.Direction, d.Min, d.Max, d.Aggregation);
    }

    [Fact]
    public void Negative_values_leave_the_lower_bound_open()
    {
        var csv = """
            "Index of Industrial production by province by Cities, provincies and Year"

            "Cities, provincies";"2015";"2016"
            "Ha Noi";-3.5;322.8
            """;
        var d = Assert.Single(Read(csv).Indicators);
        Assert.Equal(((double?)null, (double?)null, Aggregation.Mean), (d.Min, d.Max, d.Aggregation));
    }

    [Fact]
    public void Percentages_get_a_percent_unit()
    {
        var csv = """
            "Percentage of trained employed workers at 15 years of age and above by province (*) by Cities, provincies and Year"

            "Cities, provincies";"2015";"Prel. 2016"
            "Ha Noi";39.3;40.0
            """;
        var d = Assert.Single(Read(csv).Indicators);
        Assert.Equal(("gso-percentage-of-trained-employed-workers-at-15-years-of-age-and-above", "%", 0d, 100d, Aggregation.Mean),
            (d.Code, d.Unit, d.Min, d.Max, d.Aggregation));
        Assert.All(Read(csv).Observations, o => Assert.Equal("%", o.Unit));
    }

    [Theory]
    [InlineData("Area of destroyed forest by province by Cities, provincies and Year", Direction.LowerIsBetter)]
    [InlineData("Area of fired forest by province by Cities, provincies and Year", Direction.LowerIsBetter)]
    [InlineData("Infant mortality rate by province by Cities, provincies and Year", Direction.LowerIsBetter)]
    [InlineData("Area of concentrated planted forest by province by Cities, provincies and Year", Direction.HigherIsBetter)]
    [InlineData("Production of cereals per capita by province by Cities, provincies and Year", Direction.HigherIsBetter)]
    public void Only_obviously_bad_things_are_lower_is_better(string title, Direction direction)
    {
        var d = Assert.Single(Read($"\"{title}\"\n\n\"Cities, provincies\";\"2015\"\n\"Ha Noi\";1.0\n").Indicators);
        Assert.Equal(direction, d.Direction);
    }

    [Fact]
    public void Unmatched_row_names_are_reported_and_not_imported()
    {
        var table = Read(Poverty + "\n\"Atlantis\";1.0;2.0;3.0\n\"Atlantis\";1.0;2.0;3.0");
        Assert.Equal(["Atlantis"], table.UnresolvedNames);
        Assert.Equal(7, table.Observations.Count);
    }

    [Fact]
    public void Rows_for_no_province_are_area_rows_not_unresolved_names()
    {
        var table = Read(Poverty + "\n\"Units are not included in provinces\";..;80.0;..\n\"Pupils in universities\";5555;..;..");
        Assert.Empty(table.UnresolvedNames);
        Assert.Equal([GsoAreaKind.NonProvincial, GsoAreaKind.NonProvincial], table.AreaRows.Skip(3).Select(a => a.Kind));
    }

    [Fact]
    public void A_year_out_of_order_is_a_typo_and_its_column_is_skipped_with_a_warning()
    {
        using var english = Bilingual.Reading(english: true);
        var csv = """
            "Area of water surface for the aquaculture by province by Cities, provincies and Year"

            "Cities, provincies";"1997";"1988";"1999"
            "Ha Noi";2.6;2.9;3.1
            """;
        var table = Read(csv);
        Assert.Equal(new[] { 1997, 1999 }, table.Observations.Select(o => o.Year));
        Assert.Equal("column 3 '1988': year 1988 does not follow 1997; skipped as a likely typo", Assert.Single(table.Warnings));
    }

    [Fact]
    public void Cells_that_are_not_numbers_are_skipped_with_a_warning_naming_line_and_column()
    {
        using var english = Bilingual.Reading(english: true);
        var table = Read(Poverty.Replace("\"Binh Thuan\";5.3", "\"Binh Thuan\";5,3"));
        Assert.Equal("line 8, column '2014': '5,3' is not a number; skipped", Assert.Single(table.Warnings));
        Assert.DoesNotContain(table.Observations, o => o.Province == "60" && o.Year == 2014);
    }

    [Fact]
    public void Warnings_are_in_Vietnamese_unless_the_reader_reads_English()
    {
        var csv = Poverty.Replace("\"Binh Thuan\";5.3", "\"Binh Thuan\";5,3");
        Assert.Equal("dòng 8, cột '2014': '5,3' không phải là số; đã bỏ qua", Assert.Single(Read(csv).Warnings));

        using var english = Bilingual.Reading(english: true);
        Assert.Equal("line 8, column '2014': '5,3' is not a number; skipped", Assert.Single(Read(csv).Warnings));
    }

    [Fact]
    public void A_trailing_note_line_is_ignored_with_a_warning()
    {
        using var english = Bilingual.Reading(english: true);
        var table = Read(Poverty + "\n\n\"(*) 2016: preliminary figures\"");
        Assert.Equal(7, table.Observations.Count);
        Assert.Contains(table.Warnings, w => w.StartsWith("line 11: note ignored"));
    }

    [Fact]
    public void A_file_without_year_columns_is_refused_with_the_header_line()
    {
        var e = Assert.Throws<DataFormatException>(() => Read("\"Some table\"\n\n\"Cities, provincies\";\"Total\"\n\"Ha Noi\";1\n", "x.csv"));
        Assert.Equal(("x.csv", 3), (e.SourceName, e.Line));
    }

    [Fact]
    public void A_file_with_only_a_title_is_refused()
    {
        Assert.Throws<DataFormatException>(() => Read("\"Some table\"\n\n", "x.csv"));
        Assert.Throws<DataFormatException>(() => Read("", "x.csv"));
    }

    [Theory]
    [InlineData("Average population by province by Cities, provincies, Average population and Year", "Total", "gso-average-population-total")]
    [InlineData("Poverty rate by province by Cities, provincies and Year", null, "gso-poverty-rate")]
    [InlineData("Volume of freight carried by the waterway by province  (*) by Cities, provincies and Year", null, "gso-volume-of-freight-carried-by-the-waterway")]
    [InlineData("Number of farms by kinds of manufacturing sector and by province by Cities, provincies, Year and kinds of manufacturing sector", "Others(*)", "gso-number-of-farms-by-kinds-of-manufacturing-sector-others")]
    [InlineData("Number of libraries under local management by province by Cities, provincies, Year and Items", "Number of books in library (Thous. copies)", "gso-number-of-libraries-under-local-management-number-of-books-in-library")]
    public void Indicator_codes_come_from_the_title_and_measure(string title, string? measure, string code)
    {
        Assert.Equal(code, GsoTableReader.IndicatorCode(title, measure));
    }

    // Tables GSO publishes that the bundled set does not show: real exports (data/gso) edited the way other exports
    // differ: an "Unidentified" area row, GSO's "moutain" typo in a region, other encodings.

    private static string RealTable(string relative) =>
        File.ReadAllText(Path.Combine(RepoFiles.GsoDirectory, relative)).TrimStart('\uFEFF').Replace("\r\n", "\n");

    private const string PovertyFile = "Health, Culture and Living Standard/Poverty rate by province.csv";
    private const string PupilsFile = "Education/Number of pupils of general education as of 30 September by province.csv";

    private static GsoTable ReadReal(string text, string relative, Encoding? encoding = null) => Read(text, relative, encoding);

    [Fact]
    public void A_real_table_with_an_Unidentified_row_is_read_and_the_row_is_a_warning_with_its_line()
    {
        using var english = Bilingual.Reading(english: true);
        var original = ReadReal(RealTable(PovertyFile), PovertyFile);
        var text = RealTable(PovertyFile) + "\"Unidentified\";..;..;..;..;..;..;12.0;11.0\n";
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.StartsWith("\"Unidentified\"")) + 1;

        var table = ReadReal(text, PovertyFile);

        Assert.Empty(table.UnresolvedNames);
        Assert.Equal(original.Observations, table.Observations);
        var row = Assert.Single(table.AreaRows, a => a.Name == "Unidentified");
        Assert.Equal((GsoAreaKind.NonProvincial, line), (row.Kind, row.Line));
        Assert.Equal([2015, 2016], row.Values.Select(v => v.Year));
        Assert.Contains($"line {line}: 'Unidentified' names no province; its figures are kept apart, not imported as a province", table.Warnings);
    }

    [Theory]
    [InlineData("Northern midlands and mountain areas", "Northern midlands and moutain areas")]   // GSO's own typo
    [InlineData("Northern midlands and mountain areas", "Northern Midlands and Mountainous Areas")]
    [InlineData("Northern midlands and mountain areas", "Midlands and northern mountain areas")]
    [InlineData("Northern Central area and Central coastal area", "North Central and Central coast areas")]
    [InlineData("Mekong River Delta", "Mekong Delta River")]
    [InlineData("Red River Delta", "Red Rivre Delta")]
    public void Region_rows_are_recognised_in_variant_spellings(string inFile, string spelling)
    {
        var text = RealTable(PovertyFile);
        Assert.Contains($"\"{inFile}\"", text);
        var original = ReadReal(text, PovertyFile);
        var region = Assert.Single(original.AreaRows, a => a.Name == inFile).Region;

        var table = ReadReal(text.Replace($"\"{inFile}\"", $"\"{spelling}\""), PovertyFile);

        Assert.Empty(table.UnresolvedNames);
        var row = Assert.Single(table.AreaRows, a => a.Name == spelling);
        Assert.Equal((GsoAreaKind.Region, region), (row.Kind, row.Region));
        Assert.Equal(6, table.AreaRows.Count(a => a.Kind == GsoAreaKind.Region));
        Assert.Equal(original.Observations, table.Observations);
    }

    [Theory]
    [InlineData(" WHOLE COUNTRY")]
    [InlineData("Whole country")]
    [InlineData("WHOLE CONTRY")]
    [InlineData("Entire country")]
    [InlineData("Cả nước")]
    [InlineData("Viet Nam")]
    public void The_whole_country_is_recognised_in_variant_spellings(string spelling)
    {
        var table = ReadReal(RealTable(PovertyFile).Replace("\" WHOLE COUNTRY\"", $"\"{spelling}\""), PovertyFile);
        Assert.Empty(table.UnresolvedNames);
        Assert.Equal(GsoAreaKind.Country, table.AreaRows[0].Kind);
    }

    [Theory]
    [InlineData("Ha Noii")]
    [InlineData("Binh Thuann")]
    [InlineData("Northern Province")]
    public void A_row_that_looks_like_a_province_but_matches_none_is_still_unresolved(string name)
    {
        var table = ReadReal(RealTable(PovertyFile) + $"\"{name}\";1;2;3;4;5;6;7;8\n", PovertyFile);
        Assert.Equal([name], table.UnresolvedNames);
        Assert.DoesNotContain(table.AreaRows, a => a.Name == name);
    }

    [Fact]
    public void A_real_several_measure_table_with_a_typo_region_and_an_Unidentified_row_imports_every_province()
    {
        using var english = Bilingual.Reading(english: true);
        var text = RealTable(PupilsFile);
        var original = ReadReal(text, PupilsFile);
        Assert.Equal(["gso-number-of-pupils-of-general-education-as-of-30-september-total", "gso-number-of-pupils-of-general-education-as-of-30-september-primary",
                      "gso-number-of-pupils-of-general-education-as-of-30-september-lower-secondary", "gso-number-of-pupils-of-general-education-as-of-30-september-upper-secondary"],
            original.Indicators.Select(i => i.Code));
        var columns = text.Split('\n')[2].Split(';').Length - 1;
        var edited = text.Replace("\"Northern midlands and mountain areas\"", "\"Northern midlands and moutain areas\"")
                     + "\"Unidentified\"" + string.Concat(Enumerable.Repeat(";1", columns)) + "\n";

        var table = ReadReal(edited, PupilsFile);

        Assert.Empty(table.UnresolvedNames);
        Assert.Equal(original.Observations, table.Observations);
        Assert.True(table.Observations.Select(o => o.Province).Distinct().Count() >= 63);
        Assert.Contains(table.AreaRows, a => a is { Name: "Northern midlands and moutain areas", Kind: GsoAreaKind.Region, Region: "Northern midlands and mountain areas" });
        var unidentified = Assert.Single(table.AreaRows, a => a.Name == "Unidentified");
        Assert.Equal(columns, unidentified.Values.Count);
        Assert.Equal(4, unidentified.Values.Select(v => v.Indicator).Distinct().Count());
        Assert.Contains(table.Warnings, w => w.Contains("'Northern midlands and moutain areas' read as the region"));
    }

    [Theory]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be-bom")]
    public void A_real_table_saved_as_UTF16_reads_like_the_UTF8_original(string form)
    {
        var text = RealTable(PovertyFile);
        var encoding = form.StartsWith("utf-16be") ? Encoding.BigEndianUnicode : Encoding.Unicode;
        var bytes = encoding.GetBytes(text.Replace("\n", "\r\n"));
        if (form.EndsWith("-bom")) bytes = [.. encoding.GetPreamble(), .. bytes];

        var table = Reader.Read(new MemoryStream(bytes), PovertyFile);

        var original = ReadReal(text, PovertyFile);
        Assert.Equal(original.Observations, table.Observations);
        Assert.Equal(original.AreaRows.Select(a => a.Name), table.AreaRows.Select(a => a.Name));
        Assert.Empty(table.Warnings);
    }

    [Fact]
    public void A_real_table_saved_in_Windows_1258_is_read_with_a_warning()
    {
        using var english = Bilingual.Reading(english: true);
        // Vietnamese Windows code page; the title carries a non-ASCII letter, the area names are ASCII as GSO writes them.
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(1258)!;
        var text = RealTable(PovertyFile).Replace("Poverty rate", "Poverty rate (tỷ lệ hộ nghèo)");
        var bytes = encoding.GetBytes(text.Replace("\n", "\r\n"));

        var table = Reader.Read(new MemoryStream(bytes), PovertyFile);

        Assert.Equal(ReadReal(RealTable(PovertyFile), PovertyFile).Observations.Count, table.Observations.Count);
        Assert.Empty(table.UnresolvedNames);
        Assert.Contains(table.Warnings, w => w.Contains("not valid UTF-8"));
    }
}
