namespace Analytics.Ml.Tests;

/// <summary>
/// The served global model is the mean of a few ensembles, each trained on its own share of the indicators: the mean
/// is exact (one ensemble of every bag's trees, scaled), and each bag leaves a stable share of indicators out.
/// </summary>
public sealed class GlobalModelBaggingTests
{
    private static readonly GlobalModelOptions Options = new() { Trees = 20, LearningRate = 0.3, Threads = 1 };

    [Fact]
    public void Bags_that_see_every_indicator_score_exactly_as_one_model()
    {
        var rows = GlobalTrainingRows.Build(SyntheticPanel.NoisyTrends(120, 2000, 15, seed: 3), 2014, Options, GroupTrends.Empty);
        var everyIndicator = Options with { BagIndicatorShare = 1 };

        var single = GlobalGrowthModel.Train(rows, 2014, everyIndicator);
        var bagged = GlobalGrowthModel.Train(rows, 2014, everyIndicator, bags: 3);

        Assert.Equal(3 * single.TreeCount, bagged.TreeCount);
        foreach (var row in rows.Rows.Take(300))
            Assert.Equal(single.RawScore(row.Features), bagged.RawScore(row.Features), 9);
    }

    [Fact]
    public void Bags_on_part_of_the_indicators_differ_from_one_model_on_all()
    {
        var panel = SyntheticPanel.NoisyTrends(200, 2000, 15, seed: 3)
            .Select((s, i) => new SeriesHistory(s.Id, [.. s.Years], [.. s.Values], s.Min, s.Max, true, $"indicator-{i % 20}")).ToList();
        var rows = GlobalTrainingRows.Build(panel, 2014, Options, GroupTrends.Empty);

        var single = GlobalGrowthModel.Train(rows, 2014, Options);
        var bagged = GlobalGrowthModel.Train(rows, 2014, Options, bags: 3);

        Assert.Equal(rows.Rows.Count, bagged.TrainedRows);
        Assert.Contains(rows.Rows.Take(300), r => Math.Abs(single.RawScore(r.Features) - bagged.RawScore(r.Features)) > 1e-6);
    }

    [Fact]
    public void Each_bag_holds_about_its_share_of_the_indicators_and_always_the_same_ones()
    {
        var indicators = Enumerable.Range(0, 2000).Select(i => $"indicator-{i}").ToList();

        for (var bag = 0; bag < 3; bag++)
        {
            var held = indicators.Where(g => GlobalGrowthModel.InBag(g, bag, 0.7)).ToList();
            Assert.InRange(held.Count / (double)indicators.Count, 0.65, 0.75);
            Assert.Equal(held, indicators.Where(g => GlobalGrowthModel.InBag(g, bag, 0.7)));
        }
        // Different bags leave different indicators out.
        Assert.NotEqual(indicators.Where(g => GlobalGrowthModel.InBag(g, 0, 0.7)), indicators.Where(g => GlobalGrowthModel.InBag(g, 1, 0.7)));
    }
}
