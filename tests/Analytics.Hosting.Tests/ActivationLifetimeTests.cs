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

        From(("Analytics:SeriesIdleMinutes", "1"), ("Analytics:ResidentSeries", "0")).Apply(options, "Analytics.Series.SeriesGrain");

        Assert.Equal(TimeSpan.FromMinutes(11), options.ClassSpecificCollectionAge["Analytics.Series.SeriesGrain"]);
        Assert.True(options.CollectionQuantum < TimeSpan.FromMinutes(1));
        Assert.True(options.CollectionQuantum < options.CollectionAge);
    }

    [Fact]
    public void Applies_to_the_series_grain_class_and_sheds_under_memory_pressure()
    {
        var options = new GrainCollectionOptions();

        From(("Analytics:SeriesIdleMinutes", "7"), ("Analytics:ResidentSeries", "0")).Apply(options, "Analytics.Series.SeriesGrain");

        // Orleans' collector is only the backstop of the series' own trickle (IdleSeriesCollector).
        Assert.Equal(TimeSpan.FromMinutes(17), options.ClassSpecificCollectionAge["Analytics.Series.SeriesGrain"]);
        Assert.Equal(TimeSpan.FromHours(2), From(("Analytics:SeriesIdleMinutes", "60"), ("ANALYTICS_RESIDENT_SERIES", "0")).SeriesBackstop);
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

    [Fact]
    public void Unless_set_a_silo_keeps_as_many_idle_series_as_fit_in_a_fifth_of_its_memory()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

        Assert.Equal(ActivationLifetime.ResidentSeriesFor(available), From().ResidentSeries);
        // 2 GiB for the process (a container's limit): 409.6 MiB at 16 KiB a series.
        Assert.Equal(26_214, ActivationLifetime.ResidentSeriesFor(2L << 30));
        Assert.Equal(5_000, From(("Analytics:ResidentSeries", "5000")).ResidentSeries);
        Assert.Equal(0, From(("ANALYTICS_RESIDENT_SERIES", "0"), ("Analytics:ResidentSeries", "5000")).ResidentSeries);
    }

    [Fact]
    public void With_series_kept_resident_orleans_own_collector_never_takes_them_in_one_sweep()
    {
        var options = new GrainCollectionOptions();

        From(("Analytics:ResidentSeries", "1000")).Apply(options, "Analytics.Series.SeriesGrain");

        // Its collector would deactivate every series idle that long at the same moment; memory pressure still sheds them.
        Assert.True(options.ClassSpecificCollectionAge["Analytics.Series.SeriesGrain"] >= TimeSpan.FromDays(30));
        Assert.True(options.EnableActivationSheddingOnMemoryPressure);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("all")]
    [InlineData("1e6")]
    [InlineData("100000001")]
    public void A_resident_count_that_is_not_a_whole_number_of_series_is_refused_by_name(string count)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("Analytics:ResidentSeries", count)));

        Assert.Contains("ANALYTICS_RESIDENT_SERIES", error.Message);
        Assert.Contains($"'{count}'", error.Message);
    }
}
