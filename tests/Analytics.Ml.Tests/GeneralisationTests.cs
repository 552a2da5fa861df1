namespace Analytics.Ml.Tests;

/// <summary>
/// Honest figures: what the production blend is fitted on (never the years or the tables being scored), and what a
/// series with two figures gets (a status whose probability and intervals hold as stated).
/// </summary>
[Collection(TrainedPanelCollection.Name)]
public sealed class GeneralisationTests(TrainedPanelFixture fixture)
{
    private static readonly int[] Horizons = [1, 2, 3];

    private static List<SeriesHistory> Scaled(IEnumerable<SeriesHistory> panel, Func<SeriesHistory, int, bool> which, double factor) =>
        panel.Select(s => new SeriesHistory(s.Id, s.Years, s.Values.Select((v, i) => which(s, s.Years[i]) ? v * factor : v).ToArray(),
            s.Min, s.Max, s.HigherIsBetter, s.Group)).ToList();

    [Fact]
    public void Blend_weights_never_see_the_scored_years()
    {
        var panel = SyntheticPanel.NoisyTrends(120, 2002, 15, seed: 9);
        var altered = Scaled(panel, (_, year) => year > 2011, 10); // the scored years, wildly different

        var a = Backtester.Run(panel, 2011, Horizons, TrainedPanelFixture.Options);
        var b = Backtester.Run(altered, 2011, Horizons, TrainedPanelFixture.Options);

        Assert.Equal(a.ProductionWeights, b.ProductionWeights);
        Assert.Equal(a.ProductionCombiner, b.ProductionCombiner);
        Assert.NotEqual(a.Methods[0].Mase, b.Methods[0].Mase); // the scores did see them
    }

    [Fact]
    public void Leaving_tables_out_fits_each_fold_without_its_tables()
    {
        var panel = SyntheticPanel.NoisyTrends(120, 2002, 15, seed: 9);
        var folds = Backtester.Folds(panel.Select(s => s.Group!), 2);
        // Every figure of the tables in fold 0 changed, before the origin too: fold 0's model is fitted on fold 1 only,
        // so its weights cannot move; fold 1's model learns from fold 0, so it may.
        var altered = Scaled(panel, (s, _) => folds[s.Group!] == 0, 3);

        var a = Backtester.Evaluate(panel, 2011, Horizons, TrainedPanelFixture.Options, folds: 2);
        var b = Backtester.Evaluate(altered, 2011, Horizons, TrainedPanelFixture.Options, folds: 2);

        Assert.Equal(2, a.LeaveTablesOut!.Folds);
        Assert.Equal(a.LeaveTablesOut.FoldWeights![0], b.LeaveTablesOut!.FoldWeights![0]);
        Assert.Equal(a.InSample.Series, a.LeaveTablesOut.Series); // every series scored once, by the fold that left it out
        using (Bilingual.Reading(english: true))
            Assert.Contains("| method | relMAE in-sample | relMAE leave-tables-out |", a.ToMarkdown());
        Assert.Contains("| phương pháp | relMAE trong mẫu | relMAE để riêng bảng |", a.ToMarkdown());
        Assert.Equal(a.LeaveTablesOut.Points, GeneralisationReport.FromJson(a.ToJson()).LeaveTablesOut!.Points);
    }

    [Fact]
    public void The_combiner_is_chosen_on_origins_after_the_years_its_weights_were_fitted_on()
    {
        var blend = fixture.Model.Blend;
        Assert.NotNull(blend.SplitYear);
        Assert.Equal(["mean-of-best", "median", "median-of-best", "median-of-best-and-naive", "trimmed-mean"], blend.ValidationLoss.Keys.Order());
        Assert.True(blend.SplitYear < fixture.Model.DataThroughYear);
        // The served combiner is the one with the least loss on the validation origins.
        Assert.Equal(blend.ValidationLoss.Values.Min(), blend.ValidationLoss[blend.CombinerName]);
        if (blend.Combiner is BlendCombiner.BestMean or BlendCombiner.BestMedian)
            Assert.Equal(new ForecastTrainingOptions().BlendBestMethods, blend.NonZeroWeights.Count);
        if (blend.Combiner is BlendCombiner.BestAndNaiveMedian)
        {
            Assert.Contains("naive", blend.NonZeroWeights.Keys);
            Assert.InRange(blend.NonZeroWeights.Count, new ForecastTrainingOptions().BlendBestMethods, new ForecastTrainingOptions().BlendBestMethods + 1);
        }
    }

    [Fact]
    public void The_median_of_the_best_and_naive_pulls_disagreeing_methods_towards_the_last_figure()
    {
        string[] methods = ["naive", "damped-trend", "mlnet-global", "peer-pooled", "drift"];
        var blend = new ProductionBlend(methods, [0.25, 0.25, 0.25, 0.25, 0], BlendCombiner.BestAndNaiveMedian);

        // Four members (drift has no weight): the mean of the middle two, between naive's 10 and the best's median 20.
        Assert.Equal((14 + 20) / 2.0, blend.Combine([10, 20, 14, 30, 500]));
        // Naive among the best: three members, their median.
        var withNaive = new ProductionBlend(methods, [1 / 3.0, 1 / 3.0, 1 / 3.0, 0, 0], BlendCombiner.BestAndNaiveMedian);
        Assert.Equal(14, withNaive.Combine([10, 20, 14, 30, 500]));
    }

