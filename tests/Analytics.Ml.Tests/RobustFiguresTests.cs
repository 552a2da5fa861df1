namespace Analytics.Ml.Tests;

/// <summary>
/// One broken series must not decide the back-test's figures, and one future-dated figure must not decide the model's
/// training cutoff.
/// </summary>
public sealed class RobustFiguresTests
{
    private static readonly int[] Horizons = [1, 2, 3, 4, 5];

    /// <summary>Flat at 1000 (±0.001) through the origin, then redefined tenfold: an in-sample scale of ~0.001.</summary>
    private static SeriesHistory NearConstantThenBroken(string id) => new(id,
        Enumerable.Range(2002, 15).ToArray(),
        Enumerable.Range(0, 15).Select(i => i <= 9 ? 1000 + (i % 2) * 0.001 : 10_000).ToArray(), 0, null, true, "indicator-0");

    /// <summary>Two supermarkets for ten years, then seven: a count whose own yearly change was zero.</summary>
    private static SeriesHistory ConstantThenJump(string id) => new(id,
        Enumerable.Range(2002, 15).ToArray(), Enumerable.Range(0, 15).Select(i => i <= 9 ? 2.0 : 7).ToArray(), 0, null, true, "indicator-0");

    [Fact]
    public void A_constant_then_jump_count_series_cannot_dominate_the_mean()
    {
        var panel = SyntheticPanel.NoisyTrends(150, 2002, 15, seed: 5);
        var clean = Backtester.Run(panel, 2011, Horizons, TrainedPanelFixture.Options);
        var jumped = Backtester.Run([.. panel, ConstantThenJump("supermarkets")], 2011, Horizons, TrainedPanelFixture.Options);

        // Its scale is one unit (a count moves by whole units), not 0 (excluded) nor 1% of 2 (0.02: 250 scales a point).
        Assert.Equal((1.0, ScaleTreatment.Resolution), BacktestMetrics.Scale(ConstantThenJump("x").Through(2011)));
        Assert.Equal(151, jumped.Scales!.MaseSeries); // scored, not left out
        Assert.Contains("supermarkets", jumped.Scales.ResolutionFloored);
        foreach (var (a, b) in clean.Methods.Zip(jumped.Methods))
        {
            Assert.Equal(a.Name, b.Name);
            Assert.InRange(b.Mase / a.Mase, 0.9, 1.1);
            Assert.InRange(b.Msis / a.Msis, 0.85, 1.15);
            Assert.InRange(b.RelMae / a.RelMae, 0.95, 1.05);
            foreach (var (ha, hb) in a.ByHorizon!.Zip(b.ByHorizon!))
                Assert.InRange(hb.Mase / ha.Mase, 0.85, 1.15);
        }
    }

    [Fact]
    public void A_huge_break_on_a_usable_scale_moves_the_mean_MASE_but_not_the_relative_MAE()
    {
        // Scale ~10 on a level ~100 (usable), then a jump of 100,000: honest MASE counts it; relMAE is capped per series.
        var panel = SyntheticPanel.NoisyTrends(150, 2002, 15, seed: 5);
        var jump = new SeriesHistory("jump", Enumerable.Range(2002, 15).ToArray(),
            Enumerable.Range(0, 15).Select(i => i <= 9 ? 100.0 + 10 * i : 100_000 + 50 * i).ToArray(), 0, null, true, "indicator-1");
        var clean = Backtester.Run(panel, 2011, Horizons, TrainedPanelFixture.Options);
        var broken = Backtester.Run([.. panel, jump], 2011, Horizons, TrainedPanelFixture.Options);

        var naive = broken.Methods.Single(m => m.Name == "naive");
        Assert.True(naive.Mase > 5 * clean.Methods.Single(m => m.Name == "naive").Mase, "the break should dominate the plain mean");
        foreach (var (a, b) in clean.Methods.Zip(broken.Methods))
            Assert.InRange(b.RelMae / a.RelMae, 0.95, 1.05);
    }

    [Fact]
    public void A_near_constant_series_gets_a_floored_scale_and_is_named()
    {
        var training = new SeriesHistory("quiet", [2008, 2009, 2010, 2011], [99.0, 99.1, 99.0, 99.1]);
        Assert.Equal((0.9905, ScaleTreatment.Peers), Round(BacktestMetrics.Scale(training)));      // no peers: 1% of the level
        Assert.Equal((1.0, ScaleTreatment.Resolution), Round(BacktestMetrics.Scale(new SeriesHistory("flat", [2008, 2009, 2010, 2011], [5.0, 5, 5, 5]))));
        Assert.Equal((1.0, ScaleTreatment.Resolution), Round(BacktestMetrics.Scale(new SeriesHistory("zero", [2008, 2009, 2010, 2011], [0.0, 0, 0, 0]))));
        Assert.Equal((2.0, ScaleTreatment.AsIs), Round(BacktestMetrics.Scale(new SeriesHistory("line", [2008, 2009, 2010, 2011], [10.0, 12, 14, 16]))));
        // 66 editorial offices, one change in four years, where the indicator's provinces move 10% of their level a year.
        var offices = new SeriesHistory("offices", [2008, 2009, 2010, 2011], [66.0, 66, 67, 66]);
        Assert.Equal((1.65625, ScaleTreatment.Peers), Round(BacktestMetrics.Scale(offices, peerRelativeScale: 0.1))); // 0.25 × 10% × 66.25
        Assert.Equal(0.1, BacktestMetrics.Resolution([38.5, 42.5, 45]));
        Assert.Equal(1, BacktestMetrics.Resolution([2.0, 7, 1200]));

        static (double, ScaleTreatment) Round((double Scale, ScaleTreatment Treatment) s) => (Math.Round(s.Scale, 6), s.Treatment);
    }

