using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

/// <summary>The indicator catalog file: each malformed line named by file, line and field; what is written loads back.</summary>
public class IndicatorCsvTests
{
    private const string Header = "code,name_vi,name_en,unit,direction,min,max,aggregation,source";

    [Theory]
    [InlineData("x,X,X,%,up,0,100,mean,s", "direction", "'up' is not 'higher' or 'lower'")]
    [InlineData("x,X,X,%,higher,abc,100,mean,s", "min", "'abc' is not a number")]
    [InlineData("x,X,X,%,higher,0,1e999,mean,s", "max", "'1e999' is not a number")]
    [InlineData("x,X,X,%,higher,100,0,mean,s", "max", "max 0 is below min 100")]
    [InlineData("x,X,X,%,higher,0,100,median,s", "aggregation", "'median' is not 'sum', 'mean', 'population-weighted' or 'none'")]
    [InlineData("x,X,,%,higher,0,100,mean,s", "name_en", "name_en is empty")]
    [InlineData("Internet Users,X,X,%,higher,0,100,mean,s", "code", "is not a kebab-case code")]
    [InlineData("internet-users-rate,X,X,%,higher,0,100,mean,s", "code", "indicator 'internet-users-rate' is defined twice")]
    public void A_malformed_line_is_reported_with_file_line_and_field(string line, string field, string reason)
    {
        using var english = Bilingual.Reading(english: true);
        var csv = $"{Header}\ninternet-users-rate,Tỷ lệ,Internet users,%,higher,0,100,population-weighted,seeds\n{line}\n";
        var e = Assert.Throws<DataFormatException>(() => IndicatorCsv.Load(new StringReader(csv), "indicators.csv"));
        Assert.Equal("indicators.csv", e.SourceName);
        Assert.Equal(3, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Reason);
        Assert.StartsWith($"indicators.csv line 3, field '{field}': ", e.Message);
    }

    [Fact]
    public void A_malformed_line_is_described_in_Vietnamese_by_default()
    {
        var csv = $"{Header}\ninternet-users-rate,Tỷ lệ,Internet users,%,higher,0,100,population-weighted,seeds\nx,X,X,%,higher,0.5,0.25,mean,s\n";
        var e = Assert.Throws<DataFormatException>(() => IndicatorCsv.Load(new StringReader(csv), "indicators.csv"));
        // The place in the file's words, the numbers in Vietnamese style.
        Assert.Equal("indicators.csv dòng 3, cột 'max': max 0,25 nhỏ hơn min 0,5", e.Message);
    }

    [Fact]
    public void A_line_with_too_few_fields_is_reported_with_its_line()
    {
        using var english = Bilingual.Reading(english: true);
        var e = Assert.Throws<DataFormatException>(() =>
            IndicatorCsv.Load(new StringReader($"{Header}\nx,X,X,%,higher,0,100\n"), "indicators.csv"));
        Assert.Equal(2, e.Line);
        Assert.Contains("7 fields where the header has 9", e.Message);
    }

    [Fact]
    public void An_unknown_column_is_an_error_not_silently_ignored()
    {
        var e = Assert.Throws<DataFormatException>(() =>
            IndicatorCsv.Load(new StringReader(Header + ",colour\n"), "indicators.csv"));
        Assert.Equal((1, "colour"), (e.Line, e.Field));
    }

    [Fact]
    public void Empty_min_and_max_are_open_bounds()
    {
        var catalog = IndicatorCsv.Load(new StringReader($"{Header}\nx,X,X,,lower,,,sum,\n"), "indicators.csv");
        var d = catalog.Find("x")!;
        Assert.Null(d.Min);
        Assert.Null(d.Max);
        Assert.Null(d.Source);
        Assert.True(d.Accepts(-1e12));
    }

    [Fact]
    public void Written_definitions_load_back_unchanged()
    {
        var catalog = RepoFiles.LoadIndicators();
        catalog.Add(new IndicatorDefinition("gso-x", "Tên, có \"dấu\"", "Name, with \"quotes\"", "Thous. pers.",
            Direction.LowerIsBetter, null, 1.5, Aggregation.Mean, "GSO: a/b.csv"));

        var text = new StringWriter();
        IndicatorCsv.Write(text, catalog.All);
        var again = IndicatorCsv.Load(new StringReader(text.ToString()), "written.csv");

        Assert.Equal(catalog.All, again.All);
    }
}
