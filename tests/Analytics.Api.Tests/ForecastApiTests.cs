using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>Forecasts, attainment and the model over real HTTP, on the seed reports.</summary>
public sealed class ForecastApiTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Binh_Thuan_Internet_users_are_projected_to_2025_against_the_85_percent_target()
    {
        var forecast = await _cluster.GetAsync<ForecastDto>("/api/forecasts/60/internet-users-rate?year=2025");

        Assert.Equal((2020, 62.0), (forecast.LastYear!.Value, forecast.LastValue!.Value)); // the 2020 estimate is the latest figure
        Assert.False(string.IsNullOrEmpty(forecast.ModelVersion));
        var (p, i80, i95) = (forecast.Point!.Value, forecast.Interval80!.Value, forecast.Interval95!.Value);
        Assert.True(i95.Lower <= i80.Lower && i80.Lower <= p && p <= i80.Upper && i80.Upper <= i95.Upper, $"{i95} {i80} {p}");
        Assert.InRange(i95.Lower, 0, 100);
        Assert.InRange(i95.Upper, 0, 100); // a rate never leaves its bounds
        var attainment = forecast.Attainment!;
        Assert.Equal(85, attainment.Target);
        Assert.Equal(4.6, attainment.RequiredYearlyChange!.Value, 3); // (85 − 62) / 5 years
        Assert.InRange(attainment.Probability!.Value, 0, 1);
        Assert.NotNull(attainment.Status);
        Assert.NotEmpty(forecast.OtherMethods!);
    }

    [Fact]
    public async Task The_attainment_table_lists_every_series_with_a_target_and_counts_them_by_status()
    {
        // The seed reports' 2025 targets are the 63 provinces' (Bình Thuận, Bình Phước); 2025's default geography is the 34's.
        var table = await _cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025&geography=vn-63");

        Assert.Contains(table.Rows, r => r is { Province: "60", Indicator: "internet-users-rate" });
        Assert.All(table.Rows, r => Assert.Equal(2025, r.Forecast.TargetYear));
        Assert.Equal(table.Rows.Count, table.Counts.Values.Sum());
        Assert.Equal(table.Series, table.Rows.Count);

        var one = await _cluster.GetAsync<AttainmentDto>("/api/attainment?year=2025&indicator=internet-users-rate&geography=vn-63");
        Assert.All(one.Rows, r => Assert.Equal("internet-users-rate", r.Indicator));
    }

    [Fact]
    public async Task Rankings_by_attainment_order_provinces_by_the_share_of_their_target_projected()
    {
        var ranking = await _cluster.GetAsync<RankingDto>("/api/rankings/internet-users-rate?by=attainment&year=2025&geography=vn-63");

        Assert.Equal("attainment", ranking.By);
        var ratios = ranking.Rows.Where(r => r.Rank is not null).Select(r => r.Value!.Value).ToList();
        Assert.NotEmpty(ratios);
        Assert.Equal(ratios.OrderByDescending(r => r), ratios);
    }

    [Fact]
    public async Task A_cached_forecast_follows_a_new_figure_for_its_series()
    {
        var before = await _cluster.GetAsync<ForecastDto>("/api/forecasts/58/internet-users-rate?year=2025");
        var last = before.LastYear ?? 2022;

        var response = await _cluster.Http.PostAsJsonAsync("/api/observations",
            new[] { new { province = "58", indicator = "internet-users-rate", year = last + 1, kind = "actual", value = 88.8, source = "forecast-test" } });
        response.EnsureSuccessStatusCode();
        var after = await _cluster.GetAsync<ForecastDto>("/api/forecasts/58/internet-users-rate?year=2025");

        Assert.Equal((last + 1, 88.8), (after.LastYear!.Value, after.LastValue!.Value));
    }

    [Fact]
    public async Task Retraining_on_demand_answers_with_the_model_that_now_serves()
    {
        var response = await _cluster.Http.PostAsync("/api/models/retrain", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = (await response.Content.ReadFromJsonAsync<ModelInfoDto>(EmbeddedCluster.Json))!;
        var current = await _cluster.GetAsync<ModelInfoDto>("/api/models/current");

        Assert.False(info.Training);
        Assert.Equal(info.Version, current.Version);
        Assert.True(info.SeriesUsed > 0);
    }

    [Fact]
    public async Task The_model_publishes_the_skill_its_shipped_back_test_measured_on_tables_it_never_saw()
    {
        var skill = (await _cluster.GetAsync<ModelInfoDto>("/api/models/current")).Skill!;

        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoFiles.Root, "ml", "backtest", "gso-origin-2011.json")));
        var honest = json.RootElement.GetProperty("leaveTablesOut");
        var methods = honest.GetProperty("methods").EnumerateArray().ToList();
        var production = methods.Single(m => m.GetProperty("production").GetBoolean());
        var naive = methods.Single(m => m.GetProperty("name").GetString() == "naive");
        Assert.True(skill.LeaveTablesOut);
        Assert.Equal((honest.GetProperty("origin").GetInt32(), honest.GetProperty("series").GetInt32()), (skill.Origin, skill.Series));
        Assert.Equal(production.GetProperty("mase").GetDouble() / naive.GetProperty("mase").GetDouble(), skill.MaseVsNaive, 12);
        Assert.Equal(production.GetProperty("relMae").GetDouble(), skill.RelMae!.Value, 12);
        Assert.Equal(production.GetProperty("coverage80").GetDouble(), skill.Coverage80, 12);
    }

    [Fact]
    public async Task Unknown_series_and_bad_years_are_problems()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _cluster.Http.GetAsync("/api/forecasts/Atlantis/internet-users-rate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _cluster.Http.GetAsync("/api/forecasts/60/no-such-indicator")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _cluster.Http.GetAsync("/api/forecasts/60/internet-users-rate?year=3000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _cluster.Http.GetAsync("/api/rankings/internet-users-rate?by=mood")).StatusCode);
    }

    /// <summary>Retrains until the model's count of figures left out is <paramref name="expected"/> (a retrain already running may have read older data).</summary>
    private async Task<ModelInfoDto> RetrainUntilLeftOutAsync(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using var response = await _cluster.Http.PostAsync("/api/models/retrain?lang=en", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var info = (await response.Content.ReadFromJsonAsync<ModelInfoDto>(EmbeddedCluster.Json))!;
            if (info.LeftOut == expected || DateTime.UtcNow > deadline) return info;
        }
    }

    /// <summary>
    /// A test indicator <paramref name="code"/>: Hà Nội's stations growing 5 a year 2010–2019 with <paramref name="slipped"/>
    /// sent a thousand times too large, and two other provinces' plain series.
    /// </summary>
    private async Task SendStationsWithASlipAsync(string code, int slipped)
    {
        using (var defined = await _cluster.Http.PostAsJsonAsync("/api/indicators?lang=en",
                   new[] { new IndicatorDto(code, "Số trạm thử", "Test stations", "stations", Direction.HigherIsBetter, 0, null, Aggregation.Sum, "tests") },
                   EmbeddedCluster.Json))
            Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        var rows = new List<object>();
        for (var year = 2010; year <= 2019; year++)
        {
            var value = 100 + 5 * (year - 2010);
            rows.Add(new { province = "01", indicator = code, year, kind = "actual", value = year == slipped ? value * 1000 : value, source = "s", quote = "q" });
            rows.Add(new { province = "60", indicator = code, year, kind = "actual", value = value / 2, source = "s", quote = "q" });
            rows.Add(new { province = "79", indicator = code, year, kind = "actual", value = value * 2, source = "s", quote = "q" });
        }
        using var sent = await _cluster.Http.PostAsJsonAsync("/api/observations", rows);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_flagged_figure_no_steward_confirmed_is_left_out_of_training_and_counted_until_it_is_confirmed()
    {
        // Whatever the seeds hold that a rule flags, before this test's figures arrive.
        using var first = await _cluster.Http.PostAsync("/api/models/retrain", null);
        var before = (await first.Content.ReadFromJsonAsync<ModelInfoDto>(EmbeddedCluster.Json))!.LeftOut!.Value;
        var code = "training-" + Guid.NewGuid().ToString("n")[..8];
        await SendStationsWithASlipAsync(code, slipped: 2015);
        var flagged = (await _cluster.GetAsync<QualityPageDto>($"/api/quality?indicator={code}&limit=1000")).Items
            .Where(i => i.Severity != "explained").Select(i => (i.Province, i.Year)).Distinct().ToList();
        Assert.Contains(("01", 2015), flagged);

        var unconfirmed = await RetrainUntilLeftOutAsync(before + flagged.Count);
        Assert.Equal(before + flagged.Count, unconfirmed.LeftOut);
        Assert.Contains(unconfirmed.LeftOutByRule!, r => r.Rule == "unit-slip" && r.Count >= 1);
        Assert.Contains($"Training left out {before + flagged.Count} figure", unconfirmed.LeftOutNote, StringComparison.Ordinal);
        Assert.Equal(unconfirmed.LeftOut, (await _cluster.GetAsync<ModelInfoDto>("/api/models/current")).LeftOut);

        var writer = _cluster.Client(_cluster.Keys.Writer);
        foreach (var (province, year) in flagged)
            using (var marked = await writer.PostAsJsonAsync("/api/quality/marks",
                       new { province, indicator = code, year, state = "confirmed", reason = "counted again by the department" }))
                Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());

        var confirmed = await RetrainUntilLeftOutAsync(before);
        Assert.Equal(before, confirmed.LeftOut);
    }

    [Fact]
    public async Task A_series_whose_last_figure_is_flagged_is_forecast_from_the_figure_before_until_a_steward_confirms_it()
    {
        var code = "last-flagged-" + Guid.NewGuid().ToString("n")[..8];
        // The latest figure, 2019, is the slipped one.
        await SendStationsWithASlipAsync(code, slipped: 2019);
        Assert.Contains((await _cluster.GetAsync<QualityPageDto>($"/api/quality?indicator={code}&province=01&year=2019")).Items, i => i.Severity != "explained");

        // The model that read the new figures forecasts the series from 2018's 140, and says what it left out and why.
        var forecast = await ForecastOnceRetrainedAsync(code, f => f.FlaggedLeftOut is { Count: > 0 });
        Assert.Equal((2018, 140.0), (forecast.LastYear, forecast.LastValue));
        Assert.Equal([2019], forecast.FlaggedLeftOut!);
        Assert.Contains("1 flagged figure left out of the forecast (2019)", Assert.Single(forecast.Notes!), StringComparison.Ordinal);
        Assert.True(forecast.Point < 1000, $"{forecast.Point}"); // from the stations there are, not from the slip
        var vietnamese = await _cluster.GetAsync<ForecastDto>($"/api/forecasts/01/{code}?year=2025&geography=vn-63");
        Assert.Contains("1 số liệu bị gắn cờ chất lượng được bỏ qua khi dự báo (năm 2019)", Assert.Single(vietnamese.Notes!), StringComparison.Ordinal);

        using (var marked = await _cluster.Client(_cluster.Keys.Writer).PostAsJsonAsync("/api/quality/marks",
                   new { province = "01", indicator = code, year = 2019, state = "confirmed", reason = "a new network counted its stations" }))
            Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());

        // Confirmed: the figure is real, and the forecast starts from it.
        var confirmed = await ForecastOnceRetrainedAsync(code, f => f.FlaggedLeftOut is null);
        Assert.Equal((2019, 145_000.0), (confirmed.LastYear, confirmed.LastValue));
        Assert.Null(confirmed.Notes);
    }

    /// <summary>Hà Nội's forecast of <paramref name="code"/> once a retrain has read what was sent (one already running may not have).</summary>
    private async Task<ForecastDto> ForecastOnceRetrainedAsync(string code, Func<ForecastDto, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using (var retrained = await _cluster.Http.PostAsync("/api/models/retrain", null))
                Assert.Equal(HttpStatusCode.OK, retrained.StatusCode);
            var forecast = await _cluster.GetAsync<ForecastDto>($"/api/forecasts/01/{code}?year=2025&geography=vn-63&lang=en");
            if (done(forecast) || DateTime.UtcNow > deadline) return forecast;
        }
    }
}
