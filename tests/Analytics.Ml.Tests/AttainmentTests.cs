namespace Analytics.Ml.Tests;

/// <summary>Attainment of a target: ratio, probability, growth needed versus observed, status.</summary>
[Collection(TrainedPanelCollection.Name)]
public sealed class AttainmentTests(TrainedPanelFixture fixture)
{
    /// <summary>Bình Thuận, Internet users (% of population): the provincial report's figures, 2020 estimated, target 85% in 2025.</summary>
    private static readonly SeriesHistory BinhThuanInternetUsers =
        new("60/internet-users-rate", [2015, 2016, 2017, 2018, 2019, 2020], [38.5, 42.5, 45, 51, 59, 62], 0, 100, higherIsBetter: true, group: "internet-users-rate");

    /// <summary>A predictive distribution: normal with the given mean and standard deviation, as quantiles.</summary>
    private static SeriesForecast Normal(SeriesHistory h, int year, double mean, double sd)
    {
        var q = SeriesForecast.QuantileLevels.Select(p => mean + sd * InverseNormal(p)).ToArray();
        return new SeriesForecast(h.Id, "production", "test", h.LastYear, h.LastValue, year, mean,
            mean - 1.2816 * sd, mean + 1.2816 * sd, mean - 1.96 * sd, mean + 1.96 * sd, 1, q);
    }

    [Fact]
    public void Binh_Thuan_internet_users_needs_the_pace_it_has_kept()
    {
        var target = new AttainmentTarget(85, 2025);
        var a = AttainmentAssessor.Assess(BinhThuanInternetUsers, target, Normal(BinhThuanInternetUsers, 2025, 83, 5));

        Assert.Equal(83 / 85.0, a.AttainmentRatio, 9);
        Assert.Equal((85 - 62) / 5.0, a.RequiredYearlyChange, 9);   // +4.6 points a year from 62% in 2020
        Assert.Equal((62 - 38.5) / 5.0, a.ObservedYearlyChange, 9); // +4.7 points a year over 2015–2020
        Assert.Equal(Math.Pow(85 / 62.0, 0.2) - 1, a.RequiredYearlyGrowthRate!.Value, 9);
        Assert.InRange(a.Probability, 0.33, 0.36); // P(N(83, 5) >= 85) = 0.345
        Assert.Equal(AttainmentStatus.AtRisk, a.Status);
        Assert.Contains("85", a.Reason);
    }

    [Fact]
    public void Status_follows_the_probability_thresholds()
    {
        var target = new AttainmentTarget(85, 2025);
        Assert.Equal(AttainmentStatus.OnTrack, AttainmentAssessor.Assess(BinhThuanInternetUsers, target, Normal(BinhThuanInternetUsers, 2025, 90, 5)).Status);
        Assert.Equal(AttainmentStatus.OffTrack, AttainmentAssessor.Assess(BinhThuanInternetUsers, target, Normal(BinhThuanInternetUsers, 2025, 75, 4)).Status);
        Assert.Equal(AttainmentStatus.Achieved, AttainmentAssessor.Assess(BinhThuanInternetUsers, new AttainmentTarget(60, 2025), Normal(BinhThuanInternetUsers, 2025, 70, 5)).Status);
    }

    [Fact]
    public void Lower_is_better_reverses_ratio_probability_and_regression()
    {
        var poverty = new SeriesHistory("poverty", [2016, 2017, 2018, 2019, 2020], [10, 9, 7.8, 6.9, 6], 0, 100, higherIsBetter: false);
        var target = new AttainmentTarget(5, 2025);
        var onTrack = AttainmentAssessor.Assess(poverty, target, Normal(poverty, 2025, 4, 0.6));
        Assert.Equal(5 / 4.0, onTrack.AttainmentRatio, 9); // below the target is better than the target
        Assert.True(onTrack.Probability > 0.9);
        Assert.Equal(AttainmentStatus.OnTrack, onTrack.Status);
        Assert.Equal(-0.2, onTrack.RequiredYearlyChange, 9);

        Assert.Equal(AttainmentStatus.Achieved, AttainmentAssessor.Assess(poverty, new AttainmentTarget(6.5, 2025), Normal(poverty, 2025, 5, 1)).Status);

        var rising = new SeriesHistory("poverty-rising", [2016, 2017, 2018, 2019, 2020], [5, 5.5, 6.2, 6.8, 7.5], 0, 100, higherIsBetter: false);
        var regressing = AttainmentAssessor.Assess(rising, target, Normal(rising, 2025, 9, 1));
        Assert.Equal(AttainmentStatus.Regressing, regressing.Status);
        Assert.Contains("away from the target", regressing.Reason);
    }

    [Fact]
    public void Higher_is_better_falling_away_is_regressing()
    {
        var falling = new SeriesHistory("falling", [2016, 2017, 2018, 2019, 2020], [60, 58, 57, 55, 54], 0, 100);
        var a = AttainmentAssessor.Assess(falling, new AttainmentTarget(70, 2025), Normal(falling, 2025, 50, 3));
        Assert.Equal(AttainmentStatus.Regressing, a.Status);
    }

    [Fact]
    public void A_target_year_already_observed_is_judged_on_the_actual()
    {
        Assert.Equal(AttainmentStatus.OffTrack, AttainmentAssessor.Assess(BinhThuanInternetUsers, new AttainmentTarget(55, 2018), null).Status);
        Assert.Equal(AttainmentStatus.Achieved, AttainmentAssessor.Assess(BinhThuanInternetUsers, new AttainmentTarget(50, 2018), null).Status);
    }

    [Fact]
    public void The_model_assesses_the_seed_example_end_to_end()
    {
        var a = fixture.Model.Assess(BinhThuanInternetUsers, new AttainmentTarget(85, 2025));
        Assert.Equal(2025, a.TargetYear);
        Assert.Equal("production", a.Method);
        Assert.InRange(a.Projected, 62, 100);
        Assert.InRange(a.Probability, 0, 1);
        Assert.True(a.Lo95 <= a.Lo80 && a.Lo80 <= a.Projected && a.Projected <= a.Hi80 && a.Hi80 <= a.Hi95);
        Assert.NotEqual(AttainmentStatus.Achieved, a.Status);
        Assert.NotEqual(AttainmentStatus.Regressing, a.Status);
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (enough for test fixtures).</summary>
    private static double InverseNormal(double p)
    {
        double[] a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
        double[] b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
        double[] c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
        double[] d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -InverseNormal(1 - p);
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
