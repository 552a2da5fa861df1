namespace Analytics.Ml.Tests;

/// <summary>
/// The global model learns a correction to the damped trend: its label is the target year's value less the damped trend's
/// forecast for that year, in units of the series' scale, and what it forecasts is that forecast plus its trees' output.
/// </summary>
public sealed class GlobalModelLabelTests
{
    private static readonly GlobalModelOptions Options = new() { Trees = 20, LearningRate = 0.3, Threads = 1, GroupDropout = 0 };

    [Fact]
    public void The_label_is_the_change_from_the_damped_trends_forecast_in_units_of_scale()
    {
        var series = SyntheticPanel.NoisyTrends(1, 2000, 15, seed: 5)[0];
        var rows = GlobalTrainingRows.Build([series], 2014, Options, GroupTrends.Empty);
        Assert.NotEmpty(rows.Rows);

        var fromLast = 0;
        foreach (var row in rows.Rows)
        {
            var prepared = new PreparedSeries(series.Through(row.OriginYear), Options.MaxTrainingStep);
            var step = row.TargetYear - row.OriginYear;
            var actual = series.Values[series.Years.ToList().IndexOf(row.TargetYear)];
            var scale = prepared.Series.Scale;
            var clip = Options.LabelClip + Options.LabelClipPerStep * Math.Sqrt(step);
            var damped = prepared.StatisticalPath(StatisticalMethods.DampedIndex)[step - 1];

            var expected = RobustLabel.Forward(Math.Clamp((actual - damped) / scale, -clip, clip), Options.RobustLabelScale);
            Assert.Equal(expected, row.Label, 4);
            var last = RobustLabel.Forward(Math.Clamp((actual - prepared.Series.Last) / scale, -clip, clip), Options.RobustLabelScale);
            if (Math.Abs(last - row.Label) > 1e-3) fromLast++;
        }
        // The damped trend's forecast is not the last value on a trending series: the labels are not the old ones.
        Assert.True(fromLast > rows.Rows.Count / 2);
    }

    [Fact]
    public void Trees_that_add_nothing_forecast_the_damped_trend_and_the_old_label_the_last_value()
    {
        var series = SyntheticPanel.Line("line", 2000, 12, start: 10, slope: 2);
        var prepared = new PreparedSeries(series, 5);
        GlobalGrowthModel.Tree[] nothing = [new([], [], [], [], [0.0])];

        var fromDamped = new GlobalGrowthModel(nothing, 0, 1000, 2011, 1, fromDampedTrend: true).Path(prepared);
        var fromLast = new GlobalGrowthModel(nothing, 0, 1000, 2011, 1, fromDampedTrend: false).Path(prepared);

        Assert.Equal(prepared.StatisticalPath(StatisticalMethods.DampedIndex), fromDamped);
        Assert.All(fromLast, v => Assert.Equal(prepared.Series.Last, v));
        Assert.True(fromDamped[0] > prepared.Series.Last);
    }

    [Fact]
    public void A_trained_model_remembers_what_its_label_is_counted_from()
    {
        var rows = GlobalTrainingRows.Build(SyntheticPanel.NoisyTrends(120, 2000, 15, seed: 3), 2014, Options, GroupTrends.Empty);

        Assert.True(GlobalGrowthModel.Train(rows, 2014, Options).FromDampedTrend);
        Assert.False(GlobalGrowthModel.Train(rows, 2014, Options with { LabelFromDampedTrend = false }).FromDampedTrend);
    }
}
