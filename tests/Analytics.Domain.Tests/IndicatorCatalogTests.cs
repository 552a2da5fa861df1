using Analytics.Domain;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Domain.Tests;

public class IndicatorCatalogTests
{
    private const string Header = "code,name_vi,name_en,unit,direction,min,max,aggregation,source";

    [Fact]
    public void Loads_the_bundled_catalog_with_direction_bounds_and_aggregation()
    {
        var catalog = RepoFiles.LoadIndicators();

        Assert.True(catalog.TryGet("internet-users-rate", out var rate));
        Assert.Equal(("%", Direction.HigherIsBetter, 0d, 100d, Aggregation.PopulationWeighted),
            (rate.Unit, rate.Direction, rate.Min, rate.Max, rate.Aggregation));
        Assert.Equal("Tỷ lệ người sử dụng Internet", rate.NameVi);

        var subscribers = catalog.Find("internet-subscribers")!;
        Assert.Equal((0d, (double?)null, Aggregation.Sum), (subscribers.Min, subscribers.Max, subscribers.Aggregation));

        var radius = catalog.Find("postal-service-radius")!;
        Assert.Equal((Direction.LowerIsBetter, Aggregation.Mean), (radius.Direction, radius.Aggregation));
    }

    [Fact]
    public void Codes_are_looked_up_case_insensitively_and_come_back_canonical()
    {
        var catalog = RepoFiles.LoadIndicators();
        Assert.True(catalog.TryGet(" Internet-Users-Rate ", out var d));
        Assert.Equal("internet-users-rate", d.Code);
        Assert.False(catalog.TryGet("internet-user-rate", out _));
    }

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
        var csv = $"{Header}\ninternet-users-rate,Tỷ lệ,Internet users,%,higher,0,100,population-weighted,seeds\n{line}\n";
        var e = Assert.Throws<DataFormatException>(() => IndicatorCsv.Load(new StringReader(csv), "indicators.csv"));
        Assert.Equal("indicators.csv", e.SourceName);
        Assert.Equal(3, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Reason);
        Assert.StartsWith($"indicators.csv line 3, field '{field}': ", e.Message);
    }

    [Fact]
    public void A_line_with_too_few_fields_is_reported_with_its_line()
    {
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
    public void Adding_the_same_definition_twice_is_a_no_op_but_redefining_a_code_is_refused()
    {
        var catalog = RepoFiles.LoadIndicators();
        var count = catalog.Count;
        var gso = new IndicatorDefinition("gso-poverty-rate", "Poverty rate", "Poverty rate", "%", Direction.LowerIsBetter, 0, 100, Aggregation.Mean, "GSO: x");

        Assert.True(catalog.Add(gso));
        Assert.False(catalog.Add(gso with { }));
        Assert.Equal(count + 1, catalog.Count);
        Assert.Throws<InvalidOperationException>(() => catalog.Add(gso with { Max = 50 }));

        catalog.Upsert(gso with { Max = 50 });
        Assert.Equal(50, catalog.Find("gso-poverty-rate")!.Max);
        Assert.Equal(count + 1, catalog.Count);
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
