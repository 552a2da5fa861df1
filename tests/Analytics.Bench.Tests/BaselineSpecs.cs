using System.Net;
using System.Net.Http.Json;
using System.Text;
using Analytics.Baseline;

namespace Analytics.Bench.Tests;

/// <summary>
/// The baseline must give the product's answers, or the side-by-side run compares unlike things: competition
/// ranking (1, 2, 2, 4) in the indicator's direction with the previous year's rank among the same provinces,
/// unranked provinces after, the year's provinces only; series with their revisions; idempotent batch upserts.
/// </summary>
[Collection(BaselineCollection.Name)]
public sealed class BaselineSpecs(BaselineFixture baseline)
{
    private const string RedRiverDelta = "Red%20River%20Delta";

    // 2020: 01 90, 22 80, 27 80, 31 70, 33 60. 2019: 22 90, 31 80, 27 70, 01 50 (33 had no figure).
    private const string TwoYears = """
        01,{0},2020,,actual,90,,a,
        22,{0},2020,,actual,80,,a,
        27,{0},2020,,actual,80,,a,
        31,{0},2020,,actual,70,,a,
        33,{0},2020,,actual,60,,a,
        01,{0},2019,,actual,50,,a,
        22,{0},2019,,actual,90,,a,
        27,{0},2019,,actual,70,,a,
        31,{0},2019,,actual,80,,a,

        """;

    private static (int? Rank, string Province, double? Value, int? Previous, int? Change)[] Rows(RankingDto r) =>
        [.. r.Rows.Select(x => (x.Rank, x.Province, x.Value, x.PreviousRank, x.RankChange))];

    [Fact]
    public async Task Ties_share_the_best_rank_and_the_next_rank_skips_with_the_previous_years_rank_beside()
    {
        await baseline.DefineAsync("t-ties");
        await baseline.PostCsvAsync(string.Format(TwoYears, "t-ties"));

        var ranking = await baseline.RankAsync($"t-ties?year=2020&region={RedRiverDelta}");

        Assert.Equal(2020, ranking.Year);
        Assert.Equal(5, ranking.Ranked);
        Assert.Equal(6, ranking.Unranked); // 11 provinces of the delta existed in 2020 (Hà Tây did not)
        Assert.Equal(
            [(1, "01", 90, 4, 3), (2, "22", 80, 1, -1), (2, "27", 80, 3, 1), (4, "31", 70, 2, -2), (5, "33", 60, null, null)],
            Rows(ranking)[..5]);
        Assert.Equal(["26", "30", "34", "35", "36", "37"], ranking.Rows.Skip(5).Select(r => r.Province));
        Assert.All(ranking.Rows.Skip(5), r => Assert.Null(r.Rank));
        Assert.Equal("Hà Nội", ranking.Rows[0].ProvinceName);
    }

    [Fact]
    public async Task Lower_is_better_ranks_the_smallest_first()
    {
        await baseline.DefineAsync("t-lower", "lower-is-better");
        await baseline.PostCsvAsync(string.Format(TwoYears, "t-lower"));

        var ranking = await baseline.RankAsync($"t-lower?year=2020&region={RedRiverDelta}");

        Assert.Equal(Direction.LowerIsBetter, ranking.Direction);
        Assert.Equal(
            [(1, "33", 60, null, null), (2, "31", 70, 3, 1), (3, "22", 80, 4, 1), (3, "27", 80, 2, -1), (5, "01", 90, 1, -4)],
            Rows(ranking)[..5]);
    }

    [Fact]
    public async Task Top_keeps_ranks_up_to_n_ties_included_and_drops_the_unranked()
    {
        await baseline.DefineAsync("t-top");
        await baseline.PostCsvAsync(string.Format(TwoYears, "t-top"));

        var ranking = await baseline.RankAsync($"t-top?year=2020&region={RedRiverDelta}&top=2");

        Assert.Equal(["01", "22", "27"], ranking.Rows.Select(r => r.Province));
        Assert.Equal(0, ranking.Unranked);
    }

