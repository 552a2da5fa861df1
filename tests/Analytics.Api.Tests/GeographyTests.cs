using Analytics.Domain.Geography;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>
/// The two geographies on the real cluster (silo + API over loopback, seed and ICT data): the 63 provinces until 2025-06-30 and the
/// 34 units from 2025-07-01, figures placed or refused at ingest, and the 63's figures carried into the 34.
/// </summary>
public sealed class GeographyTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private const string Population = "gso-average-population-total";
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Http => _cluster.Http;

    private async Task<string> DefineAsync(Aggregation aggregation, string unit = "%", double? max = 100, string? code = null)
    {
        code ??= "geo-" + Guid.NewGuid().ToString("n")[..10];
        var response = await Http.PostAsJsonAsync("/api/indicators",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Geography test", unit, Direction.HigherIsBetter, 0, max, aggregation, "tests") },
            EmbeddedCluster.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return code;
    }

    private static object Row(string province, string indicator, int year, double value, string kind = "actual", string? geography = null) =>
        geography is null
            ? new { province, indicator, year, kind, value, source = "geography-tests", quote = $"{value}" }
            : new { province, indicator, year, kind, value, source = "geography-tests", quote = $"{value}", geography };

    // The specs read the refusals' English words (lang=en); a Vietnamese reader gets the same rows and fields in Vietnamese.
    private Task<HttpResponseMessage> PostAsync(params object[] rows) =>
        Http.PostAsync("/api/observations?lang=en", new StringContent(JsonSerializer.Serialize(rows), Encoding.UTF8, "application/json"));

    private async Task IngestAsync(params object[] rows)
    {
        var response = await PostAsync(rows);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<(int Row, string Field, string Reason)>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. problem.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString()!, e.GetProperty("reason").GetString()!))];
    }

    private Task<RankingDto> RankAsync(string indicator, string query) => _cluster.GetAsync<RankingDto>($"/api/rankings/{indicator}?{query}");

    private static RankingRowDto Unit(RankingDto ranking, string code) => ranking.Rows.Single(r => r.Province == code);

    [Fact]
    public async Task A_Binh_Thuan_figure_for_2026_is_refused_naming_its_successor_and_nothing_of_the_batch_is_applied()
    {
        var indicator = await DefineAsync(Aggregation.Mean);

        var errors = await ErrorsAsync(await PostAsync(Row("01", indicator, 2024, 40), Row("60", indicator, 2026, 10)));

        var (row, field, reason) = Assert.Single(errors);
        Assert.Equal((2, "province"), (row, field));
        Assert.Equal("Bình Thuận (60) was merged into Lâm Đồng (68) on 2025-07-01; send figures from 2026 for Lâm Đồng", reason);
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/01/{indicator}");
        Assert.Empty(series.Observations);
        Assert.DoesNotContain((await RankAsync(indicator, "year=2024")).Rows, r => r.Rank is not null);
    }

    [Fact]
    public async Task A_2024_ranking_lists_the_63_and_with_the_34_unit_geography_the_34_Lam_Dong_being_the_sum_of_60_67_and_68()
    {
        var indicator = await DefineAsync(Aggregation.Sum, "stations", max: null);
        await IngestAsync(Row("60", indicator, 2024, 5), Row("67", indicator, 2024, 7), Row("68", indicator, 2024, 11), Row("01", indicator, 2024, 30));

        var vn63 = await RankAsync(indicator, "year=2024");
        Assert.Equal(Geography.Vn63, vn63.Geography);
        Assert.Equal(63, vn63.Rows.Count);
        Assert.DoesNotContain(vn63.Rows, r => r.Province == "28"); // Hà Tây, gone in 2008

        var vn34 = await RankAsync(indicator, "year=2024&geography=vn-34");
        Assert.Equal(Geography.Vn34, vn34.Geography);
        Assert.Equal(34, vn34.Rows.Count);
        var lamDong = Unit(vn34, "68");
        Assert.Equal(23, lamDong.Value);
        Assert.Equal((FigureOrigin.Derived, "sum"), (lamDong.Origin, lamDong.Method));
        Assert.Equal([("60", 5d), ("67", 7d), ("68", 11d)], lamDong.Members!.Select(m => (m.Code, m.Value!.Value)).Order());
        Assert.True(lamDong.RegionApproximate);
        Assert.Equal((1, 30d, FigureOrigin.Reported), (Unit(vn34, "01").Rank!.Value, Unit(vn34, "01").Value!.Value, Unit(vn34, "01").Origin));
        Assert.Equal(2, lamDong.Rank);
        // Notes in the language asked for: Vietnamese by default.
        Assert.Contains(vn34.Notes!, n => n.Contains("tạm tính", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_members_bound_carries_into_Lam_Dongs_derived_sum_in_the_ranking_and_the_series()
    {
        var indicator = await DefineAsync(Aggregation.Sum, "stations", max: null);
        await IngestAsync(
            new { province = "60", indicator, year = 2024, kind = "actual", value = 40, source = "geography-tests", quote = "hơn 40 trạm", qualifier = ">" },
            Row("67", indicator, 2024, 7), Row("68", indicator, 2024, 11),
            new { province = "01", indicator, year = 2024, kind = "actual", value = 30, source = "geography-tests", quote = "khoảng 30 trạm", qualifier = "≈" });

        var vn34 = await RankAsync(indicator, "year=2024&geography=vn-34");
        var lamDong = Unit(vn34, "68");
        Assert.Equal((58d, FigureOrigin.Derived, ">"), (lamDong.Value!.Value, lamDong.Origin, lamDong.Qualifier));
        Assert.Equal([("60", ">"), ("67", null), ("68", null)], lamDong.Members!.Select(m => (m.Code, m.Qualifier)).OrderBy(m => m.Code));
        Assert.Equal(("≈", FigureOrigin.Reported), (Unit(vn34, "01").Qualifier, Unit(vn34, "01").Origin));
        Assert.Null(Unit(vn34, "04").Qualifier);

        var point = (await _cluster.GetAsync<SeriesDto>($"/api/series/68/{indicator}?geography=vn-34")).Observations.Single(p => p.Year == 2024);
        Assert.Equal((58d, FigureOrigin.Derived, ">"), (point.Value, point.Origin, point.Qualifier));
    }

    [Fact]
    public async Task A_sum_with_a_missing_member_leaves_the_unit_without_a_value_and_names_the_member()
    {
        var indicator = await DefineAsync(Aggregation.Sum, "stations", max: null);
        await IngestAsync(Row("60", indicator, 2023, 5), Row("68", indicator, 2023, 11));

        var lamDong = Unit(await RankAsync(indicator, "year=2023&geography=vn-34"), "68");

        Assert.Null(lamDong.Value);
        Assert.Null(lamDong.Rank);
        Assert.Equal("67", Assert.Single(lamDong.Missing!).Code);
        Assert.Contains("Đắk Nông (67)", lamDong.Reason);
    }

    [Fact]
    public async Task A_mean_in_the_34_is_the_unweighted_mean_of_the_members()
    {
        var indicator = await DefineAsync(Aggregation.Mean, "score", max: 1);
        await IngestAsync(Row("60", indicator, 2024, 0.5), Row("67", indicator, 2024, 0.6), Row("68", indicator, 2024, 0.85));

        var lamDong = Unit(await RankAsync(indicator, "year=2024&geography=vn-34"), "68");

        Assert.Equal(0.65, lamDong.Value!.Value, 10);
        Assert.Equal((FigureOrigin.Derived, "mean", 1), (lamDong.Origin, lamDong.Method, lamDong.Rank));
    }

    [Fact]
    public async Task A_population_weighted_rate_in_the_34_weights_the_members_by_their_population_the_nearest_year_when_one_is_missing()
    {
        await DefineAsync(Aggregation.Sum, "thous. pers.", max: null, code: Population);
        var indicator = await DefineAsync(Aggregation.PopulationWeighted);
        await IngestAsync(
            Row("60", Population, 2024, 1000), Row("67", Population, 2024, 500), Row("68", Population, 2023, 1500),
            Row("60", indicator, 2024, 10), Row("67", indicator, 2024, 20), Row("68", indicator, 2024, 40));

        var ranking = await RankAsync(indicator, "year=2024&geography=vn-34&lang=en");
        var lamDong = Unit(ranking, "68");

        Assert.Equal((10 * 1000 + 20 * 500 + 40 * 1500) / 3000d, lamDong.Value!.Value, 10);
        Assert.Equal((FigureOrigin.Derived, "population-weighted"), (lamDong.Origin, lamDong.Method));
        var lam = lamDong.Members!.Single(m => m.Code == "68");
        Assert.Equal((1500d, 2023), (lam.Population!.Value, lam.PopulationYear!.Value));
        Assert.Contains(lamDong.Notes!, n => n.Contains("Lâm Đồng (68) for 2024 missing; 2023 used", StringComparison.Ordinal));
        Assert.Contains(ranking.Notes!, n => n.Contains("weighted by their average population", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_DTI_2024_published_for_new_units_is_their_own_figure_shown_beside_the_mean_of_their_members()
    {
        var ranking = await RankAsync("dti-score", "year=2024&geography=vn-34&lang=en");
        var vn63 = (await RankAsync("dti-score", "year=2024&geography=vn-63")).Rows.ToDictionary(r => r.Province, r => r.Value!.Value);
        var units = (await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-34")).ToDictionary(u => u.Code);

        // data/units34/dti2024.csv: the ministry's figures for the new Hải Phòng and Hồ Chí Minh City, restated for the 34.
        foreach (var (code, published) in new[] { ("31", 0.7857), ("79", 0.7770) })
        {
            var row = Unit(ranking, code);
            Assert.Equal((published, FigureOrigin.Reported), (row.Value!.Value, row.Origin));
            var mean = units[code].Members!.Average(m => vn63[m.Code]);
            Assert.Equal(published, mean, 3); // the publisher's rule is the product's: the unweighted mean of the members
            Assert.Contains(row.Notes!, n => n.StartsWith("published for the new unit; the unweighted mean of the members' figures is", StringComparison.Ordinal));
        }
        Assert.Equal(FigureOrigin.Derived, Unit(ranking, "68").Origin); // a unit nobody restated stays derived
    }

    [Fact]
    public async Task A_rank_cannot_be_carried_and_the_unit_says_why()
    {
        var lamDong = Unit(await RankAsync("dti-rank", "year=2023&geography=vn-34&lang=en"), "68");

        Assert.Null(lamDong.Value);
        Assert.StartsWith("not carried", lamDong.Reason);
        var inVietnamese = Unit(await RankAsync("dti-rank", "year=2023&geography=vn-34"), "68");
        Assert.StartsWith("không chuyển sang", inVietnamese.Reason);
    }

    [Fact]
    public async Task A_2025_figure_for_code_68_without_geography_is_refused_naming_both_readings_and_with_it_accepted_and_placed()
    {
        var indicator = await DefineAsync(Aggregation.Mean);

        var (_, field, reason) = Assert.Single(await ErrorsAsync(await PostAsync(Row("68", indicator, 2025, 50))));
        Assert.Equal("province", field);
        Assert.Contains("Lâm Đồng (68) of the 63 provinces", reason);
        Assert.Contains("Lâm Đồng (68) of the 34 units, from 2025-07-01 (members 60, 67, 68)", reason);
        Assert.Contains("geography", reason);

        await IngestAsync(Row("68", indicator, 2025, 50, geography: "vn-34"), Row("68", indicator, 2025, 30, geography: "vn-63"));

        var vn34 = Unit(await RankAsync(indicator, "year=2025&geography=vn-34"), "68");
        Assert.Equal((50d, FigureOrigin.Reported), (vn34.Value!.Value, vn34.Origin));
        var vn63 = Unit(await RankAsync(indicator, "year=2025&geography=vn-63"), "68");
        Assert.Equal(30, vn63.Value);
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/68/{indicator}?geography=vn-34");
        Assert.Equal((Geography.Vn34, 50d), (series.Geography, Assert.Single(series.Observations).Value));
    }

    [Fact]
    public async Task A_figure_reported_for_a_unit_of_the_34_wins_over_the_derived_one_and_the_answer_says_which()
    {
        var indicator = await DefineAsync(Aggregation.Mean);
        await IngestAsync(
            Row("60", indicator, 2025, 10), Row("67", indicator, 2025, 20), Row("68", indicator, 2025, 30, geography: "vn-63"),
            Row("68", indicator, 2025, 70, geography: "vn-34"),
            Row("52", indicator, 2025, 40, geography: "vn-63"), Row("64", indicator, 2025, 60),
            Row("60", indicator, 2024, 10), Row("67", indicator, 2024, 20), Row("68", indicator, 2024, 30),
            Row("52", indicator, 2024, 50), Row("64", indicator, 2024, 70));

        var ranking = await RankAsync(indicator, "year=2025");

        Assert.Equal(Geography.Vn34, ranking.Geography); // the default for 2025: the geography in force at its end
        var lamDong = Unit(ranking, "68");
        Assert.Equal((70d, FigureOrigin.Reported, 1), (lamDong.Value!.Value, lamDong.Origin, lamDong.Rank!.Value));
        Assert.Null(lamDong.Members);
        var giaLai = Unit(ranking, "52");
        Assert.Equal((50d, FigureOrigin.Derived, 2), (giaLai.Value!.Value, giaLai.Origin, giaLai.Rank!.Value));
        // Rank change within the 34: 2025 against the derived 2024 (Gia Lai 60 first, Lâm Đồng 20 second).
        Assert.Equal((2, 1), (lamDong.PreviousRank!.Value, lamDong.RankChange!.Value));
        Assert.Equal((1, -1), (giaLai.PreviousRank!.Value, giaLai.RankChange!.Value));
    }

    [Fact]
    public async Task Asking_the_63_provinces_for_a_year_after_the_merger_is_a_400_naming_the_rule()
    {
        var response = await Http.GetAsync("/api/rankings/dti-score?year=2026&geography=vn-63&lang=en");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("ended on 2025-06-30", body);
        Assert.Contains("vn-34", body);
    }

    [Fact]
    public async Task DTI_2023_in_the_34_units_is_the_unweighted_mean_of_the_members_for_every_unit()
    {
        var vn63 = await RankAsync("dti-score", "year=2023&geography=vn-63");
        Assert.Equal(63, vn63.Ranked);
        var score = vn63.Rows.ToDictionary(r => r.Province, r => r.Value!.Value);
        var units = await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-34");

        var vn34 = await RankAsync("dti-score", "year=2023&geography=vn-34");

        Assert.Equal(34, vn34.Ranked);
        foreach (var unit in units)
        {
            var row = Unit(vn34, unit.Code);
            Assert.Equal(unit.Members!.Average(m => score[m.Code]), row.Value!.Value, 9);
            Assert.Equal(unit.Members!.Count > 1 ? FigureOrigin.Derived : FigureOrigin.Reported, row.Origin);
        }
    }

    [Fact]
    public async Task Tied_figures_in_the_34_rank_1_2_2_4()
    {
        var indicator = await DefineAsync(Aggregation.Mean, "score", max: 1);
        // Lâm Đồng 0.9; Gia Lai (0.7 + 0.9) / 2 and Khánh Hòa (0.8 + 0.8) / 2 tie at 0.8 however the sums round; Hà Nội 0.5.
        await IngestAsync(
            Row("60", indicator, 2024, 0.9), Row("67", indicator, 2024, 0.9), Row("68", indicator, 2024, 0.9),
            Row("52", indicator, 2024, 0.7), Row("64", indicator, 2024, 0.9),
            Row("56", indicator, 2024, 0.8), Row("58", indicator, 2024, 0.8),
            Row("01", indicator, 2024, 0.5));

        var ranking = await RankAsync(indicator, "year=2024&geography=vn-34");

        Assert.Equal([(1, "68"), (2, "52"), (2, "56"), (4, "01")], ranking.Rows.Where(r => r.Rank is not null).Select(r => (r.Rank!.Value, r.Province)));
    }

    [Fact]
    public async Task Attainment_of_a_2025_target_in_the_34_comes_from_carried_targets_and_history()
    {
        var indicator = await DefineAsync(Aggregation.Sum, "stations", max: null);
        var rows = new List<object>();
        foreach (var (code, start) in new[] { ("60", 100), ("67", 50), ("68", 150) })
        {
            for (var year = 2018; year <= 2024; year++) rows.Add(Row(code, indicator, year, start + 10 * (year - 2018)));
            rows.Add(Row(code, indicator, 2025, start + 100, "target", code == "68" ? "vn-63" : null));
        }
        await IngestAsync([.. rows]);

        var table = await _cluster.GetAsync<AttainmentDto>($"/api/attainment?year=2025&indicator={indicator}");

        Assert.Equal(Geography.Vn34, table.Geography);
        var lamDong = Assert.Single(table.Rows);
        Assert.Equal(("68", Geography.Vn34, FigureOrigin.Derived), (lamDong.Province, lamDong.Geography, lamDong.Forecast.Origin));
        Assert.Equal(600, lamDong.Forecast.Attainment!.Target);                  // 200 + 150 + 250
        Assert.Equal((2024, 480d), (lamDong.Forecast.LastYear, lamDong.Forecast.LastValue)); // 160 + 110 + 210
        var byAttainment = await RankAsync(indicator, "by=attainment&year=2025&geography=vn-34");
        Assert.Equal(("68", 1), (byAttainment.Rows[0].Province, byAttainment.Rows[0].Rank!.Value));
        var vn63 = await _cluster.GetAsync<AttainmentDto>($"/api/attainment?year=2025&indicator={indicator}&geography=vn-63");
        Assert.Equal(["60", "67", "68"], vn63.Rows.Select(r => r.Province));

        // The forecast of the unit reads the same carried history and target.
        var forecast = await _cluster.GetAsync<ForecastDto>($"/api/forecasts/68/{indicator}?year=2025&geography=vn-34&lang=en");
        Assert.Equal(("68", Geography.Vn34, FigureOrigin.Derived), (forecast.Province, forecast.Geography, forecast.Origin));
        Assert.Equal((2024, 480d, 600d), (forecast.LastYear, forecast.LastValue, forecast.Attainment!.Target));
        Assert.Contains(forecast.Notes!, n => n.StartsWith("history 2018–2024 derived from the members 60, 67, 68", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_series_of_a_unit_of_the_34_lists_its_derived_years_then_its_reported_years_each_marked()
    {
        var indicator = await DefineAsync(Aggregation.Sum, "stations", max: null);
        await IngestAsync(Row("60", indicator, 2023, 1), Row("67", indicator, 2023, 2), Row("68", indicator, 2023, 3),
            Row("68", indicator, 2026, 9));

        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/Lâm Đồng/{indicator}?geography=vn-34&lang=en");

        Assert.Equal([(2023, 6d, FigureOrigin.Derived), (2026, 9d, FigureOrigin.Reported)], series.Observations.Select(p => (p.Year, p.Value, p.Origin)));
        Assert.Equal("sum", series.Observations[0].Method);
        Assert.Contains("of the 34 units", series.Found);
    }

    [Fact]
    public async Task The_provinces_API_lists_either_geography_and_resolves_Lam_Dong_by_year_or_geography()
    {
        Assert.Equal(64, (await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-63")).Count);
        var units = await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-34");
        Assert.Equal(34, units.Count);
        Assert.All(units, u => Assert.True(u.RegionApproximate));

        var binhThuan = (await _cluster.GetAsync<ProvinceDetailDto>("/api/provinces/60")).Province;
        Assert.Equal((new DateOnly(2025, 6, 30), "68", Geography.Vn34), (binhThuan.ValidTo!.Value, binhThuan.Successor!.Code, binhThuan.Successor.Geography));

        var old = await _cluster.GetAsync<ProvinceDetailDto>($"/api/provinces/{Uri.EscapeDataString("Lâm Đồng")}?year=2024&lang=en");
        Assert.Equal((Geography.Vn63, "68"), (old.Province.Geography, old.Province.Code));
        Assert.StartsWith("Lâm Đồng (68) of the 63 provinces", old.Found);
        var merged = await _cluster.GetAsync<ProvinceDetailDto>($"/api/provinces/{Uri.EscapeDataString("Lâm Đồng")}?geography=vn-34&lang=en");
        Assert.Equal(["60", "67", "68"], merged.Province.Members!.Select(m => m.Code));
        Assert.StartsWith("Lâm Đồng (68) of the 34 units", merged.Found);

        var ambiguous = await Http.GetAsync($"/api/provinces/{Uri.EscapeDataString("Lâm Đồng")}");
        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
    }
}
