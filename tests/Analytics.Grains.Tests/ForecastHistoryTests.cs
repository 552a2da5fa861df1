using System.Net.Http.Json;
using Analytics.Contracts;
using Analytics.Forecasting;
using Analytics.Series;
using Analytics.Tests.Support;

namespace Analytics.Grains.Tests;

/// <summary>The forecasts a series keeps having issued: one per model and series version, bounded, and persisted.</summary>
public sealed class ForecastHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IssuedForecast Issued(int day, string model, long seriesVersion, int targetYear = 2025, double point = 70) =>
        new(targetYear, Start.AddDays(day), model, seriesVersion, "production", 2023, point, new PredictionInterval(60, 80), new PredictionInterval(55, 85), 0.4);

    [Fact]
    public void The_same_forecast_asked_for_again_is_kept_once()
    {
        var history = new ForecastHistoryState();

        Assert.True(history.Record(Issued(0, "m1", 1)));
        Assert.False(history.Record(Issued(1, "m1", 1, point: 71)));  // same model, same figures: the cached answer again
        Assert.True(history.Record(Issued(2, "m1", 2)));              // new figures
        Assert.True(history.Record(Issued(3, "m2", 2)));              // new model
        Assert.True(history.Record(Issued(3, "m2", 2, targetYear: 2030)));

        Assert.Equal(3, history.For(2025).Count);
        Assert.Single(history.For(2030));
        Assert.Equal(4, history.For(null).Count);
    }

    [Fact]
    public void A_full_history_drops_superseded_forecasts_first_and_keeps_the_latest_of_each_model()
    {
        var history = new ForecastHistoryState();
        history.Record(Issued(0, "old-model", 1));
        for (var v = 1; v <= ForecastHistoryState.PerTargetYear + 5; v++) history.Record(Issued(v, "new-model", v));

        var kept = history.For(2025);
        Assert.Equal(ForecastHistoryState.PerTargetYear, kept.Count);
        Assert.Contains(kept, f => f.ModelVersion == "old-model");     // the only forecast of its model stays
        Assert.Equal(Start.AddDays(ForecastHistoryState.PerTargetYear + 5), kept[^1].IssuedAt);
        Assert.Equal(kept.OrderBy(f => f.IssuedAt), kept);
    }

    [Fact]
    public async Task Issued_forecasts_survive_a_restart_of_the_cluster()
    {
        using var dir = new TempDirectory();
        IReadOnlyList<IssuedForecastDto> before;
        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "seeds"))
        {
            await cluster.StartAsync();
            var forecast = await cluster.GetAsync<ForecastDto>("/api/forecasts/60/internet-users-rate?year=2025");
            before = await cluster.GetAsync<List<IssuedForecastDto>>("/api/forecasts/60/internet-users-rate/history");
            Assert.Contains(before, h => h.TargetYear == 2025 && h.Point == forecast.Point && h.ModelVersion == forecast.ModelVersion);
        }

        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "seeds"))
        {
            await cluster.StartAsync();
            var after = await cluster.GetAsync<List<IssuedForecastDto>>("/api/forecasts/60/internet-users-rate/history");
            // Background readers (the attainment gauges) may issue more meanwhile; what was kept before is still there.
            Assert.Subset(after.Select(h => (h.TargetYear, h.IssuedAt, h.ModelVersion, h.Point)).ToHashSet(),
                before.Select(h => (h.TargetYear, h.IssuedAt, h.ModelVersion, h.Point)).ToHashSet());
        }
    }
}