    [Fact]
    public void A_length_band_with_a_combination_of_its_own_serves_only_its_series()
    {
        string[] methods = ["naive", "damped-trend", "mlnet-global", "peer-pooled"];
        var young = new LengthBandChoice(4, 6, "mean-of-peer-pooled-and-naive", BlendCombiner.Weighted, [0.5, 0, 0, 0.5]);
        var blend = new ProductionBlend(methods, [0, 1 / 3.0, 1 / 3.0, 1 / 3.0], BlendCombiner.BestMedian, bands: [young]);
        double[] forecasts = [10, 20, 14, 30];

        Assert.Equal(20, blend.Combine(forecasts, 7)); // no band of its own: the median of the best three
        Assert.Equal(20, blend.Combine(forecasts, 3));
        Assert.Equal((10 + 30) / 2.0, blend.Combine(forecasts, 4));
        Assert.Equal((10 + 30) / 2.0, blend.Combine(forecasts, 6));
        Assert.Equal("median-of-best (4–6: mean-of-peer-pooled-and-naive)", blend.Description);
    }

    [Fact]
    public void A_two_point_series_gets_a_calibrated_status()
    {
        var model = fixture.Model;
        var two = new SeriesHistory("new/indicator-1", [2015, 2016], [80.0, 84.0], 0, null, true, "indicator-1");

        var attainment = model.Assess(two, new AttainmentTarget(100, 2020));

        Assert.True(model.ShortSeries.IsCalibrated);
        Assert.Equal(ShortSeriesModel.MethodName, attainment.Method);
        Assert.Contains(attainment.Status, new[] { AttainmentStatus.OnTrack, AttainmentStatus.AtRisk, AttainmentStatus.OffTrack, AttainmentStatus.Regressing });
        Assert.InRange(attainment.Probability, 0.0, 1.0);
        Assert.True(attainment.Hi95 - attainment.Lo95 > attainment.Hi80 - attainment.Lo80);
        Assert.True(attainment.Hi80 > attainment.Lo80);

        // Calibrated: on series the model never saw, cut to two figures, the intervals hold about as often as stated
        // and the probability of beating a threshold is about the frequency it was beaten.
        var unseen = SyntheticPanel.NoisyTrends(400, 2000, 17, seed: 31);
        int points = 0, in80 = 0, in95 = 0;
        double predicted = 0, observed = 0;
        foreach (var s in unseen)
        {
            var cut = ShortSeriesModel.LastPoints(s.Through(2012), 2);
            var path = model.ForecastPath(cut, 2015);
            foreach (var f in path)
            {
                var actual = s.ValueAt(f.TargetYear)!.Value;
                points++;
                if (actual >= f.Lo80 && actual <= f.Hi80) in80++;
                if (actual >= f.Lo95 && actual <= f.Hi95) in95++;
                var threshold = cut.LastValue * 1.03;
                predicted += f.ProbabilityAtLeast(threshold);
                observed += actual >= threshold ? 1 : 0;
            }
        }
        Assert.All(model.ForecastPath(ShortSeriesModel.LastPoints(unseen[0], 2), 2020), f => Assert.Equal(ShortSeriesModel.MethodName, f.Method));
        Assert.InRange((double)in80 / points, 0.74, 0.86);
        Assert.InRange((double)in95 / points, 0.91, 0.985);
        Assert.InRange(predicted / points - observed / points, -0.07, 0.07);
    }

    [Fact]
    public void The_report_scores_series_cut_to_two_three_and_four_figures()
    {
        var panel = SyntheticPanel.NoisyTrends(120, 2002, 15, seed: 9);
        var report = Backtester.Run(panel, 2011, Horizons, TrainedPanelFixture.Options);

        var cut = report.ByLength!.Where(l => l.Cut).ToList();
        Assert.Equal(["cut to 2", "cut to 3", "cut to 4"], cut.Select(l => l.Length));
        Assert.All(cut, l => Assert.Equal(report.Points, l.All.Points));
        Assert.All(cut, l => Assert.Equal(3, l.ByHorizon.Count));
        Assert.All(cut, l => Assert.InRange(l.All.Coverage80, 0.5, 1));
        Assert.Contains(report.ByLength!, l => !l.Cut && l.Length == "10–14");
    }

    [Fact]
    public void The_model_says_how_good_it_was_for_series_of_this_length_this_far_ahead()
    {
        var record = fixture.Model.TrackRecord;

        var two = record.For(points: 2, step: 3)!;
        Assert.Equal(("2", 3), (two.Length, two.Step));
        var long12 = record.For(points: 12, step: 2)!;
        Assert.Equal(("10–14", 2), (long12.Length, long12.Step));
        Assert.Null(record.For(points: 1, step: 1)); // one figure: no forecast, no record
        // Beyond the steps measured, the longest one measured speaks for it.
        Assert.Equal(record.Cells.Where(c => c.Length == "2").Max(c => c.Step), record.For(2, 40)!.Step);
        foreach (var c in record.Cells)
        {
            Assert.True(c.Cases >= IntervalCalibration.MinimumErrorsPerStep);
            Assert.InRange(c.RelMae, 0.2, 5);
            Assert.InRange(c.Coverage80, 0.6, 0.95);
            Assert.InRange(c.Coverage95, 0.85, 1);
        }
    }
}
