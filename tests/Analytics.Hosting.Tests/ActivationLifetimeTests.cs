using Analytics.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Analytics.Hosting.Tests;

/// <summary>How long series stay in memory, as an operator sets it.</summary>
public sealed class ActivationLifetimeTests
{
    private static ActivationLifetime From(params (string Key, string Value)[] settings) =>
        ActivationLifetime.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Series_idle_for_ten_minutes_are_collected_unless_configured()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), From().SeriesIdle);
        Assert.Equal(TimeSpan.FromMinutes(3), From(("Analytics:SeriesIdleMinutes", "3")).SeriesIdle);
        Assert.Equal(TimeSpan.FromMinutes(2.5), From(("ANALYTICS_SERIES_IDLE_MINUTES", "2.5"), ("Analytics:SeriesIdleMinutes", "3")).SeriesIdle);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("ten")]
    [InlineData("20000")]
    public void An_idle_time_the_collector_cannot_honour_is_refused_by_name(string minutes)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("Analytics:SeriesIdleMinutes", minutes)));
        Assert.Contains("Analytics:SeriesIdleMinutes", error.Message);
        Assert.Contains($"'{minutes}'", error.Message);
    }

    [Fact]
    public void The_shortest_idle_time_is_scanned_for_more_often_than_it_lasts()
    {
        // Orleans refuses to start a silo whose idle age is not longer than its scan period.
        var options = new GrainCollectionOptions();

        From(("Analytics:SeriesIdleMinutes", "1")).Apply(options, "Analytics.Series.SeriesGrain");

        Assert.Equal(TimeSpan.FromMinutes(11), options.ClassSpecificCollectionAge["Analytics.Series.SeriesGrain"]);
        Assert.True(options.CollectionQuantum < TimeSpan.FromMinutes(1));
        Assert.True(options.CollectionQuantum < options.CollectionAge);
    }

    [Fact]
    public void Applies_to_the_series_grain_class_and_sheds_under_memory_pressure()
    {
        var options = new GrainCollectionOptions();

        From(("Analytics:SeriesIdleMinutes", "7")).Apply(options, "Analytics.Series.SeriesGrain");

        // Orleans' collector is only the backstop of the series' own trickle (IdleSeriesCollector).
        Assert.Equal(TimeSpan.FromMinutes(17), options.ClassSpecificCollectionAge["Analytics.Series.SeriesGrain"]);
        Assert.Equal(TimeSpan.FromHours(2), From(("Analytics:SeriesIdleMinutes", "60")).SeriesBackstop);
        Assert.True(options.CollectionQuantum < options.ClassSpecificCollectionAge["Analytics.Series.SeriesGrain"]);
        Assert.True(options.EnableActivationSheddingOnMemoryPressure);
        Assert.True(options.MemoryUsageTargetPercentage < options.MemoryUsageLimitPercentage);
        Assert.False(From(("Analytics:ShedOnMemoryPressure", "false")).ShedOnMemoryPressure);
    }

    [Theory]
    [InlineData("9")]
    [InlineData("many")]
    [InlineData("-500")]
    public void An_idle_trickle_rate_that_is_not_a_sensible_whole_number_is_refused_naming_the_setting(string rate)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("Analytics:IdleDeactivationsPerSecond", rate)));

        Assert.Contains("Analytics:IdleDeactivationsPerSecond", error.Message);
        Assert.Contains($"'{rate}'", error.Message);
        Assert.Equal(200, From(("Analytics:IdleDeactivationsPerSecond", "200")).IdleDeactivationsPerSecond);
        Assert.Equal(ActivationLifetime.Default.IdleDeactivationsPerSecond, From().IdleDeactivationsPerSecond);
    }
}
