namespace Analytics.Ml.Tests;

/// <summary>The trained model: global ML.NET model, production blend, safety for concurrent callers.</summary>
[Collection(TrainedPanelCollection.Name)]
public sealed class ForecastModelTests(TrainedPanelFixture fixture)
{
    [Fact]
    public void Lists_every_method_with_production_last()
    {
        Assert.Equal(["naive", "drift", "escap-twlr", "damped-trend", "bounded-trend", "ses", "holt", "theta", "mlnet-global", "peer-pooled", "analog", "production"],
            fixture.Model.Methods.Select(m => m.Name));
        Assert.Equal(1.0, fixture.Model.Blend.Weights.Sum(), 9);
        Assert.Equal(2016, fixture.Model.DataThroughYear);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), fixture.Model.TrainedAt);
    }

    [Fact]
    public void The_analog_method_is_one_production_may_combine_and_reads_a_new_tables_figures_up_to_the_models_data_year()
    {
        var model = fixture.Model;
        Assert.Contains(AnalogModel.MethodName, model.Blend.Methods);
        Assert.Equal(model.DataThroughYear, model.Analog!.CutoffYear);

        // A table the model was not trained on, with figures after the model's data year: its windows up to that year
        // join the analogs (as its figures join the peers), the later ones never do.
        var table = SyntheticPanel.NoisyTrends(30, 2000, 22, seed: 11)
            .Select(s => new SeriesHistory("new-" + s.Id, [.. s.Years], [.. s.Values], group: "new-table")).ToList();
        var withTable = model.WithPeerData([.. fixture.Panel, .. table]);
        var expected = AnalogModel.Build([.. fixture.Panel, .. table.Select(s => s.Through(model.DataThroughYear))], model.DataThroughYear,
            model.Analog.Options);

        Assert.True(withTable.Analog!.Windows > model.Analog.Windows);
        Assert.Equal(expected.Windows, withTable.Analog.Windows);
        var history = table[0].Through(model.DataThroughYear);
        Assert.Equal(expected.Path(new PreparedSeries(history, 3).Series, 3),
            withTable.ForecastPath(history, history.LastYear + 3, AnalogModel.MethodName).Select(f => f.Point));
    }

    [Fact]
    public void The_global_model_continues_a_clean_line_and_keeps_a_constant()
    {
        var line = new SeriesHistory("line", Enumerable.Range(2004, 13).ToArray(), Enumerable.Range(0, 13).Select(i => 100 + 3.0 * i).ToArray(),
            0, null, true, "indicator-0");
        var forecast = fixture.Model.Method("mlnet-global").Predict(line, [2017, 2019, 2021]);
        // Trained on noisy panels, the model rightly trusts a trend less than a line deserves: it must
        // still go the line's way, by at least a quarter of the line's pace, and not overshoot it by half.
        for (var i = 0; i < 3; i++)
        {
            var steps = 1 + 2 * i;
            Assert.InRange(forecast.Values[i], 136 + 0.25 * 3 * steps, 136 + 1.5 * 3 * steps);
        }

        var constant = SyntheticPanel.Constant("flat", 2004, 13, 7);
        Assert.All(fixture.Model.Method("mlnet-global").Predict(constant, [2017, 2020]).Values, v => Assert.Equal(7, v));
    }

    [Fact]
    public void Same_data_and_settings_give_the_same_version()
    {
        var panel = SyntheticPanel.NoisyTrends(120, 2004, 13, seed: 21);
        var first = new ForecastModelTrainer(TrainedPanelFixture.Options).Train(panel);
        var again = new ForecastModelTrainer(TrainedPanelFixture.Options).Train(panel);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.Forecast(panel[0], 2020).Point, again.Forecast(panel[0], 2020).Point);
        Assert.NotEqual(first.Version, new ForecastModelTrainer(TrainedPanelFixture.Options).Train(panel.Skip(1)).Version);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_answers_as_one_caller()
    {
        var expected = fixture.Panel.Select(s => fixture.Model.Forecast(s, 2025).Point).ToArray();
        var actual = new double[expected.Length];
        Parallel.For(0, expected.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => actual[i] = fixture.Model.Forecast(fixture.Panel[i], 2025).Point);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_handful_of_short_series_still_trains_with_uncalibrated_intervals()
    {
        // What a cluster holding only the seed reports looks like: a few series of five or six years.
        var small = SyntheticPanel.NoisyTrends(6, 2015, 6, seed: 7);

        var model = new ForecastModelTrainer(TrainedPanelFixture.Options).Train(small);

        Assert.False(model.Calibration.IsCalibrated);
        var f = model.Forecast(small[0], 2025);
        Assert.True(f.Lo95 < f.Lo80 && f.Lo80 <= f.Point && f.Point <= f.Hi80 && f.Hi80 < f.Hi95, $"{f.Lo95} {f.Lo80} {f.Point} {f.Hi80} {f.Hi95}");
    }

    [Fact]
    public void Short_histories_forecast_with_every_method_and_one_point_is_refused()
    {
        var twoYears = new SeriesHistory("new", [2014, 2016], [10, 12], 0, null);
        foreach (var method in fixture.Model.Methods)
        {
            var f = fixture.Model.Forecast(twoYears, 2020, method.Name);
            Assert.True(double.IsFinite(f.Point) && f.Lo95 <= f.Point && f.Point <= f.Hi95, method.Name);
        }
        Assert.Throws<ArgumentException>(() => fixture.Model.Forecast(new SeriesHistory("one", [2016], [3]), 2020));
    }

    [Fact]
    public void Forecast_reports_horizon_method_and_version()
    {
        var series = fixture.Panel[5];
        var f = fixture.Model.Forecast(series, 2020, "damped-trend");
        Assert.Equal(4, f.Horizon);
        Assert.Equal("damped-trend", f.Method);
        Assert.Equal(fixture.Model.Version, f.ModelVersion);
        Assert.Throws<KeyNotFoundException>(() => fixture.Model.Forecast(series, 2020, "prophet"));
        Assert.Throws<ArgumentException>(() => fixture.Model.Forecast(series, 2016));
    }
}
