namespace Analytics.Ml.Tests;

/// <summary>Each method on series whose right answer is known.</summary>
public sealed class MethodTests
{
    private static readonly int[] NextFiveYears = [2016, 2017, 2018, 2019, 2020];

    [Fact]
    public void Naive_repeats_the_last_value()
    {
        var line = SyntheticPanel.Line("line", 2005, 11, 10, 2);
        var forecast = StatisticalMethods.Naive.Predict(line, NextFiveYears);
        Assert.All(forecast.Values, v => Assert.Equal(30, v, 9));
    }

    [Fact]
    public void Drift_and_escap_twlr_continue_a_straight_line_exactly()
    {
        var line = SyntheticPanel.Line("line", 2005, 11, 10, 2);
        foreach (var method in new StatisticalMethod[] { StatisticalMethods.Drift, StatisticalMethods.EscapTwlr })
        {
            var forecast = method.Predict(line, NextFiveYears);
            for (var i = 0; i < NextFiveYears.Length; i++) Assert.Equal(30 + 2 * (i + 1), forecast.Values[i], 6);
        }
    }

    [Fact]
    public void Damped_trend_follows_a_line_but_lets_the_trend_fade()
    {
        var line = SyntheticPanel.Line("line", 2005, 11, 10, 2);
        var forecast = StatisticalMethods.DampedTrend.Predict(line, NextFiveYears);
        for (var i = 0; i < NextFiveYears.Length; i++)
        {
            var exact = 30 + 2 * (i + 1);
            Assert.InRange(forecast.Values[i], 30 + 0.75 * 2 * (i + 1), exact + 1e-9);
            if (i > 0) Assert.True(forecast.Values[i] > forecast.Values[i - 1]);
        }
    }

    [Fact]
    public void Ses_smooths_noise_around_a_level_and_holt_and_theta_follow_a_line()
    {
        // Noise around 10: the smoothed level sits near the mean, not on the last value (13).
        var noisy = new SeriesHistory("noisy", Enumerable.Range(2008, 8).ToArray(), [10.0, 7, 12, 8, 11, 9, 7, 13]);
        var ses = StatisticalMethods.SimpleSmoothing.Predict(noisy, NextFiveYears);
        Assert.All(ses.Values, v => Assert.InRange(v, 9, 11.5));

        var line = SyntheticPanel.Line("line", 2005, 11, 10, 2);
        var holt = StatisticalMethods.Holt.Predict(line, NextFiveYears);
        for (var i = 0; i < NextFiveYears.Length; i++) Assert.Equal(30 + 2 * (i + 1), holt.Values[i], 6);
        // Theta on a perfect line: SES keeps the last value (α = 1) and adds half the slope each year.
        var theta = StatisticalMethods.Theta.Predict(line, NextFiveYears);
        for (var i = 0; i < NextFiveYears.Length; i++) Assert.Equal(30 + 1.0 * (i + 1), theta.Values[i], 6);
    }

    [Fact]
    public void Every_method_keeps_a_constant_series_constant()
    {
        var constant = SyntheticPanel.Constant("flat", 2005, 10, 42);
        foreach (var method in StatisticalMethods.All)
            Assert.All(method.Predict(constant, NextFiveYears).Values, v => Assert.Equal(42, v, 9));
    }

    [Fact]
    public void Bounded_trend_approaches_but_never_crosses_the_upper_bound_of_a_rate()
    {
        // 2% .. 95%: a rate well on its way to saturation, still rising.
        var rate = SyntheticPanel.SaturatingRate("rate", 2000, 15, k: 0.5, mid: 8);
        var years = Enumerable.Range(2015, 20).ToArray();
        var bounded = StatisticalMethods.BoundedTrend.Predict(rate, years);
        Assert.All(bounded.Values, v => Assert.InRange(v, rate.LastValue - 1e-9, 100));
        Assert.True(bounded.Values[^1] < 100, "the bound is approached, not reached");
        for (var i = 1; i < years.Length; i++) Assert.True(bounded.Values[i] >= bounded.Values[i - 1] - 1e-12);

        // Straight-line methods would cross 100; they are clamped onto the bound instead.
        var steep = SyntheticPanel.Line("steep", 2009, 6, 70, 5, 0, 100);
        Assert.All(StatisticalMethods.Drift.Predict(steep, years).Values, v => Assert.True(v <= 100));
    }

    [Fact]
    public void Bounded_trend_on_a_falling_rate_stays_above_zero()
    {
        var falling = new SeriesHistory("poverty", [2010, 2011, 2012, 2013, 2014, 2015], [12, 9, 6.5, 4.5, 3, 2], 0, 100, higherIsBetter: false);
        var forecast = StatisticalMethods.BoundedTrend.Predict(falling, Enumerable.Range(2016, 10).ToArray());
        Assert.All(forecast.Values, v => Assert.InRange(v, 0, 2));
        Assert.True(forecast.Values[^1] > 0);
    }

    [Fact]
    public void Gaps_in_the_years_are_bridged_by_straight_lines()
    {
        // 2006, 2008, 2010: a line with two-year gaps is still the same line.
        var gapped = new SeriesHistory("gapped", [2006, 2008, 2010, 2012], [10, 14, 18, 22]);
        Assert.Equal(2, ForecastScale.Of(gapped), 9);
        Assert.Equal(26, StatisticalMethods.Drift.Predict(gapped, [2014]).Values[0], 9);
    }

    [Fact]
    public void A_forecast_year_must_come_after_the_history()
    {
        var line = SyntheticPanel.Line("line", 2005, 11, 10, 2);
        Assert.Throws<ArgumentException>(() => StatisticalMethods.Naive.Predict(line, [2015]));
    }

    [Fact]
    public void A_history_must_have_ascending_years_and_finite_values()
    {
        Assert.Throws<ArgumentException>(() => new SeriesHistory("x", [2010, 2009], [1, 2]));
        Assert.Throws<ArgumentException>(() => new SeriesHistory("x", [2010, 2011], [1, double.NaN]));
        Assert.Throws<ArgumentException>(() => new SeriesHistory("x", [2010], [1, 2]));
    }
}
