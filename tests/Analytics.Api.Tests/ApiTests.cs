using Analytics.Domain.Geography;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>The REST API over real HTTP on loopback, against a real silo holding the seed data.</summary>
public sealed class ApiTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Http => _cluster.Http;

    /// <summary>A fresh rate indicator (0..100) per test, so tests sharing the cluster never see each other's figures.</summary>
    private async Task<string> DefineIndicatorAsync(Direction direction = Direction.HigherIsBetter)
    {
        var code = "test-" + Guid.NewGuid().ToString("n")[..10];
        var response = await Http.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", direction, 0, 100, Aggregation.Mean, "tests") },
            EmbeddedCluster.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return code;
    }

    private static object Row(string province, string indicator, int year, object value, string kind = "actual") =>
        new { province, indicator, year, kind, value, unit = "%", source = "api-tests", quote = $"{value}" };

    private Task<HttpResponseMessage> PostJsonAsync(params object[] rows) => PostJsonAsync(Http, rows);

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient api, params object[] rows) =>
        api.PostAsync("/api/observations?lang=en", new StringContent(JsonSerializer.Serialize(rows), Encoding.UTF8, "application/json"));

    private async Task<IngestResult> IngestAsync(params object[] rows)
    {
        var response = await PostJsonAsync(rows);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IngestResult>(EmbeddedCluster.Json))!;
    }

    private Task<RankingDto> RankAsync(string indicator, string query = "") =>
        _cluster.GetAsync<RankingDto>($"/api/rankings/{indicator}{query}");

    [Fact]
    public async Task Lists_every_province_including_historic_Ha_Tay()
    {
        var provinces = await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces?geography=vn-63");

        Assert.Equal(64, provinces.Count);
        var haTay = provinces.Single(p => p.Code == "28");
        Assert.Equal(("Hà Tây", "01"), (haTay.NameVi, haTay.SuccessorCode));
        // Without a geography: both, the 63 (and Hà Tây) then the 34, each unit with its geography.
        var all = await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces");
        Assert.Equal((64, 34), (all.Count(p => p.Geography == Geography.Vn63), all.Count(p => p.Geography == Geography.Vn34)));
    }

    [Theory]
    [InlineData("60")]
    [InlineData("Bình Thuận")]
    [InlineData("binh  thuan")]
    public async Task Finds_a_province_by_code_or_any_spelling_of_its_name(string key)
    {
        var detail = await _cluster.GetAsync<ProvinceDetailDto>($"/api/provinces/{Uri.EscapeDataString(key)}");

        Assert.Equal("60", detail.Province.Code);
        Assert.Contains("internet-users-rate", detail.Indicators);
    }

    [Fact]
    public async Task Unknown_province_and_indicator_are_404_problems()
    {
        var province = await Http.GetAsync("/api/provinces/Atlantis");
        var indicator = await Http.GetAsync("/api/indicators/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, province.StatusCode);
        Assert.Equal("application/problem+json", province.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Atlantis", await province.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, indicator.StatusCode);
    }

    [Fact]
    public async Task A_series_shows_every_kind_with_its_source_and_quote()
    {
        var series = await _cluster.GetAsync<SeriesDto>("/api/series/60/internet-users-rate");

        var actual2019 = series.Observations.Single(o => o is { Year: 2019, Kind: ObservationKind.Actual });
        Assert.Equal(59, actual2019.Value);
        Assert.Equal("000_280cfce90132468c.txt", actual2019.Source);
        Assert.Contains("59", actual2019.Quote);
        Assert.Contains(series.Observations, o => o is { Year: 2025, Kind: ObservationKind.Target, Value: 85 });
        Assert.Contains(series.Observations, o => o is { Year: 2020, Kind: ObservationKind.Estimate, Value: 62 });
        Assert.Contains(series.Observations, o => o.Kind == ObservationKind.Plan);
    }

    [Fact]
    public async Task Ingest_counts_inserted_then_unchanged_then_revised_and_keeps_the_revision()
    {
        var indicator = await DefineIndicatorAsync();

        var first = await IngestAsync(Row("60", indicator, 2019, 50), Row("70", indicator, 2019, 40));
        var again = await IngestAsync(Row("60", indicator, 2019, 50), Row("70", indicator, 2019, 40));
        var revised = await IngestAsync(Row("60", indicator, 2019, 55));

        Assert.Equal((2, 2, 0, 0), (first.Received, first.Inserted, first.Unchanged, first.Revised));
        Assert.Equal((0, 2, 0), (again.Inserted, again.Unchanged, again.Revised));
        Assert.Equal(1, revised.Revised);
        var point = (await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}")).Observations.Single();
        Assert.Equal(55, point.Value);
        Assert.Equal(50, Assert.Single(point.Revisions).Value);
    }

    [Fact]
    public async Task A_bound_is_stored_shown_and_marked_where_the_ranking_cannot_know_its_place()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(Row("70", indicator, 2020, 50), Row("58", indicator, 2020, 30),
            new { province = "60", indicator, year = 2020, kind = "actual", value = 40, unit = "%", source = "api-tests", quote = "hơn 40%", qualifier = ">" });

        var point = (await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}")).Observations.Single();
        Assert.Equal((40.0, ">"), (point.Value, point.Qualifier));

        var ranking = await RankAsync(indicator, "?year=2020&geography=vn-63&lang=en");
        var rows = ranking.Rows.Where(r => r.Rank is not null).ToDictionary(r => r.Province);
        Assert.Equal(["70", "60", "58"], ranking.Rows.Where(r => r.Rank is not null).Select(r => r.Province));
        Assert.Equal((">", true), (rows["60"].Qualifier, rows["60"].RankUncertain));
        Assert.Equal(["70"], rows["60"].UncertainAgainst!);
        Assert.Contains("figure is a bound: > 40", rows["60"].RankNote);
        Assert.Contains("Bình Phước", rows["60"].RankNote);
        Assert.True(rows["70"].RankUncertain);
        Assert.Equal((false, null), (rows["58"].RankUncertain, rows["58"].Qualifier));

        var page = await Http.GetStringAsync($"/rankings/{indicator}?year=2020&geography=vn-63&lang=en");
        Assert.Contains("&gt; 40", page);
        Assert.Contains("rank-uncertain", page);
        // Downloads carry the qualifier in a column of its own, the value staying a number.
        var export = (await _cluster.GetTextAsync($"/export/rankings/{indicator}?year=2020&geography=vn-63&format=csv&lang=en")).Replace("\r", "").Split('\n');
        Assert.EndsWith("Bound or approximation,Rank not certain,Quality", export[0]);
        Assert.Contains(export, line => line.StartsWith("2,60,", StringComparison.Ordinal) && line.Contains(",>,", StringComparison.Ordinal));
        var figures = await _cluster.GetTextAsync($"/export/series/60/{indicator}?geography=vn-63&format=csv&lang=en");
        // The qualifier, then the quality column (no flag on this figure).
        Assert.EndsWith(",>,", figures.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public async Task Bundled_figures_given_as_bounds_in_their_reports_carry_the_qualifier()
    {
        var servers = (await _cluster.GetAsync<SeriesDto>("/api/series/60/datacenter-servers")).Observations.Single(o => o.Year == 2020);
        var target = (await _cluster.GetAsync<SeriesDto>("/api/series/70/internet-non-users-rate")).Observations
            .Single(o => o is { Year: 2025, Kind: ObservationKind.Target });

        Assert.Equal((40.0, ">"), (servers.Value, servers.Qualifier));
        Assert.Equal((20.0, "<"), (target.Value, target.Qualifier));
        // Bình Thuận's "dưới 15%" and Bình Phước's "dưới 20%" may both be 10%: neither order is known.
        var ranking = await RankAsync("internet-non-users-rate", "?kind=target&year=2025&geography=vn-63&lang=en");
        var rows = ranking.Rows.Where(r => r.Province is "60" or "70").ToDictionary(r => r.Province);
        Assert.Equal(["70"], rows["60"].UncertainAgainst!);
        Assert.Equal(["60"], rows["70"].UncertainAgainst!);
        Assert.StartsWith("figure is a bound: < 15;", rows["60"].RankNote);
    }

    [Fact]
    public async Task Ingest_accepts_csv_with_province_names()
    {
        var indicator = await DefineIndicatorAsync();
        var csv = $"""
            province,indicator,year,quarter,kind,value,unit,source,quote
            Bình Phước,{indicator},2023,1,actual,12.5,%,report.pdf,"đạt 12,5%"
            Ninh Thuan,{indicator},2023,,plan,30,%,,
            """;

        var response = await Http.PostAsync("/api/observations?lang=en", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/70/{indicator}");
        var point = Assert.Single(series.Observations);
        Assert.Equal((2023, 1, 12.5, "đạt 12,5%"), (point.Year, point.Quarter!.Value, point.Value, point.Quote));
    }

    [Fact]
    public async Task A_suspect_figure_is_stored_and_answered_as_a_warning_with_its_line_and_a_confirmed_one_with_its_reason()
    {
        var indicator = await DefineIndicatorAsync();
        // Bình Thuận 2010..2021 rising from 30 by 2 points a year, 2016 (line 8) a decimal place off; Bình Phước from 35
        // by 2.5, 2014 (line 18) a decimal place off too, but confirmed by the sender.
        string Line(string province, int year, string confirmed = "")
        {
            var value = province == "60" ? 30 + 2 * (year - 2010) : 35 + 2.5 * (year - 2010);
            var written = (province, year) is ("60", 2016) or ("70", 2014) ? value / 10.0 : value;
            return string.Create(CultureInfo.InvariantCulture, $"{province},{indicator},{year},,actual,{written},%,report.pdf,{written},{confirmed}");
        }
        var csv = string.Join('\n',
        [
            "province,indicator,year,quarter,kind,value,unit,source,quote,confirmed",
            .. Enumerable.Range(2010, 12).Select(y => Line("60", y)),
            .. Enumerable.Range(2010, 12).Select(y => Line("70", y, y == 2014 ? "counted after a flood" : "")),
        ]);

        var response = await Http.PostAsync("/api/observations", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<IngestResult>(EmbeddedCluster.Json))!;
        Assert.Equal(24, result.Inserted);
        var warnings = result.Warnings!;
        var slip = Assert.Single(warnings, w => w.Rule == "unit-slip" && w.Confirmed is null);
        Assert.Equal((8, "60", 2016, -1.0), (slip.Row, slip.Province, slip.Year, slip.Score));
        var confirmed = Assert.Single(warnings, w => w.Rule == "unit-slip" && w.Confirmed is not null);
        Assert.Equal((18, "70", 2014, "counted after a flood"), (confirmed.Row, confirmed.Province, confirmed.Year, confirmed.Confirmed));
        Assert.All(warnings, w => Assert.Contains((w.Province, w.Year), new[] { ("60", 2016), ("70", 2014) }));
        // Warnings, not refusals: the suspect figure is stored as sent.
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}");
        Assert.Equal(4.2, series.Observations.Single(o => o.Year == 2016).Value, 6);
    }

    [Fact]
    public async Task Rankings_use_competition_ranking_and_report_rank_change()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(
            Row("60", indicator, 2021, 70), Row("70", indicator, 2021, 80), Row("58", indicator, 2021, 60), Row("01", indicator, 2021, 90),
            Row("60", indicator, 2022, 85), Row("70", indicator, 2022, 80), Row("58", indicator, 2022, 80), Row("01", indicator, 2022, 90));

        var ranking = await RankAsync(indicator, "?year=2022");

        Assert.Equal(2022, ranking.Year);
        var ranked = ranking.Rows.Where(r => r.Rank is not null).ToList();
        Assert.Equal([("01", 1), ("60", 2), ("58", 3), ("70", 3)], ranked.Select(r => (r.Province, r.Rank!.Value)));
        Assert.Equal(1, ranked.Single(r => r.Province == "60").RankChange);
        Assert.Equal(1, ranked.Single(r => r.Province == "58").RankChange);
        Assert.Equal(-1, ranked.Single(r => r.Province == "70").RankChange);
        Assert.Equal("Bình Thuận", ranked.Single(r => r.Province == "60").ProvinceName);
        Assert.Equal(4, ranking.Ranked);
        Assert.Equal(63 - 4, ranking.Unranked); // Hà Tây did not exist in 2022
        Assert.All(ranking.Rows.Skip(4), r => Assert.Null(r.Rank));
    }

    [Fact]
    public async Task Lower_is_better_indicators_rank_the_smallest_value_first()
    {
        var indicator = await DefineIndicatorAsync(Direction.LowerIsBetter);
        await IngestAsync(Row("60", indicator, 2020, 9.5), Row("70", indicator, 2020, 3.1), Row("58", indicator, 2020, 5));

        var ranking = await RankAsync(indicator, "?year=2020&top=3");

        Assert.Equal(["70", "58", "60"], ranking.Rows.Select(r => r.Province));
    }

    [Fact]
    public async Task Rankings_filter_by_region_and_kind()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(
            Row("60", indicator, 2025, 85, "target"), Row("58", indicator, 2025, 90, "target"),
            Row("70", indicator, 2025, 95, "target"), Row("60", indicator, 2025, 10));

        // The 63 provinces' 2025 targets (2025's default geography is the 34's).
        var ranking = await RankAsync(indicator, "?year=2025&kind=target&region=North%20Central%20and%20Central%20coastal%20areas&geography=vn-63");

        Assert.Equal([("58", 1), ("60", 2)], ranking.Rows.Where(r => r.Rank is not null).Select(r => (r.Province, r.Rank!.Value)));
        Assert.All(ranking.Rows, r => Assert.Equal("North Central and Central coastal areas", r.Region));
    }

    [Fact]
    public async Task A_ranking_shows_a_batch_as_soon_as_the_batch_is_acknowledged()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(Row("60", indicator, 2020, 50), Row("70", indicator, 2020, 60));
        Assert.Equal("70", (await RankAsync(indicator, "?year=2020")).Rows[0].Province); // now the API holds this answer

        await IngestAsync(Row("60", indicator, 2020, 99));

        var ranking = await RankAsync(indicator, "?year=2020");
        Assert.Equal([("60", 99.0), ("70", 60.0)], ranking.Rows.Take(2).Select(r => (r.Province, r.Value!.Value)));
    }

    [Fact]
    public async Task A_ranking_or_series_asked_again_with_its_etag_is_304_without_a_body_until_its_figures_change()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(Row("60", indicator, 2020, 50), Row("70", indicator, 2020, 60));
        string[] paths = [$"/api/rankings/{indicator}?year=2020", $"/api/series/60/{indicator}"];
        var tags = new List<System.Net.Http.Headers.EntityTagHeaderValue>();
        foreach (var path in paths)
        {
            var first = await Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var tag = first.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"{path} has no ETag");
            // The tag names exactly the bytes served (the kept answer's JSON, written as it is).
            var body = await first.Content.ReadAsByteArrayAsync();
            Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
            Assert.Equal(body.Length, first.Content.Headers.ContentLength);
            Assert.Equal($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body), 0, 16)}\"", tag.Tag);
            var again = await GetIfNoneMatchAsync(path, tag);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(tag, again.Headers.ETag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            tags.Add(tag);
        }
        Assert.NotEqual(tags[0], tags[1]);

        await IngestAsync(Row("60", indicator, 2020, 65));

        foreach (var (path, tag) in paths.Zip(tags))
        {
            var changed = await GetIfNoneMatchAsync(path, tag);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.NotEqual(tag, changed.Headers.ETag);
            Assert.Contains("65", await changed.Content.ReadAsStringAsync());
        }
    }

    private Task<HttpResponseMessage> GetIfNoneMatchAsync(string path, System.Net.Http.Headers.EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(tag);
        return Http.SendAsync(request);
    }

    [Fact]
    public async Task A_batch_through_another_api_process_shows_here_within_the_cache_age()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(Row("60", indicator, 2020, 50), Row("70", indicator, 2020, 60));
        Assert.Equal("70", (await RankAsync(indicator, "?year=2020")).Rows[0].Province);

        var other = await _cluster.StartAnotherApiAsync();
        var response = await PostJsonAsync(other, Row("60", indicator, 2020, 99));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // This process was not told; its answer may be up to a second old (AnswerCache), never older.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(async () => (await RankAsync(indicator, "?year=2020")).Rows[0].Province == "60", TimeSpan.FromSeconds(10), "the other process's batch in this one's ranking");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"shown only after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_series_read_here_shows_a_batch_sent_through_another_api_process_within_moments()
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(Row("60", indicator, 2020, 50));
        Assert.Equal(50, (await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}")).Observations.Single().Value); // now kept here

        var other = await _cluster.StartAnotherApiAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(other, Row("60", indicator, 2021, 55))).StatusCode);

        // This process learns of it from the cluster's feed of leaderboard changes (AnswerCache, LeaderboardChangeFeed).
        await Poll.UntilAsync(async () => (await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}")).Observations.Count == 2,
            TimeSpan.FromSeconds(10), "the other process's figure in this one's series");
    }

    [Theory]
    [InlineData("?region=Atlantis", "Atlantis")]
    [InlineData("?kind=guess", "guess")]
    [InlineData("?year=1850", "1850")]
    public async Task Bad_ranking_queries_are_400_problems_naming_the_parameter(string query, string named)
    {
        var response = await Http.GetAsync($"/api/rankings/internet-users-rate{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string, string> BadBatches => new()
    {
        // name, JSON of the bad row (INDICATOR is replaced), expected field, expected words in the reason
        { "unknown province", """{"province":"Atlantis","indicator":"INDICATOR","year":2020,"kind":"actual","value":1}""", "province", "Atlantis" },
        { "unknown indicator", """{"province":"60","indicator":"no-such-indicator","year":2020,"kind":"actual","value":1}""", "indicator", "no-such-indicator" },
        { "non-numeric value", """{"province":"60","indicator":"INDICATOR","year":2020,"kind":"actual","value":"abc"}""", "value", "abc" },
        { "NaN", """{"province":"60","indicator":"INDICATOR","year":2020,"kind":"actual","value":"NaN"}""", "value", "NaN" },
        { "infinity", """{"province":"60","indicator":"INDICATOR","year":2020,"kind":"actual","value":"Infinity"}""", "value", "Infinity" },
        { "impossible year", """{"province":"60","indicator":"INDICATOR","year":1850,"kind":"actual","value":1}""", "year", "1850" },
        { "rate above its bound", """{"province":"60","indicator":"INDICATOR","year":2020,"kind":"actual","value":120}""", "value", "120" },
        { "unknown kind", """{"province":"60","indicator":"INDICATOR","year":2020,"kind":"guess","value":1}""", "kind", "guess" },
        { "conflicting duplicate", """{"province":"60","indicator":"INDICATOR","year":2019,"kind":"actual","value":99}""", "value", "conflicts" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_batch_with_a_bad_row_is_rejected_naming_it_and_changes_nothing(string name, string badRow, string field, string words)
    {
        var indicator = await DefineIndicatorAsync();
        await IngestAsync(Row("58", indicator, 2019, 40));
        var before = await SnapshotAsync(indicator);

        // Row 1 and 2 are good and would change the series; row 3 is the bad one.
        var body = $"[{JsonSerializer.Serialize(Row("58", indicator, 2019, 41))},{JsonSerializer.Serialize(Row("60", indicator, 2019, 50))},{badRow.Replace("INDICATOR", indicator)}]";
        var response = await Http.PostAsync("/api/observations?lang=en", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("field").GetString() == field
                                     && e.GetProperty("reason").GetString()!.Contains(words, StringComparison.OrdinalIgnoreCase));
        Assert.True(before == await SnapshotAsync(indicator), $"{name}: the series changed after a rejected batch");
    }

    [Theory]
    [InlineData("text/csv", "province,indicator,year,quarter,kind,value,unit,source,quote\n60,x,2020,,actual,1,%,\"unterminated,\n", "line")]
    [InlineData("text/csv", "province,indicator,year,colour\n60,x,2020,red\n", "colour")]
    [InlineData("application/json", "[{\"province\": \"60\",", "JSON")]
    [InlineData("application/json", "{\"province\": \"60\"}", "array")]
    [InlineData("application/json", "[{\"province\": \"60\", \"colour\": \"red\"}]", "colour")]
    public async Task Malformed_bodies_are_400_problems_saying_what_is_wrong(string mediaType, string body, string words)
    {
        var response = await Http.PostAsync("/api/observations?lang=en", new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("text/csv", "province,indicator,year,quarter,kind,value,unit,source,quote\n60,x,2020,,actual,1,%,\"unterminated,\n",
        "CSV sai cấu trúc: nội dung gửi lên dòng 2: ô mở ngoặc kép nhưng không đóng (dấu '\"' mở ở đây không có dấu đóng)",
        "Malformed CSV: request body line 2: unterminated quoted field (a '\"' opened here is never closed)")]
    [InlineData("text/csv", "province,indicator,year,kind\n60,x,2020,actual\n",
        "CSV sai cấu trúc: nội dung gửi lên dòng 1, cột 'value': dòng tiêu đề thiếu cột bắt buộc 'value'",
        "Malformed CSV: request body line 1, field 'value': the header lacks the required column 'value'")]
    [InlineData("application/json", "{\"province\": \"60\"}",
        "Cần một mảng JSON các số liệu, nhưng nhận được một đối tượng.",
        "Expected a JSON array of observations, got object.")]
    public async Task A_malformed_body_is_refused_in_Vietnamese_unless_English_is_asked_for(string mediaType, string body, string vietnamese, string english)
    {
        async Task<string?> DetailAsync(string path)
        {
            var response = await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return problem.RootElement.GetProperty("detail").GetString();
        }

        // The whole sentence in one language: the reader's place in the file and the reason too, not only the frame around them.
        Assert.Equal(vietnamese, await DetailAsync("/api/observations"));
        Assert.Equal(english, await DetailAsync("/api/observations?lang=en"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_changes_nothing()
    {
        var indicator = await DefineIndicatorAsync();
        var header = "province,indicator,year,quarter,kind,value,unit,source,quote\n";
        var line = $"60,{indicator},2020,,actual,1,%,x,\"{new string('q', 100)}\"\n";
        var body = header + string.Concat(Enumerable.Repeat(line, (int)(SeededClusterFixture.MaxBodyBytes / line.Length) + 100));

        // As the CLI sends uploads: with Expect: 100-continue the 413 comes before the body is sent. Without it the API's
        // 413 and closed connection can meet a client still writing, which then sees a broken pipe, not the answer.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/observations")
        {
            Content = new StringContent(body, Encoding.UTF8, "text/csv"),
            Headers = { ExpectContinue = true },
        };
        var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}")).Observations);
    }

    [Fact]
    public async Task Unsupported_media_type_is_415()
    {
        var response = await Http.PostAsync("/api/observations?lang=en", new StringContent("<xml/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_on_the_api_and_the_silo_and_the_openapi_document_lists_the_endpoints()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/live")).StatusCode);
        using var silo = new HttpClient { BaseAddress = _cluster.SiloHttp };
        Assert.Equal(HttpStatusCode.OK, (await silo.GetAsync("/health")).StatusCode);
        var openApi = await Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/rankings/{indicator}", openApi);
        Assert.Contains("/api/observations", openApi);
    }

    /// <summary>Everything a bad batch could have touched: the two series and the leaderboard.</summary>
    private async Task<string> SnapshotAsync(string indicator)
    {
        var a = await Http.GetStringAsync($"/api/series/58/{indicator}");
        var b = await Http.GetStringAsync($"/api/series/60/{indicator}");
        var c = await Http.GetStringAsync($"/api/rankings/{indicator}?year=2019");
        return a + b + c;
    }
}