    [Fact]
    public async Task Without_a_year_the_latest_year_with_a_figure_of_that_kind_is_ranked()
    {
        await baseline.DefineAsync("t-latest");
        await baseline.PostCsvAsync(string.Format(TwoYears, "t-latest") + "01,t-latest,2022,,plan,99,,a,\n");

        var actual = await baseline.RankAsync("t-latest");
        var plan = await baseline.RankAsync("t-latest?kind=plan");

        Assert.Equal(2020, actual.Year);
        Assert.Equal(2022, plan.Year);
        Assert.Equal((1, "01", 99.0), (plan.Rows[0].Rank, plan.Rows[0].Province, plan.Rows[0].Value));
    }

    [Fact]
    public async Task Only_provinces_that_existed_in_the_year_are_ranked()
    {
        await baseline.DefineAsync("t-ha-tay");
        // Hà Tây (28) joined Hà Nội in 2008: ranked in 2005, not even listed in 2010 although a figure was sent.
        await baseline.PostCsvAsync("28,t-ha-tay,2005,,actual,40,,a,\n01,t-ha-tay,2005,,actual,30,,a,\n28,t-ha-tay,2010,,actual,40,,a,\n01,t-ha-tay,2010,,actual,30,,a,\n");

        var before = await baseline.RankAsync($"t-ha-tay?year=2005&region={RedRiverDelta}");
        var after = await baseline.RankAsync($"t-ha-tay?year=2010&region={RedRiverDelta}");

        Assert.Equal([("28", 1), ("01", 2)], before.Rows.Take(2).Select(r => (r.Province, r.Rank!.Value)));
        Assert.DoesNotContain(after.Rows, r => r.Province == "28");
        Assert.Equal((1, "01"), (after.Rows[0].Rank, after.Rows[0].Province));
    }

    [Fact]
    public async Task In_the_year_a_province_was_merged_it_is_left_out_and_the_previous_ranks_are_among_those_left()
    {
        await baseline.DefineAsync("t-merged-year");
        // Hà Tây (28) ended on 2008-07-31, before the year's end: no 2008 figure of its own; its 2007 rank is not counted.
        await baseline.PostCsvAsync("28,t-merged-year,2007,,actual,99,,a,\n01,t-merged-year,2007,,actual,30,,a,\n22,t-merged-year,2007,,actual,20,,a,\n" +
                                    "01,t-merged-year,2008,,actual,30,,a,\n22,t-merged-year,2008,,actual,40,,a,\n");

        var ranking = await baseline.RankAsync($"t-merged-year?year=2008&region={RedRiverDelta}");

        Assert.DoesNotContain(ranking.Rows, r => r.Province == "28");
        Assert.Equal([(1, "22", 40, 2, 1), (2, "01", 30, 1, -1)], Rows(ranking)[..2]);
    }

    [Fact]
    public async Task Without_any_figure_of_the_kind_every_province_is_listed_unranked()
    {
        await baseline.DefineAsync("t-targets-only");
        await baseline.PostCsvAsync("60,t-targets-only,2025,,target,20,,a,\n");

        var ranking = await baseline.RankAsync("t-targets-only");

        Assert.Equal((0, 0), (ranking.Year, ranking.Ranked));
        Assert.Equal(64, ranking.Unranked); // the 63 and Hà Tây: no year, so nobody is left out
    }

    [Fact]
    public async Task Context_indicators_are_listed_largest_first_and_say_so()
    {
        await baseline.DefineAsync("t-context", "context");
        await baseline.PostCsvAsync(string.Format(TwoYears, "t-context"));

        var ranking = await baseline.RankAsync($"t-context?year=2020&region={RedRiverDelta}");

        Assert.Equal(Direction.Context, ranking.Direction);
        Assert.Equal(["01", "22", "27", "31", "33"], ranking.Rows.Take(5).Select(r => r.Province));
    }

