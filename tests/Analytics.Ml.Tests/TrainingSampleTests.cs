namespace Analytics.Ml.Tests;

/// <summary>
/// Above <see cref="ForecastTrainingOptions.MaxTrainingSeries"/> the global model and the rolling-origin cases learn
/// from a stratified, deterministic sample of the series; below it training is exactly what it was.
/// </summary>
public sealed class TrainingSampleTests
{
    /// <summary>Four indicators of 60 series, one of 3 and one of 2, and two series with no indicator.</summary>
    private static List<SeriesHistory> Panel()
    {
        var panel = SyntheticPanel.NoisyTrends(240, 2000, 17, seed: 7);
        panel.AddRange(SyntheticPanel.NoisyTrends(3, 2000, 17, seed: 8).Select(s => Regroup(s, "small-1-" + s.Id, "small")));
        panel.AddRange(SyntheticPanel.NoisyTrends(2, 2000, 17, seed: 9).Select(s => Regroup(s, "tiny-" + s.Id, "tiny")));
        panel.AddRange(SyntheticPanel.NoisyTrends(2, 2000, 17, seed: 10).Select(s => Regroup(s, "loose-" + s.Id, null)));
        return panel;
    }

    private static SeriesHistory Regroup(SeriesHistory s, string id, string? group) =>
        new(id, s.Years, s.Values, s.Min, s.Max, s.HigherIsBetter, group);

    private static ForecastTrainingOptions Capped(int max) => TrainedPanelFixture.Options with { MaxTrainingSeries = max };

    [Fact]
    public void The_sample_keeps_each_indicators_share_and_every_indicator()
    {
        var panel = Panel();
        var sample = TrainingSample.Draw(panel, 60);

        Assert.Equal(60, sample.Count);
        Assert.Equal(sample.Count, sample.Distinct().Count());
        var byGroup = sample.GroupBy(s => s.Group).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
        Assert.Equal(["(none)", "indicator-0", "indicator-1", "indicator-2", "indicator-3", "small", "tiny"], byGroup.Keys.Order());
        // 60 of 247: an indicator of 60 series is owed 14.6 of them; a small one at least one.
        for (var i = 0; i < 4; i++) Assert.InRange(byGroup[$"indicator-{i}"], 13, 16);
        Assert.All(new[] { "small", "tiny", "(none)" }, g => Assert.InRange(byGroup[g], 1, 2));
    }

    [Fact]
    public void The_sample_depends_on_the_series_not_on_their_order_or_the_process()
    {
        var panel = Panel();
        var shuffled = panel.OrderBy(s => TrainingSample.StableHash(s.Id + "#shuffle")).ToList();

        Assert.Equal(TrainingSample.Draw(panel, 50).Select(s => s.Id).Order(), TrainingSample.Draw(shuffled, 50).Select(s => s.Id).Order());
        // A fixed function of the id (string.GetHashCode is seeded afresh in every process): FNV-1a 64 then
        // SplitMix64's finaliser, the value computed independently.
        Assert.Equal(16104735131126099465UL, TrainingSample.StableHash("01/internet-users-rate"));
    }

    [Fact]
    public void Above_the_cap_training_learns_from_the_sample_deterministically_and_forecasts_every_series()
    {
        var panel = Panel();
        var model = new ForecastModelTrainer(Capped(100)).Train(panel);
        var again = new ForecastModelTrainer(Capped(100)).Train(panel);

        Assert.Equal(panel.Count, model.Training.Series);
        Assert.Equal(100, model.Training.TrainedSeries);
        // The rows the global model learned from are exactly the sample's.
        var sample = TrainingSample.Draw(panel, 100);
        var groups = GroupTrends.Build(panel, model.DataThroughYear);
        Assert.Equal(GlobalTrainingRows.Build(sample, model.DataThroughYear, Capped(100).GlobalModel, groups).Rows.Count,
            model.Training.GlobalTrainingRows);

        Assert.Equal(model.Version, again.Version);
        var outside = panel.First(s => !sample.Contains(s));
        var f = model.Forecast(outside, 2020);
        Assert.Equal(f.Point, again.Forecast(outside, 2020).Point);
        Assert.True(double.IsFinite(f.Point) && f.Lo95 < f.Lo80 && f.Lo80 <= f.Point && f.Point <= f.Hi80 && f.Hi80 < f.Hi95,
            $"{f.Lo95} {f.Lo80} {f.Point} {f.Hi80} {f.Hi95}");
        Assert.True(model.Calibration.IsCalibrated);
    }

    [Fact]
    public void At_or_below_the_cap_training_is_what_it_was_without_one()
    {
        var panel = SyntheticPanel.NoisyTrends(120, 2004, 13, seed: 21);
        var uncapped = new ForecastModelTrainer(Capped(0)).Train(panel);
        var capped = new ForecastModelTrainer(Capped(panel.Count)).Train(panel);

        Assert.Equal(panel.Count, capped.Training.TrainedSeries);
        Assert.Equal(capped.Training.Series, capped.Training.TrainedSeries);
        Assert.Equal(uncapped.Version, capped.Version);
        Assert.Equal(uncapped.Training.GlobalTrainingRows, capped.Training.GlobalTrainingRows);
        Assert.Equal(uncapped.Training.RollingOriginForecasts, capped.Training.RollingOriginForecasts);
        Assert.All(panel.Take(20), s => Assert.Equal(uncapped.Forecast(s, 2020).Point, capped.Forecast(s, 2020).Point));
        // The product's default cap is far above the shipped back-test's 4,710 series.
        Assert.True(new ForecastTrainingOptions().MaxTrainingSeries > 4_710);
    }
}
