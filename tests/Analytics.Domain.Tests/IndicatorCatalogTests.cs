using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Domain.Tests;

public class IndicatorCatalogTests
{
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
}