    [Fact]
    public async Task Quarterly_figures_stay_out_of_the_ranking_but_are_in_the_series_in_order()
    {
        await baseline.DefineAsync("t-quarter");
        await baseline.PostCsvAsync("01,t-quarter,2020,2,actual,95,,q,\n01,t-quarter,2020,,actual,50,,y,\n01,t-quarter,2019,,target,45,,y,\n22,t-quarter,2020,,actual,60,,y,\n");

        var ranking = await baseline.RankAsync($"t-quarter?year=2020&top=5");
        var series = (await baseline.Http.GetFromJsonAsync<SeriesDto>("/api/series/01/t-quarter", BaselineFixture.Json))!;

        Assert.Equal([("22", 60.0), ("01", 50.0)], ranking.Rows.Select(r => (r.Province, r.Value!.Value)));
        Assert.Equal([(2019, (int?)null, ObservationKind.Target), (2020, null, ObservationKind.Actual), (2020, 2, ObservationKind.Actual)],
            series.Observations.Select(p => (p.Year, p.Quarter, p.Kind)));
    }

    [Fact]
    public async Task A_batch_sent_twice_changes_nothing_and_a_new_value_keeps_the_old_one_as_a_revision()
    {
        await baseline.DefineAsync("t-upsert");
        const string batch = "01,t-upsert,2020,,actual,70,,first,p.1\n01,t-upsert,2021,,actual,75,,first,p.1\n";

        var first = await baseline.PostCsvAsync(batch);
        var again = await baseline.PostCsvAsync(batch);
        var before = (await baseline.Http.GetFromJsonAsync<SeriesDto>("/api/series/01/t-upsert", BaselineFixture.Json))!;
        var revised = await baseline.PostCsvAsync("01,t-upsert,2020,,actual,72.5,,second,p.2\n01,t-upsert,2021,,actual,75,,second,\n");
        var after = (await baseline.Http.GetFromJsonAsync<SeriesDto>("/api/series/01/t-upsert", BaselineFixture.Json))!;

        Assert.Equal(new IngestResult(2, 2, 0, 0), first);
        Assert.Equal(new IngestResult(2, 0, 2, 0), again);
        Assert.Equal(new IngestResult(2, 0, 1, 1), revised);
        var point = after.Observations.Single(p => p.Year == 2020);
        Assert.Equal((72.5, "second", "p.2"), (point.Value, point.Source, point.Quote));
        var revision = Assert.Single(point.Revisions);
        Assert.Equal((70.0, "first", "p.1"), (revision.Value, revision.Source, revision.Quote));
        Assert.Empty(after.Observations.Single(p => p.Year == 2021).Revisions);
        Assert.True(after.Version > before.Version, "the version grows when the series changes");
        Assert.Equal(72.5, (await baseline.RankAsync("t-upsert?year=2020&top=1")).Rows[0].Value);
    }

    [Fact]
    public async Task A_json_batch_is_read_like_the_csv()
    {
        await baseline.DefineAsync("t-json");
        var response = await baseline.Http.PostAsync("/api/observations", new StringContent(
            """[{"province":"Hà Nội","indicator":"t-json","year":2020,"kind":"actual","value":61.5},{"province":"79","indicator":"t-json","year":"2020","kind":"actual","value":"70"}]""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("79", 70.0), ("01", 61.5)], (await baseline.RankAsync("t-json?year=2020&top=2")).Rows.Select(r => (r.Province, r.Value!.Value)));
    }

    [Fact]
    public async Task A_batch_with_a_bad_row_is_refused_whole_naming_the_row_and_field()
    {
        await baseline.DefineAsync("t-bad");
        var response = await baseline.Http.PostAsync("/api/observations", new StringContent(
            "province,indicator,year,quarter,kind,value,unit,source,quote\n01,t-bad,2020,,actual,50,,a,\n01,t-bad,2021,,actual,150,,a,\n99,t-bad,2021,,actual,5,,a,\n",
            Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        var unsupported = await baseline.Http.PostAsync("/api/observations", new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"row\":3,\"field\":\"value\"", body);
        Assert.Contains("unknown province '99'", body);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Equal(0, (await baseline.RankAsync("t-bad?year=2020")).Ranked);
    }
}
