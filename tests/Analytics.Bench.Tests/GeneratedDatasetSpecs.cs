using Analytics.Tests.Support;

namespace Analytics.Bench.Tests;

/// <summary>The 10× dataset: the same every time, each size the start of the next, shaped as the issue asks.</summary>
public sealed class GeneratedDatasetSpecs
{
    [Fact]
    public void The_same_seed_gives_the_same_rows_and_a_smaller_size_is_the_start_of_a_larger_one()
    {
        var small = GeneratedDataset.Create(2_000, 16, Repo.Data);
        var again = GeneratedDataset.Create(2_000, 16, Repo.Data);
        var larger = GeneratedDataset.Create(6_000, 16, Repo.Data);
        var otherSeed = GeneratedDataset.Create(2_000, 17, Repo.Data);

        Assert.Equal(small.Rows(), again.Rows());
        Assert.Equal(small.Rows(), larger.Rows().Take(small.ObservationCount));
        Assert.NotEqual(small.Rows().Select(r => r.Value), otherSeed.Rows().Select(r => r.Value).Take(small.ObservationCount));
    }

    [Fact]
    public void Series_come_in_whole_indicators_over_63_provinces_or_34_units_with_10_to_16_years()
    {
        var dataset = GeneratedDataset.Create(10_000, 16, Repo.Data);

        Assert.InRange(dataset.SeriesCount, 10_000, 10_000 + 63);
        Assert.All(dataset.Indicators, i => Assert.Contains(i.Units.Count, new[] { 63, 34 }));
        Assert.Contains(dataset.Indicators, i => i.Units.Count == 34);
        Assert.All(dataset.Indicators, i => Assert.InRange(i.Years, 10, 16));
        Assert.Equal(dataset.ObservationCount, dataset.Rows().Count());
        Assert.Equal(dataset.SeriesCount, dataset.Rows().Select(r => (r.Province, r.Indicator)).Distinct().Count());
    }

    [Fact]
    public void Values_respect_each_indicators_bounds_and_provinces_differ()
    {
        var dataset = GeneratedDataset.Create(5_000, 16, Repo.Data);
        var byCode = dataset.Indicators.ToDictionary(i => i.Code);

        Assert.All(dataset.Rows(), r =>
        {
            var i = byCode[r.Indicator];
            Assert.True(double.IsFinite(r.Value) && r.Value >= (i.Min ?? double.MinValue) && r.Value <= (i.Max ?? double.MaxValue),
                $"{r.Indicator} {r.Province} {r.Year}: {r.Value} outside {i.Min}..{i.Max}");
        });
        Assert.Contains(dataset.Indicators, i => i.Shape == GeneratedDataset.Shape.Rate && i.Max == 100);
        // Not a constant: a ranking of the last year separates most provinces.
        Assert.All(dataset.Indicators, i => Assert.True(
            dataset.Rows().Where(r => r.Indicator == i.Code && r.Year == i.LastYear).Select(r => r.Value).Distinct().Count() > i.Units.Count / 3));
    }
}

/// <summary>The growth run's bundle must be one the silo's loader takes whole, through the product's own readers and rules.</summary>
public sealed class GrowthBundleSpecs
{
    [Fact]
    public void The_bundle_holds_every_generated_figure_and_the_products_validation_accepts_all_of_it()
    {
        var dataset = GeneratedDataset.Create(1_500, 16, Repo.Data);
        var folder = Directory.CreateTempSubdirectory("growth-bundle").FullName;
        try
        {
            GrowthRun.WriteBundle(Repo.Data, folder, dataset);

            var layout = new Analytics.Formats.BundleLayout(folder);
            Assert.True(Analytics.Formats.BundleLayout.IsBundle(folder));
            var indicators = layout.LoadIndicators();
            var rows = layout.SeedFiles.SelectMany(f => Analytics.Formats.ObservationSources.CsvFile(f).Read().Rows).ToList();
            var batch = Analytics.Domain.ObservationValidator.Validate(rows, layout.LoadGazetteer(), indicators);

            Assert.Empty(batch.Errors);
            Assert.Equal(dataset.ObservationCount, batch.Observations.Count);
            Assert.All(dataset.Indicators, i => Assert.True(indicators.TryGet(i.Code, out _), i.Code));
            Assert.Equal(dataset.SeriesCount, batch.Observations.Select(o => o.SeriesKey).Distinct().Count());
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