    [Fact]
    public void Relative_errors_are_one_when_both_are_exact_and_bounded_otherwise()
    {
        Assert.Equal(1, BacktestMetrics.RelativeError(0, 0));
        Assert.Equal(BacktestMetrics.RelativeErrorCap, BacktestMetrics.RelativeError(5, 0));
        Assert.Equal(1 / BacktestMetrics.RelativeErrorCap, BacktestMetrics.RelativeError(0, 5));
        Assert.Equal(0.5, BacktestMetrics.RelativeError(1, 2), 12);
    }

    [Fact]
    public void The_report_prints_the_per_horizon_tables_the_robust_aggregates_and_the_floored_series()
    {
        var panel = SyntheticPanel.NoisyTrends(150, 2002, 15, seed: 5);
        var report = Backtester.Run([.. panel, NearConstantThenBroken("broken")], 2011, Horizons, TrainedPanelFixture.Options);
        string markdown;
        using (Bilingual.Reading(english: true)) markdown = report.ToMarkdown();

        Assert.Contains("| method | relMAE (geo.) | OWA | MASE | vs naive | MSIS 95% | pinball | sMAPE % | coverage 80% | coverage 95% |", markdown);
        Assert.Contains("| method | h1 | h2 | h3 | h4 | h5 |", markdown);
        Assert.Contains("MASE by horizon", markdown);
        Assert.Contains("relMAE by horizon", markdown);
        Assert.Contains("none left out", markdown);
        Assert.Contains("broken", report.Scales!.PeerFloored);
        var naive = report.Methods.Single(m => m.Name == "naive");
        Assert.Equal((1.0, 1.0, 1.0), (naive.MaseVsNaive, naive.RelMae, naive.Owa));

        var json = BacktestReport.FromJson(report.ToJson());
        Assert.Equal(report.Scales.PeerFloored, json.Scales!.PeerFloored);
        Assert.Equal(report.Methods.Select(m => m.RelMae), json.Methods.Select(m => m.RelMae));
        Assert.Equal(5, json.Methods[^1].ByHorizon!.Count);
    }

    private sealed class FixedClock(int year) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(year, 6, 1, 0, 0, 0, TimeSpan.Zero);
    }

    [Theory]
    [InlineData(new[] { 2016, 2016, 2016, 2016, 2090 }, 2026, 2016)]   // one future-dated figure
    [InlineData(new[] { 2016, 2016, 2016, 2020, 2024 }, 2026, 2020)]   // 2 of 5 reach 2020, only 1 reaches 2024
    [InlineData(new[] { 2016, 2030, 2030, 2030, 2030 }, 2026, 2026)]   // most in the future: never past this year
    [InlineData(new[] { 2016 }, 2026, 2016)]
    public void The_cutoff_is_the_latest_year_more_than_a_fifth_of_the_series_reach_and_never_after_this_year(int[] lastYears, int now, int cutoff)
    {
        Assert.Equal(cutoff, ForecastModelTrainer.DataCutoff(lastYears, now, 0.2));
    }

    [Theory]
    [InlineData(60, 2022)]   // a few dozen newer series beside thousands of older ones: enough to move it
    [InlineData(10, 2016)]   // a handful: not
    public void Or_the_latest_year_a_body_of_50_series_reach(int newer, int cutoff)
    {
        var lastYears = Enumerable.Repeat(2016, 4700).Concat(Enumerable.Repeat(2022, newer)).Append(2090);
        Assert.Equal(cutoff, ForecastModelTrainer.DataCutoff(lastYears, 2026, 0.2, 50));
    }

    [Fact]
    public void One_actual_dated_2090_keeps_the_cutoff_and_the_intervals()
    {
        var panel = SyntheticPanel.NoisyTrends(240, 2000, 17, seed: 7);
        var trainer = new ForecastModelTrainer(TrainedPanelFixture.Options, new FixedClock(2026));
        var sane = trainer.Train(panel);

        var future = panel[3];
        var withFuture = panel.Select(s => s.Id != future.Id ? s : new SeriesHistory(s.Id, [.. s.Years, 2090], [.. s.Values, s.Values[^1] * 1.1],
            s.Min, s.Max, s.HigherIsBetter, s.Group)).ToList();
        var model = trainer.Train(withFuture);

        Assert.Equal(2016, sane.DataThroughYear);
        Assert.Equal(2016, model.DataThroughYear);
        Assert.True(model.Calibration.IsCalibrated, $"uncalibrated: {string.Join(", ", model.Calibration.Uncalibrated)}");
        Assert.Equal(sane.Version, model.Version); // the 2090 figure never reached training
        var probe = panel[0];
        var a = sane.Forecast(probe, 2020);
        var b = model.Forecast(probe, 2020);
        Assert.Equal(a.Point, b.Point, 6);
        Assert.Equal(a.Hi80 - a.Lo80, b.Hi80 - b.Lo80, 6);
        Assert.True(b.Hi80 - b.Lo80 < 0.5 * probe.Values.Max(), $"80% interval {b.Lo80}..{b.Hi80} is not informative");
    }
}
