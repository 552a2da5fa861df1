using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>One embedded cluster with the product's own body limit (16 MiB), for hostile requests.</summary>
public sealed class FullBodyClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public EmbeddedCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = new EmbeddedCluster(_dir.Path, "seeds");
        await Cluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>
/// The cases a hostile client tried, against the real API and silo: oversized text, requests and
/// catalogs refused while the cluster keeps answering; malformed JSON, bad parameters and slow bodies answered with
/// the right 4xx naming what is wrong; short answers that never repeat the input or show internals; writes rate limited.
/// </summary>
public sealed class HostileInputTests(FullBodyClusterFixture fixture) : IClassFixture<FullBodyClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Http => _cluster.Http;

    private const int FifteenMiB = 15 * 1024 * 1024;

    /// <summary>No answer in this class may exceed this: errors never echo the input in full.</summary>
    private const int ShortAnswer = 16 * 1024;

    private async Task<string> DefineIndicatorAsync()
    {
        var code = "hostile-" + Guid.NewGuid().ToString("n")[..10];
        using var response = await Http.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "tests") },
            EmbeddedCluster.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return code;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static string Row(string province, string indicator, int year, double value, string quote = "q") =>
        JsonSerializer.Serialize(new { province, indicator, year, kind = "actual", value, unit = "%", source = "hostile-tests", quote });

    /// <summary>A ProblemDetails of the status, short, that mentions every phrase and shows no .NET internals.</summary>
    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        var start = body[..Math.Min(body.Length, 2000)];
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {start}");
        Assert.True(body.Length < ShortAnswer, $"answer of {body.Length:N0} characters: {start}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoInternals(body);
        foreach (var m in mentions) Assert.True(body.Contains(m, StringComparison.OrdinalIgnoreCase), $"'{m}' not in {start}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static void AssertNoInternals(string body)
    {
        foreach (var leak in new[] { "Exception", "System.", "Analytics.", "   at ", "Microsoft.", "stackTrace", "Int32", "Nullable" })
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
    }

    // ---- bounds -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Seven_revisions_with_a_15_MiB_quote_are_refused_and_the_series_still_answers()
    {
        var indicator = await DefineIndicatorAsync();
        using (var first = await Http.PostAsync("/api/observations?lang=en", Json($"[{Row("60", indicator, 2019, 59, "59%")}]")))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var quote = new string('x', FifteenMiB);

        for (var i = 0; i < 7; i++)
        {
            using var response = await Http.PostAsync("/api/observations?lang=en", Json($"[{Row("60", indicator, 2019, 10 + i, quote)}]"));
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "quote", $"{InputLimits.QuoteLength:N0}");
            Assert.Equal("quote", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        }

        var clock = Stopwatch.StartNew();
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"series answered after {clock.Elapsed}");
        var point = Assert.Single(series.Observations);
        Assert.Equal((59, "59%"), (point.Value, point.Quote));
        Assert.Empty(point.Revisions);
    }

    [Fact]
    public async Task A_batch_that_would_take_a_series_past_its_storage_limit_gets_413_and_the_series_still_answers()
    {
        var indicator = await DefineIndicatorAsync();
        using (var first = await Http.PostAsync("/api/observations?lang=en", Json($"[{Row("01", indicator, 2019, 59, "59%")}]")))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // Hà Nội (01) holds figures in every year of both geographies. Every plan, target and baseline a series can hold, each with a quote of the longest length allowed: every
        // row is acceptable, together they are more than the series may keep.
        var quote = new string('ệ', InputLimits.QuoteLength);
        var csv = new StringBuilder("province,indicator,year,quarter,kind,value,unit,source,quote\n");
        foreach (var year in Enumerable.Range(Years.First, Years.Last - Years.First + 1))
        foreach (var quarter in new[] { "", "1", "2", "3", "4" })
        foreach (var kind in new[] { "plan", "target", "baseline" })
            csv.Append($"01,{indicator},{year},{quarter},{kind},50,%,hostile-tests,{quote}\n");

        using var response = await Http.PostAsync("/api/observations?lang=en", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, $"01/{indicator}", "limit");
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/01/{indicator}");
        Assert.Equal((59, "59%"), (Assert.Single(series.Observations).Value, series.Observations[0].Quote));
    }

    [Fact]
    public async Task Twenty_thousand_indicators_in_one_request_are_refused_and_none_is_defined()
    {
        var prefix = "flood-" + Guid.NewGuid().ToString("n")[..6];
        var definitions = Enumerable.Range(0, 20_000)
            .Select(i => new IndicatorDto($"{prefix}-{i}", "Chỉ tiêu", "Flood", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "tests"));

        using var response = await Http.PostAsJsonAsync("/api/indicators?lang=en", definitions, EmbeddedCluster.Json);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "20,000", $"{InputLimits.IndicatorsPerRequest:N0}");
        var catalog = await _cluster.GetAsync<List<IndicatorDto>>("/api/indicators");
        Assert.DoesNotContain(catalog, d => d.Code.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Definitions_with_a_15_MiB_English_name_are_refused_and_the_catalog_still_answers()
    {
        var name = new string('N', FifteenMiB);
        for (var i = 0; i < 6; i++)
        {
            var code = "huge-name-" + Guid.NewGuid().ToString("n")[..8];
            using var response = await Http.PostAsJsonAsync("/api/indicators?lang=en",
                new[] { new IndicatorDto(code, "Tên", name, "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "tests") }, EmbeddedCluster.Json);
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "nameEn", $"{InputLimits.NameLength:N0}");
            Assert.Equal((1, "nameEn"), (problem.GetProperty("errors")[0].GetProperty("row").GetInt32(), problem.GetProperty("errors")[0].GetProperty("field").GetString()));
        }

        var clock = Stopwatch.StartNew();
        Assert.NotEmpty(await _cluster.GetAsync<List<IndicatorDto>>("/api/indicators"));
        Assert.NotEmpty(await _cluster.GetAsync<List<ProvinceDto>>("/api/provinces"));
        Assert.NotEmpty((await _cluster.GetAsync<RankingDto>("/api/rankings/internet-users-rate?year=2019")).Rows);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the catalog answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_4_MB_bad_request_gets_a_short_400()
    {
        // One row whose province is 4 MB of text: the answer names the field and its length, not the text.
        var province = new string('p', 4_000_000);
        using var one = await Http.PostAsync("/api/observations?lang=en", Json($"[{Row(province, "internet-users-rate", 2019, 50)}]"));
        var problem = await AssertProblemAsync(one, HttpStatusCode.BadRequest, "province", "4,000,000");
        Assert.DoesNotContain(new string('p', InputLimits.EchoLength + 1), problem.ToString());

        // 40,000 bad rows (4 MB): the first problems are listed, with how many there are in all.
        var rows = string.Join(",", Enumerable.Range(0, 40_000).Select(i => Row("nowhere-" + i, "internet-users-rate", 2019, 50)));
        using var many = await Http.PostAsync("/api/observations?lang=en", Json($"[{rows}]"));
        var listed = await AssertProblemAsync(many, HttpStatusCode.BadRequest, "nowhere");
        Assert.Equal(InputLimits.ErrorsListed, listed.GetProperty("errors").GetArrayLength());
        Assert.Equal(40_000, listed.GetProperty("errorCount").GetInt32());
    }

    [Fact]
    public async Task An_unknown_province_or_column_is_echoed_only_as_a_short_prefix()
    {
        var longName = new string('z', 5_000);
        using var province = await Http.GetAsync($"/api/provinces/{longName}");
        var body = (await AssertProblemAsync(province, HttpStatusCode.NotFound, new string('z', InputLimits.EchoLength) + "…")).ToString();
        Assert.DoesNotContain(new string('z', InputLimits.EchoLength + 1), body);

        using var csv = await Http.PostAsync("/api/observations?lang=en",
            new StringContent($"province,indicator,{longName}\n60,x,1\n", Encoding.UTF8, "text/csv"));
        Assert.DoesNotContain(new string('z', InputLimits.EchoLength + 1), (await AssertProblemAsync(csv, HttpStatusCode.BadRequest)).ToString());
    }

    // ---- JSON strictness ----------------------------------------------------------------------------------------

    [Fact]
    public async Task A_key_given_twice_in_an_observation_is_refused_naming_the_key_and_row()
    {
        var indicator = await DefineIndicatorAsync();
        var value = $$"""[{{Row("60", indicator, 2019, 1)}}, {"province":"60","indicator":"{{indicator}}","year":2019,"kind":"actual","value":5,"value":7}]""";
        using var twiceValue = await Http.PostAsync("/api/observations?lang=en", Json(value));
        await AssertProblemAsync(twiceValue, HttpStatusCode.BadRequest, "Element 2", "'value' twice");

        var province = $$"""[{"province":"01","province":"60","indicator":"{{indicator}}","year":2019,"kind":"actual","value":5}]""";
        using var twiceProvince = await Http.PostAsync("/api/observations?lang=en", Json(province));
        await AssertProblemAsync(twiceProvince, HttpStatusCode.BadRequest, "Element 1", "'province' twice");

        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/60/{indicator}");
        Assert.Empty(series.Observations);
    }

    [Fact]
    public async Task A_key_given_twice_in_a_definition_is_refused_naming_the_row()
    {
        var code = "dup-" + Guid.NewGuid().ToString("n")[..8];
        var body = $$"""[{"code":"{{code}}","nameVi":"a","nameEn":"b","unit":"%","direction":"higher-is-better","direction":"lower-is-better","min":0,"max":100,"aggregation":"mean","source":"t"}]""";
        using var response = await Http.PostAsync("/api/indicators?lang=en", Json(body));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Row 1", "twice");
        using var after = await Http.GetAsync($"/api/indicators/{code}");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    public static TheoryData<string, string> BrokenText => new()
    {
        { "/api/observations", "invalid-utf8" },
        { "/api/observations", "lone-surrogate" },
        { "/api/indicators", "invalid-utf8" },
        { "/api/indicators", "lone-surrogate" },
    };

    [Theory]
    [MemberData(nameof(BrokenText))]
    public async Task Invalid_UTF8_or_a_lone_surrogate_is_a_400_not_a_500(string path, string flaw)
    {
        var template = path == "/api/observations"
            ? """[{"province":"60","indicator":"internet-users-rate","year":2019,"kind":"actual","value":5,"source":"@@"}]"""
            : """[{"code":"broken-text","nameVi":"@@","nameEn":"b","unit":"%","direction":"higher-is-better","min":0,"max":100,"aggregation":"mean","source":"t"}]""";
        var parts = template.Split("@@");
        byte[] middle = flaw == "invalid-utf8" ? [0x61, 0xC3, 0x28, 0xFF, 0x62] : "a\\ud800b"u8.ToArray();
        byte[] bytes = [.. Encoding.UTF8.GetBytes(parts[0]), .. middle, .. Encoding.UTF8.GetBytes(parts[1])];

        using var response = await Http.PostAsync(path, JsonBytes(bytes));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "UTF-8");
    }

    [Theory]
    [InlineData("/api/observations", "Element 1")]
    [InlineData("/api/indicators", "null is not a definition")]
    public async Task A_null_row_is_a_400_naming_the_row(string path, string mention)
    {
        using var response = await Http.PostAsync(path + "?lang=en", Json("[null]"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, mention);
    }

    [Fact]
    public async Task A_slow_request_body_gets_408()
    {
        // A second API on the same silo that gives a slow body 1.5 seconds of grace (the default is five).
        var api = await _cluster.StartAnotherApiAsync(new Dictionary<string, string?>
        {
            ["Analytics:MinRequestBodyBytesPerSecond"] = "240",
            ["Analytics:RequestBodyGraceSeconds"] = "1.5",
        });
        using var socket = new TcpClient();
        await socket.ConnectAsync(api.BaseAddress!.Host, api.BaseAddress.Port);
        var stream = socket.GetStream();
        var body = Encoding.UTF8.GetBytes($"[{Row("60", "internet-users-rate", 2019, 50)}]");
        var head = $"POST /api/observations?lang=en HTTP/1.1\r\nHost: {api.BaseAddress.Authority}\r\nX-Api-Key: {_cluster.Keys.Writer}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Trickle a byte every 200 ms (5 B/s, far below 240 B/s) until the server answers or the deadline passes.
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        var read = stream.ReadAsync(buffer).AsTask();
        var deadline = Stopwatch.StartNew();
        for (var sent = 0; !read.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(60); sent++)
        {
            if (sent < body.Length - 1)
            {
                try { await stream.WriteAsync(body.AsMemory(sent, 1)); }
                catch (IOException) { break; } // the server closed the connection after answering
            }
            await Task.WhenAny(read, Task.Delay(200));
        }
        var n = await read.WaitAsync(TimeSpan.FromSeconds(30));
        answer.Append(Encoding.UTF8.GetString(buffer, 0, n));
        while (!answer.ToString().Contains("}", StringComparison.Ordinal) && (n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10))) > 0)
            answer.Append(Encoding.UTF8.GetString(buffer, 0, n));

        var text = answer.ToString();
        Assert.StartsWith("HTTP/1.1 408", text);
        Assert.Contains("application/problem+json", text);
        Assert.Contains("too slowly", text);
        AssertNoInternals(text);
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("/api/rankings/internet-users-rate?year=abc", "year", "whole number")]
    [InlineData("/api/rankings/internet-users-rate?top=2147483648", "top", "whole number")]
    [InlineData("/api/forecasts/60/internet-users-rate?year=20x5", "year", "whole number")]
    [InlineData("/api/attainment?year=next", "year", "whole number")]
    [InlineData("/api/series/60/internet-users-rate?kind=7", "kind", "actual, estimate, plan, target or baseline")]
    [InlineData("/api/rankings/internet-users-rate?kind=1", "kind", "actual, estimate, plan, target or baseline")]
    [InlineData("/api/rankings/internet-users-rate?by=cheese", "by 'cheese'", "by=attainment")]
    public async Task A_bad_query_parameter_is_a_400_that_names_it(string path, string name, string expected)
    {
        // Read in English (the words asserted); the parameter is named in either language.
        using var response = await Http.GetAsync(path + "&lang=en");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, name, expected);
    }

    [Theory]
    [InlineData("actual")]
    [InlineData("Actual")]
    [InlineData("estimate")]
    [InlineData("target")]
    public async Task The_series_kind_filter_takes_the_documented_names(string kind)
    {
        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/60/internet-users-rate?kind={kind}");
        Assert.All(series.Observations, o => Assert.Equal(kind.ToLowerInvariant(), o.Kind.ToCode()));
    }

    [Fact]
    public async Task An_unknown_direction_in_a_definition_is_a_400_naming_the_row_and_field_and_the_accepted_values()
    {
        var body = """[{"code":"ok-code","nameVi":"a","nameEn":"b","unit":"%","direction":"higher-is-better","min":0,"max":100,"aggregation":"mean","source":"t"},""" +
                   """{"code":"bad-direction","nameVi":"a","nameEn":"b","unit":"%","direction":"upwards","min":0,"max":100,"aggregation":"mean","source":"t"}]""";
        using var response = await Http.PostAsync("/api/indicators?lang=en", Json(body));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Row 2", "'direction'", "higher-is-better, lower-is-better, context");

        using var number = await Http.PostAsync("/api/indicators?lang=en", Json("""[{"code":"bad-min","nameVi":"a","nameEn":"b","unit":"%","direction":"context","min":"low","max":100,"aggregation":"mean","source":"t"}]"""));
        await AssertProblemAsync(number, HttpStatusCode.BadRequest, "Row 1", "'min'", "not a number");
    }

    // ---- rate limiting and headers --------------------------------------------------------------------------

    [Fact]
    public async Task Writes_beyond_the_limit_get_429_with_Retry_After_and_reads_go_on()
    {
        var api = await _cluster.StartAnotherApiAsync(new Dictionary<string, string?>
        {
            ["Analytics:RateLimit:WriteBurst"] = "3",
            ["Analytics:RateLimit:WritesPerSecond"] = "0.001",
        });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await api.PostAsync("/api/observations?lang=en", Json("[]"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
        }

        // An empty batch is refused (400), and counts against the limit as every write does.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "Try again in");
        using var read = await api.GetAsync("/api/indicators/internet-users-rate");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Every_answer_says_nosniff()
    {
        foreach (var path in new[] { "/api/provinces", "/api/provinces/nowhere", "/health/live", "/api/rankings/internet-users-rate?year=abc" })
        {
            using var response = await Http.GetAsync(path);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Content-Security-Policy"), $"{path} is not a page");
        }
    }
}
