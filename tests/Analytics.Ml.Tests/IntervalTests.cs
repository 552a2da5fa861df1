namespace Analytics.Ml.Tests;

/// <summary>Intervals come from out-of-sample errors, so their stated levels hold on held-out years.</summary>
[Collection(TrainedPanelCollection.Name)]
public sealed class IntervalTests(TrainedPanelFixture fixture)
{
    [Fact]
    public void Error_quantiles_of_standard_normal_noise_match_the_normal_distribution()
    {
        var random = new Random(3);
        var samples = Enumerable.Range(0, 20_000).Select(_ => SyntheticPanel.Gaussian(random)).ToList();
        var errors = ErrorDistribution.FromSamples(samples);
        Assert.Equal(1.2816, errors.Quantile(0.90), 1);
        Assert.Equal(-1.96, errors.Quantile(0.025), 1);
        Assert.Equal(0.5, errors.Cdf(0), 1);
        Assert.Equal(0.975, errors.Cdf(1.96), 2);
    }

    [Fact]
    public void Stated_levels_hold_on_years_the_model_never_saw()
    {
        // Train as of 2011 on simulated noisy trends, score 2012..2016: coverage near 80% and 95%.
        var panel = SyntheticPanel.NoisyTrends(300, 1995, 22, seed: 11);
        var report = Backtester.Run(panel, 2011, [1, 2, 3, 4, 5], TrainedPanelFixture.Options);
        var production = report.Methods.Single(m => m.Production);
        Assert.InRange(production.Coverage80, 0.72, 0.88);
        Assert.InRange(production.Coverage95, 0.90, 0.99);
    }

    [Fact]
    public void Intervals_nest_around_the_point_and_widen_with_the_horizon()
    {
        var series = fixture.Panel[0];
        var path = fixture.Model.ForecastPath(series, series.LastYear + 8);
        foreach (var f in path)
        {
            Assert.True(f.Lo95 <= f.Lo80 && f.Lo80 <= f.Point && f.Point <= f.Hi80 && f.Hi80 <= f.Hi95, $"{f.TargetYear}: {f}");
            Assert.Equal(99, f.Quantiles.Count);
        }
        Assert.True(path[^1].Hi95 - path[^1].Lo95 > path[0].Hi95 - path[0].Lo95);
    }

    [Fact]
    public void Intervals_of_a_rate_never_leave_0_to_100()
    {
        var rate = new SeriesHistory("rate", [2010, 2011, 2012, 2013, 2014, 2015], [80, 86, 91, 95, 97.5, 99], 0, 100);
        foreach (var f in fixture.Model.ForecastPath(rate, 2030))
        {
            Assert.InRange(f.Lo95, 0, 100);
            Assert.InRange(f.Hi95, 0, 100);
            Assert.All(f.Quantiles, q => Assert.InRange(q, 0, 100));
        }
    }

    [Fact]
    public void Probabilities_are_read_off_the_predictive_quantiles()
    {
        var quantiles = SeriesForecast.QuantileLevels.Select(p => 100 * p).ToArray(); // uniform on 0..100
        var f = new SeriesForecast("s", "production", "v", 2020, 50, 2025, 50, 10, 90, 2.5, 97.5, 1, quantiles);
        Assert.Equal(0.25, f.ProbabilityAtLeast(75), 6);
        Assert.Equal(0.75, f.ProbabilityAtMost(75), 6);
        Assert.Equal(0.995, f.ProbabilityAtLeast(-5), 6);
        Assert.Equal(0.005, f.ProbabilityAtLeast(120), 6);
    }

    [Fact]
    public void A_length_band_widens_its_intervals_where_its_errors_were_wider_and_never_narrows_them()
    {
        var random = new Random(5);
        List<double> Normal(int n, double sigma) => [.. Enumerable.Range(0, n).Select(_ => sigma * SyntheticPanel.Gaussian(random))];
        var overall = Normal(20_000, 1);
        var byBand = new Dictionary<int, List<double>>
        {
            [4] = Normal(2_000, 3),     // young series erred three times as widely
            [7] = Normal(2_000, 0.5),   // these less widely: the overall distribution stays
            [10] = Normal(IntervalCalibration.MinimumErrorsPerBandStep - 1, 3), // too few errors for a band of their own
        };
        var calibration = IntervalCalibration.Build(["production"], (_, _) => overall, 3)
            .WithLengthBands("production", Backtester.LengthBands, (from, _) => byBand.TryGetValue(from, out var e) ? e : []);

        Assert.Equal([4, 7], calibration.Bands.Select(b => b.From));
        double Width(int length, int step = 1) =>
            calibration.For("production", step, length).Quantile(0.975) - calibration.For("production", step, length).Quantile(0.025);
        var all = calibration.For("production", 1);
        var allWidth = all.Quantile(0.975) - all.Quantile(0.025);
        Assert.InRange(Width(5) / allWidth, 2.7, 3.3);
        Assert.Equal(allWidth, Width(8), 9);
        Assert.Equal(allWidth, Width(12), 9);
        Assert.Equal(allWidth, Width(40), 9);
        // Past the calibrated steps a band stretches its own last distribution, as the overall one does.
        Assert.Equal(calibration.For("production", 6).Quantile(0.975), calibration.For("production", 6, 12).Quantile(0.975), 9);
        Assert.True(Width(5, 6) > Width(5, 3));
    }

    [Fact]
    public void A_trained_model_calibrates_production_per_length_band_never_narrower_than_all_lengths_together()
    {
        var calibration = fixture.Model.Calibration;
        Assert.NotEmpty(calibration.Bands);
        foreach (var band in calibration.Bands)
        {
            Assert.Equal(ForecastModel.ProductionMethodName, band.Method);
            for (var step = 1; step <= band.Steps.Length; step++)
            {
                var own = calibration.For(band.Method, step, band.From);
                var all = calibration.For(band.Method, step);
                foreach (var (lo, hi) in new[] { (0.10, 0.90), (0.025, 0.975) })
                {
                    Assert.True(own.Quantile(lo) <= all.Quantile(lo) + 1e-12, $"{band.From}–{band.To}, step {step}, {lo}");
                    Assert.True(own.Quantile(hi) >= all.Quantile(hi) - 1e-12, $"{band.From}–{band.To}, step {step}, {hi}");
                }
            }
        }
    }

    [Fact]
    public void Every_method_has_a_calibration_for_every_step_it_can_be_asked()
    {
        foreach (var method in fixture.Model.Methods)
        {
            Assert.True(fixture.Model.Calibration.CalibratedSteps(method.Name) >= 5, method.Name);
            var near = fixture.Model.Calibration.For(method.Name, 1);
            var far = fixture.Model.Calibration.For(method.Name, 30); // beyond the calibrated steps: stretched
            Assert.True(far.Quantile(0.975) - far.Quantile(0.025) > near.Quantile(0.975) - near.Quantile(0.025));
        }
    }
}
