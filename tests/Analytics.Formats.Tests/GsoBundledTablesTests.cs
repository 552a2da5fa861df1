using Analytics.Domain.Geography;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

/// <summary>Reads all the GSO tables in shared/data/gso once for the tests below, in English (their warnings are asserted in English).</summary>
public sealed class GsoTablesFixture
{
    public IReadOnlyList<GsoTable> Tables { get; } = ReadInEnglish();

    private static IReadOnlyList<GsoTable> ReadInEnglish()
    {
        using var english = Bilingual.Reading(english: true);
        return new GsoTableReader(RepoFiles.Provinces).ReadDirectory(RepoFiles.GsoDirectory);
    }

    public GsoTable Table(string fileName) => Tables.Single(t => t.SourceName.EndsWith("/" + fileName, StringComparison.Ordinal));
}

/// <summary>The real GSO exports: 45 tables of 63 provinces (and Hà Tây until 2007).</summary>
public class GsoBundledTablesTests(GsoTablesFixture gso, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<GsoTablesFixture>
{
    [Fact]
    public void All_45_tables_are_read_each_with_indicators_and_observations()
    {
        Assert.Equal(45, gso.Tables.Count);
        Assert.All(gso.Tables, t =>
        {
            Assert.NotEmpty(t.Indicators);
            Assert.NotEmpty(t.Observations);
            Assert.StartsWith("GSO: ", t.Observations[0].Source);
        });
    }

    [Fact]
    public void Indicators_named_in_GSOs_own_Vietnamese_words_are_told_from_translated_ones()
    {
        var indicators = gso.Tables.SelectMany(t => t.Indicators).ToList();
        var inGsoWords = gso.Tables.SelectMany(t => t.NamedInGsoWords ?? []).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"{inGsoWords.Count} of {indicators.Count} GSO indicators are named in GSO's Vietnamese words; " +
                         $"{indicators.Count - inGsoWords.Count} by translation: {string.Join(", ", inGsoWords.Order(StringComparer.Ordinal))}");

        // Title and measure both printed by GSO in Vietnamese (formats/Gso/titles-vi.csv cites the yearbook pages).
        Assert.Contains("gso-average-population-total", inGsoWords);
        Assert.Equal("Dân số trung bình: Tổng số", indicators.Single(i => i.Code == "gso-average-population-total").NameVi);
        // A translated title keeps the indicator out, whatever its measure.
        Assert.DoesNotContain("gso-poverty-rate", inGsoWords);
        Assert.All(inGsoWords, code => Assert.Contains(indicators, i => i.Code == code && i.NameVi != i.NameEn));
    }

    [Fact]
    public void Every_row_name_of_every_table_resolves_to_a_province_or_an_area()
    {
        var unresolved = gso.Tables.Where(t => t.UnresolvedNames.Count > 0)
            .Select(t => $"{t.SourceName}: {string.Join(", ", t.UnresolvedNames.Select(n => $"'{n}'"))}")
            .ToList();
        Assert.True(unresolved.Count == 0, "Unresolved GSO row names:\n" + string.Join("\n", unresolved));
    }

    [Fact]
    public void Every_province_including_Ha_Tay_has_GSO_figures()
    {
        var codes = gso.Tables.SelectMany(t => t.Observations).Select(o => o.Province).ToHashSet();
        Assert.Equal(RepoFiles.Provinces.UnitsOf(Geography.Vn63).Select(p => p.Code).Order(), codes.Order());
    }

    [Fact]
    public void Every_table_has_a_whole_country_row_and_only_the_six_regions()
    {
        var regions = RepoFiles.Provinces.Regions;
        Assert.All(gso.Tables, t =>
        {
            Assert.Single(t.AreaRows, a => a.Kind == GsoAreaKind.Country);
            Assert.All(t.AreaRows.Where(a => a.Kind == GsoAreaKind.Region), a => Assert.Contains(a.Region, regions));
        });
    }

    [Fact]
    public void Rows_for_central_units_and_universities_are_area_rows()
    {
        var names = gso.Tables.SelectMany(t => t.AreaRows).Where(a => a.Kind == GsoAreaKind.NonProvincial).Select(a => a.Name).Distinct().Order();
        Assert.Equal(["Pupils in universities", "Units are not included in provinces", "Upper secondary schoolgirls in universities have been excluded in province"], names);
    }

    [Fact]
    public void Quotes_are_short_verbatim_pointers_into_the_table()
    {
        var observations = gso.Tables.SelectMany(t => t.Observations).ToList();
        Assert.All(observations, o => Assert.InRange(o.Quote!.Length, 1, 120));
        Assert.Contains(observations, o => o.Quote == "\"Binh  Duong\" Prel. 2016 = 8.8" && o is { Indicator: "gso-infant-mortality-rate", Province: "74", Kind: ObservationKind.Estimate });
    }

    [Fact]
    public void A_single_file_is_named_by_its_category_folder_and_file_name()
    {
        var path = Path.Combine(RepoFiles.GsoDirectory, "Health, Culture and Living Standard", "Poverty rate by province.csv");
        var table = new GsoTableReader(RepoFiles.Provinces).Read(path);
        Assert.Equal("Health, Culture and Living Standard/Poverty rate by province.csv", table.SourceName);
        Assert.Equal(gso.Table("Poverty rate by province.csv").Observations, table.Observations);
    }

    [Fact]
    public void No_province_appears_twice_in_a_table()
    {
        Assert.All(gso.Tables, t => Assert.DoesNotContain(t.Warnings, w => w.Contains("again")));
        Assert.All(gso.Tables, t =>
            Assert.Equal(t.Observations.Count, t.Observations.Select(o => (o.Province, o.Indicator, o.Year, o.Kind)).Distinct().Count()));
    }

    [Fact]
    public void Average_population_reads_as_published()
    {
        var table = gso.Table("Average population by province.csv");

        Assert.Equal(["gso-average-population-total", "gso-average-population-male", "gso-average-population-female",
                      "gso-average-population-urban", "gso-average-population-rural"], table.Indicators.Select(i => i.Code));
        var haNoi2015 = table.Observations.Single(o => o is { Province: "01", Indicator: "gso-average-population-total", Year: 2015 });
        Assert.Equal((7202.9, ObservationKind.Actual, "\"Ha Noi\" Total 2015 = 7202.9"), (haNoi2015.Value, haNoi2015.Kind, haNoi2015.Quote));
        Assert.Equal("GSO: Population and Employment/Average population by province.csv", haNoi2015.Source);
        var haNoi2016 = table.Observations.Single(o => o is { Province: "01", Indicator: "gso-average-population-total", Year: 2016 });
        Assert.Equal((7328.4, ObservationKind.Estimate), (haNoi2016.Value, haNoi2016.Kind));
        // Hà Tây's series stops when it merged into Hà Nội.
        Assert.Equal(2007, table.Observations.Where(o => o.Province == "28").Max(o => o.Year));
    }

    [Fact]
    public void The_misdated_1988_column_of_the_aquaculture_table_is_skipped_with_a_warning()
    {
        var table = gso.Table("Area of water surface for the aquaculture by province.csv");
        Assert.Contains("column 5 '1988': year 1988 does not follow 1997; skipped as a likely typo", table.Warnings);
        Assert.DoesNotContain(table.Observations, o => o.Year is 1988 or 1998);
    }

    [Fact]
    public void Other_tables_import_without_warnings()
    {
        var noisy = gso.Tables.Where(t => !t.SourceName.Contains("aquaculture") && t.Warnings.Count > 0)
            .Select(t => $"{t.SourceName}: {string.Join("; ", t.Warnings)}").ToList();
        Assert.True(noisy.Count == 0, string.Join("\n", noisy));
    }

    [Theory]
    [InlineData("gso-poverty-rate", Direction.LowerIsBetter, Aggregation.Mean, 0d, 100d)]
    [InlineData("gso-infant-mortality-rate", Direction.LowerIsBetter, Aggregation.Mean, 0d, 100d)]
    [InlineData("gso-area-of-destroyed-forest", Direction.LowerIsBetter, Aggregation.Sum, 0d, null)]
    [InlineData("gso-area-of-fired-forest", Direction.LowerIsBetter, Aggregation.Sum, 0d, null)]
    [InlineData("gso-crude-birth-rate-crude-death-rate-and-natural-increase-rate-crude-death-rate", Direction.LowerIsBetter, Aggregation.Mean, 0d, 100d)]
    [InlineData("gso-crude-birth-rate-crude-death-rate-and-natural-increase-rate-crude-birth-rate", Direction.HigherIsBetter, Aggregation.Mean, 0d, 100d)]
    [InlineData("gso-population-growth-rate", Direction.HigherIsBetter, Aggregation.Mean, null, 100d)]
    [InlineData("gso-average-population-total", Direction.HigherIsBetter, Aggregation.Sum, 0d, null)]
    [InlineData("gso-average-age-of-first-marriage", Direction.HigherIsBetter, Aggregation.Mean, 0d, null)]
    [InlineData("gso-production-of-cereals-per-capita", Direction.HigherIsBetter, Aggregation.Mean, 0d, null)]
    [InlineData("gso-index-of-industrial-production", Direction.HigherIsBetter, Aggregation.Mean, 0d, null)]
    [InlineData("gso-percentage-of-children-under-1-year-old-immunized-fully-caccinations", Direction.HigherIsBetter, Aggregation.Mean, 0d, 100d)]
    [InlineData("gso-number-of-pupils-of-general-education-as-of-30-september-total", Direction.HigherIsBetter, Aggregation.Sum, 0d, null)]
    public void Derived_definitions_follow_the_documented_rules(string code, Direction direction, Aggregation aggregation, double? min, double? max)
    {
        var d = gso.Tables.SelectMany(t => t.Indicators).Single(i => i.Code == code);
        Assert.Equal((direction, aggregation, min, max), (d.Direction, d.Aggregation, d.Min, d.Max));
    }

    [Fact]
    public void Indicator_codes_are_unique_valid_and_fit_beside_the_bundled_catalog()
    {
        var indicators = gso.Tables.SelectMany(t => t.Indicators).ToList();
        Assert.Equal(indicators.Count, indicators.Select(i => i.Code).Distinct().Count());
        Assert.All(indicators, i => Assert.True(IndicatorCatalog.IsValidCode(i.Code), i.Code));

        var catalog = RepoFiles.LoadIndicators();
        var before = catalog.Count;
        catalog.AddRange(indicators);
        catalog.AddRange(indicators); // importing again changes nothing
        Assert.Equal(before + indicators.Count, catalog.Count);
    }

    [Fact]
    public void Every_GSO_observation_passes_the_upload_path_after_a_CSV_round_trip()
    {
        // What `./analytics import` and POST /api/observations do: write, read, validate the whole batch.
        var catalog = RepoFiles.LoadIndicators();
        catalog.AddRange(gso.Tables.SelectMany(t => t.Indicators));
        var observations = gso.Tables.SelectMany(t => t.Observations).ToList();

        var batch = ObservationValidator.Validate(ObservationCsv.Parse(ObservationCsv.Format(observations), "gso.csv"), RepoFiles.Provinces, catalog);

        Assert.True(batch.IsValid, string.Join("\n", batch.Errors.Take(20)));
        Assert.Equal(observations, batch.Observations);
    }
}
