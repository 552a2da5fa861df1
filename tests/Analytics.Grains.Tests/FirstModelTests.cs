using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Forecasting;
using Analytics.Series;
using Analytics.Tests.Support;

namespace Analytics.Grains.Tests;

/// <summary>
/// A cluster of its own whose first model is still being trained: forecasts wait for it, the figures do not.
/// (CI saw it: the API's attainment gauges asked forecasts of every targeted series on a first start, and a read of
/// one of those series queued behind its forecast until Orleans gave up after 30 s.)
/// </summary>
public sealed class FirstModelTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    [Fact]
    public async Task A_series_read_answers_while_a_forecast_of_it_waits_for_the_first_model()
    {
        const string indicator = "first-model-rate";
        var grains = fixture.Grains;
        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertIndicatorsAsync(
            [new IndicatorDefinition(indicator, "Tỷ lệ", "Rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "test")]);
        var series = grains.GetGrain<ISeriesGrain>(SeriesKeys.Of("60", indicator));
        await series.UpsertAsync([.. Enumerable.Range(2015, 6).Select(y =>
            new Observation("60", indicator, y, null, ObservationKind.Actual, 40 + y - 2015, "%", "000_280cfce90132468c.txt", "q"))]);

        // Held before the model grain's first call, so the training its activation starts is the first model's.
        fixture.Trainer.Close();
        try
        {
            var started = fixture.Trainer.Started;
            var model = grains.GetGrain<IForecastModelGrain>(IForecastModelGrain.Key);
            var training = model.RetrainAsync();
            await Poll.UntilAsync(() => Task.FromResult(fixture.Trainer.Started > started), TimeSpan.FromSeconds(30), "a training starts");
            Assert.Null((await model.GetInfoAsync()).Version);

            var forecast = series.GetForecastAsync(2025);
            // Well under Orleans' 30 s response timeout, which is what the read used to meet.
            var read = await series.GetAsync().WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(6, read.Points.Count);
            Assert.False(forecast.IsCompleted, "the forecast should still wait for the held training");
            Assert.Null((await model.GetInfoAsync()).Version);

            fixture.Trainer.Open();
            await training;
            // One series of six years is all there is to learn from: the model is trained or refuses, either way the wait ends.
            var outcome = await Record.ExceptionAsync(() => forecast);
            Assert.True(outcome is null or ModelNotReadyException, $"the forecast ended with {outcome}");
        }
        finally
        {
            fixture.Trainer.Open();
        }
    }
}
