using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Indicators;
using Analytics.Provinces;
using Analytics.Series;
using Analytics.Tests.Support;

namespace Analytics.Tests.Grains;

/// <summary>
/// How the grains behave, on a real test cluster. Written once and run against each storage
/// (one subclass per database), so SQLite and PostgreSQL are held to the same specification.
/// Each test uses its own indicator code, so tests sharing a cluster do not see each other.
/// </summary>
public abstract class GrainSpecs(TestClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static string NewIndicator() => "test-" + Guid.NewGuid().ToString("n")[..12];

    private static Observation Obs(string province, string indicator, int year, double value,
        ObservationKind kind = ObservationKind.Actual, string source = "000_280cfce90132468c.txt") =>
        new(province, indicator, year, null, kind, value, "%", source, $"{value}");

    private ISeriesGrain Series(string province, string indicator) => _grains.GetGrain<ISeriesGrain>(SeriesKeys.Of(province, indicator));

    [Fact]
    public async Task Upserting_the_same_observations_twice_changes_nothing()
    {
        var indicator = NewIndicator();
        var batch = new[] { Obs("60", indicator, 2018, 51), Obs("60", indicator, 2019, 59) };

        var first = await Series("60", indicator).UpsertAsync(batch);
        var before = await Series("60", indicator).GetAsync();
        var second = await Series("60", indicator).UpsertAsync(batch);
        var after = await Series("60", indicator).GetAsync();

        Assert.Equal(new UpsertCounts(2, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, 2, 0), second);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Points, after.Points);
    }

    [Fact]
    public async Task A_revised_figure_keeps_the_previous_value_and_its_source()
    {
        var indicator = NewIndicator();
        await Series("60", indicator).UpsertAsync([Obs("60", indicator, 2020, 60, ObservationKind.Target, "a.txt")]);

        var counts = await Series("60", indicator).UpsertAsync([Obs("60", indicator, 2020, 62, ObservationKind.Target, "b.txt")]);

        Assert.Equal(1, counts.Revised);
        var point = Assert.Single((await Series("60", indicator).GetAsync()).Points);
        Assert.Equal((62.0, "b.txt"), (point.Value, point.Source));
        Assert.Equal((60.0, "a.txt"), (point.Revisions[0].Value, point.Revisions[0].Source));
    }

    [Fact]
    public async Task Series_keep_their_indicator_leaderboard_current()
    {
        var indicator = NewIndicator();
        await _grains.GetGrain<IIndicatorGrain>(indicator).DefineAsync(
            new IndicatorDefinition(indicator, "Tỷ lệ", "Rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "test"));
        await Task.WhenAll(
            Series("60", indicator).UpsertAsync([Obs("60", indicator, 2019, 59)]),
            Series("70", indicator).UpsertAsync([Obs("70", indicator, 2019, 65)]),
            Series("58", indicator).UpsertAsync([Obs("58", indicator, 2019, 59)]));

        var ranking = await _grains.GetGrain<IIndicatorGrain>(indicator).RankAsync(new RankingQuery(2019, ObservationKind.Actual, ["58", "60", "70"], null));

        Assert.Equal([("70", 1), ("58", 2), ("60", 2)], ranking.Rows.Select(r => (r.Province, r.Rank!.Value)));

        await Series("60", indicator).UpsertAsync([Obs("60", indicator, 2019, 70)]);
        ranking = await _grains.GetGrain<IIndicatorGrain>(indicator).RankAsync(new RankingQuery(2019, ObservationKind.Actual, ["58", "60", "70"], null));
        Assert.Equal("60", ranking.Rows[0].Province);
    }

    [Fact]
    public async Task A_province_lists_the_indicators_it_has_series_for()
    {
        var indicator = NewIndicator();

        await Series("58", indicator).UpsertAsync([Obs("58", indicator, 2023, 1)]);

        Assert.Contains(indicator, (await _grains.GetGrain<IProvinceGrain>("58").GetAsync()).Indicators);
    }

    [Fact]
    public async Task A_series_refuses_observations_of_another_series_and_stays_unchanged()
    {
        var indicator = NewIndicator();

        await Assert.ThrowsAsync<ArgumentException>(() => Series("60", indicator).UpsertAsync([Obs("70", indicator, 2019, 1)]));

        Assert.Empty((await Series("60", indicator).GetAsync()).Points);
    }

    [Fact]
    public async Task The_catalog_defines_indicators_in_their_own_grains()
    {
        var indicator = NewIndicator();
        var definition = new IndicatorDefinition(indicator, "Tỷ lệ hộ nghèo", "Poverty rate", "%", Direction.LowerIsBetter, 0, 100, Aggregation.PopulationWeighted, "test");

        await _grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertIndicatorsAsync([definition]);

        Assert.Equal(definition, await _grains.GetGrain<IIndicatorGrain>(indicator).GetDefinitionAsync());
        Assert.Contains(definition, (await _grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAsync()).Indicators);
    }
}

public sealed class SqliteGrainSpecs(SqliteClusterFixture fixture) : GrainSpecs(fixture), IClassFixture<SqliteClusterFixture>;
