using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Series;
using Analytics.Tests.Support;

namespace Analytics.Grains.Tests;

/// <summary>
/// No change can make a grain's state larger than its storage row and Orleans' messages carry: the series and the
/// catalog grains refuse it whole (<see cref="StateLimitException"/>), keep what they had, and go on answering.
/// </summary>
public sealed class StateLimitTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    // 2,000 characters of three UTF-8 bytes each: the longest quote a row may have.
    private static readonly string LongQuote = new('ệ', InputLimits.QuoteLength);

    [Fact]
    public async Task A_series_refuses_a_batch_that_would_take_it_past_its_limit_and_keeps_answering()
    {
        var indicator = "limit-" + Guid.NewGuid().ToString("n")[..10];
        var series = _grains.GetGrain<ISeriesGrain>(SeriesKeys.Of("60", indicator));
        await series.UpsertAsync([new Observation("60", indicator, 2019, null, ObservationKind.Actual, 59, "%", "s", "59%")]);

        // Every (year, quarter, kind) a series can hold, each with a longest quote: far past 8 MiB.
        var flood = (from year in Enumerable.Range(Years.First, Years.Last - Years.First + 1)
                     from quarter in new int?[] { null, 1, 2, 3, 4 }
                     from kind in new[] { ObservationKind.Plan, ObservationKind.Target, ObservationKind.Baseline }
                     select new Observation("60", indicator, year, quarter, kind, 1, "%", "s", LongQuote)).ToList();
        Assert.True(flood.Count * 3L * InputLimits.QuoteLength > InputLimits.SeriesStateBytes);

        var refused = await Assert.ThrowsAsync<StateLimitException>(() => series.UpsertAsync(flood));
        Assert.Contains("limit", refused.Message);

        var after = await series.GetAsync();
        var point = Assert.Single(after.Points);
        Assert.Equal((59, "59%"), (point.Value, point.Quote));
        // Smaller changes still go through.
        var counts = await series.UpsertAsync([.. flood.Take(10)]);
        Assert.Equal(10, counts.Inserted);
    }

    [Fact]
    public async Task A_series_revised_to_its_limit_compacts_its_history_so_the_next_senders_corrections_still_apply()
    {
        // One writer re-sends 300 figures of one series with the longest quotes, round after round: the series' size
        // once reached its limit and then refused every other sender's correction (413) for good.
        var indicator = "compact-" + Guid.NewGuid().ToString("n")[..10];
        var series = _grains.GetGrain<ISeriesGrain>(SeriesKeys.Of("01", indicator));
        var keys = (from year in Enumerable.Range(Years.First, 60) from quarter in new int?[] { null, 1, 2, 3, 4 } select (year, quarter)).ToList();
        var perRound = keys.Sum(_ => StateSize.Of(new SeriesPoint(0, null, ObservationKind.Plan, 0, "%", "s", LongQuote, default, [])));
        var rounds = (int)(2 * InputLimits.SeriesStateBytes / perRound) + 1;
        for (var round = 0; round < rounds; round++)
        {
            var counts = await series.UpsertAsync([.. keys.Select(k => new Observation("01", indicator, k.year, k.quarter, ObservationKind.Plan, round, "%", "s", LongQuote))]);
            Assert.Equal(keys.Count, counts.Inserted + counts.Revised);
        }

        // Another sender's correction applies; the figure keeps its first and latest revisions and counts the rest.
        var correction = await series.UpsertAsync([new Observation("01", indicator, Years.First, null, ObservationKind.Plan, 999, "%", "another sender", "a correction")]);
        Assert.Equal(1, correction.Revised);
        var point = (await series.GetAsync()).Points.Single(p => p.Year == Years.First && p.Quarter is null);
        Assert.Equal(999, point.Value);
        Assert.Equal(0, point.Revisions[0].Value);
        Assert.Equal(rounds - 1, point.Revisions[^1].Value);
        Assert.Equal(rounds, point.Revisions.Count + point.CompactedRevisions);
        Assert.True(point.CompactedRevisions > 0);
    }

    [Fact]
    public async Task The_catalog_refuses_definitions_that_would_take_it_past_its_limit_and_keeps_answering()
    {
        var catalog = _grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var before = await catalog.GetAsync();
        var prefix = "big-" + Guid.NewGuid().ToString("n")[..6];
        var name = new string('ệ', InputLimits.NameLength);
        var source = new string('s', InputLimits.SourceLength);
        var definitions = Enumerable.Range(0, 2 * InputLimits.IndicatorsPerRequest)
            .Select(i => new IndicatorDefinition($"{prefix}-{i}", name, name, "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, source))
            .ToList();
        Assert.True(definitions.Sum(StateSize.Of) > InputLimits.CatalogStateBytes);

        await Assert.ThrowsAsync<StateLimitException>(() => catalog.UpsertIndicatorsAsync(definitions));

        var after = await catalog.GetAsync();
        Assert.Equal(before.Indicators.Count, after.Indicators.Count);
        Assert.DoesNotContain(after.Indicators, d => d.Code.StartsWith(prefix, StringComparison.Ordinal));
    }
}
