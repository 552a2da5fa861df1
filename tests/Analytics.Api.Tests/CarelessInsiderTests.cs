using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>
/// What a careless or hostile insider with a key (or none) did to a real API and silo: query values that do not
/// parse, text with control characters, empty batches, keys that may not do what they try. Each is refused with a
/// 4xx naming what is wrong, changes nothing, and the refusal of a key is in the audit trail.
/// </summary>
public sealed class CarelessInsiderTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Admin => _cluster.Http;

    [Theory]
    // Pages: a value of the wrong type used to fail inside the page with a 500 and a stack trace in the log.
    [InlineData("/rankings/internet-users-rate?year=x1", "year")]
    [InlineData("/rankings?year=abc", "year")]
    [InlineData("/attainment?year=2025x", "year")]
    [InlineData("/series/60/internet-users-rate?target=soon", "target")]
    // Pages: an enumerated value nothing recognises used to be ignored (200 with a default).
    [InlineData("/provinces?geography=x", "geography")]
    [InlineData("/rankings/internet-users-rate?kind=guess", "kind")]
    [InlineData("/?lang=xx", "lang")]
    // The API, through the same binder.
    [InlineData("/api/rankings/internet-users-rate?year=x1", "year")]
    [InlineData("/api/attainment?year=x1", "year")]
    [InlineData("/api/provinces?geography=x", "geography")]
    [InlineData("/api/rankings/internet-users-rate?kind=guess", "kind")]
    public async Task A_malformed_or_unknown_query_value_is_a_400_naming_the_parameter_on_pages_and_API_alike(string url, string parameter)
    {
        using var response = await _cluster.Client(null).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        Assert.Contains(parameter, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("province", "6\u00000")]
    [InlineData("source", "report\u001b[31m.pdf")]
    [InlineData("quote", "ring \u0007 bell")]
    [InlineData("quote", "reads \u202Eesrever")]
    [InlineData("unit", "%\u0000")]
    public async Task Control_characters_in_a_text_field_refuse_the_batch_naming_row_and_field(string field, string text)
    {
        var code = await DefineIndicatorAsync();
        var row = new Dictionary<string, object?>
        {
            ["province"] = "60", ["indicator"] = code, ["year"] = 2020, ["kind"] = "actual", ["value"] = 41.5,
            ["unit"] = "%", ["source"] = "report.pdf", ["quote"] = "a quote",
        };
        row[field] = text;
        using var response = await Admin.PostAsJsonAsync("/api/observations?lang=en", new[] { row });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("errors")[0];
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains("control character", error.GetProperty("reason").GetString());
        Assert.Empty((await _cluster.GetAsync<SeriesDto>($"/api/series/60/{code}?geography=vn-63")).Observations);
    }

    [Fact]
    public async Task A_quote_may_hold_tabs_and_line_breaks()
    {
        var code = await DefineIndicatorAsync();
        using var response = await Admin.PostAsJsonAsync("/api/observations?lang=en", new[]
        {
            new { province = "60", indicator = code, year = 2020, kind = "actual", value = 41.5, unit = "%", source = "report.pdf", quote = "Line one,\n\tline two" },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_indicator_name_with_a_control_character_is_refused()
    {
        using var response = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto("ctl-" + Guid.NewGuid().ToString("n")[..8], "Tên\u001b[2J", "Name", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "tests") },
            EmbeddedCluster.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("nameVi", body);
        Assert.Contains("control character", body);
    }

    [Theory]
    [InlineData("text/csv", "province,indicator,year,kind,value,unit,source,quote\n")]
    [InlineData("application/json", "[]")]
    public async Task An_empty_batch_is_a_400(string mediaType, string body)
    {
        using var response = await Admin.PostAsync("/api/observations?lang=en", new StringContent(body, Encoding.UTF8, mediaType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("no rows", text);
    }

    [Fact]
    public async Task A_refused_key_attempt_is_in_the_audit_trail()
    {
        var code = await DefineIndicatorAsync();
        var csv = $"province,indicator,year,kind,value,unit,source,quote\n60,{code},2020,actual,40,%,s,q\n";
        using var reader = _cluster.Client(_cluster.Keys.Reader);
        using var forbidden = await reader.PostAsync("/api/observations?lang=en", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var guess = _cluster.Client("0123456789ab.not-a-key-of-this-cluster");
        using var unauthorized = await guess.PostAsync("/api/observations?lang=en", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var entries = (await _cluster.GetAsync<AuditPageDto>("/api/audit?limit=500")).Entries.Where(e => e.Action == "access-refused").ToList();
        Assert.Contains(entries, e => e.KeyName == "test reader" && e.Detail!.StartsWith("403", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.KeyId is null && e.Detail!.StartsWith("401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_writer_keys_daily_quotas_of_new_series_and_bytes_refuse_a_batch_with_429_naming_the_quota()
    {
        var code = await DefineIndicatorAsync();
        var created = await Admin.PostAsJsonAsync("/api/keys", new { name = "quota writer " + code, role = "writer" });
        var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var (id, secret) = (key.GetProperty("id").GetString()!, key.GetProperty("key").GetString()!);
        using (var set = await Admin.PutAsJsonAsync($"/api/keys/{id}/quota", new { bytesPerDay = 64 * 1024, seriesPerDay = 2 }))
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        using var writer = _cluster.Client(secret);
        static StringContent Csv(string code, string quote, params string[] provinces) => new(
            "province,indicator,year,kind,value,unit,source,quote\n" + string.Concat(provinces.Select(p => $"{p},{code},2020,actual,40,%,s,{quote}\n")),
            Encoding.UTF8, "text/csv");

        // Three new series where two a day are allowed: refused whole.
        using (var three = await writer.PostAsync("/api/observations?lang=en", Csv(code, "q", "01", "22", "26")))
        {
            var body = await three.Content.ReadAsStringAsync();
            Assert.True(three.StatusCode == HttpStatusCode.TooManyRequests, body);
            Assert.Contains("new series a day", body);
        }
        Assert.Empty((await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63")).Observations);
        using (var two = await writer.PostAsync("/api/observations?lang=en", Csv(code, "q", "01", "22")))
            Assert.True(two.IsSuccessStatusCode, await two.Content.ReadAsStringAsync());

        // Long quotes on the same two series: past 64 KiB a day.
        var quote = new string('q', InputLimits.QuoteLength);
        var statuses = new List<HttpStatusCode>();
        string last = "";
        for (var year = 2000; year < 2040 && statuses.LastOrDefault() != HttpStatusCode.TooManyRequests; year++)
        {
            using var response = await writer.PostAsync("/api/observations?lang=en", new StringContent(
                $"province,indicator,year,kind,value,unit,source,quote\n01,{code},{year},plan,40,%,s,{quote}\n22,{code},{year},plan,40,%,s,{quote}\n", Encoding.UTF8, "text/csv"));
            statuses.Add(response.StatusCode);
            last = await response.Content.ReadAsStringAsync();
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains("MiB a day", last);
        Assert.True(statuses.Count > 5, "the first batches fit the quota");

        var quota = await _cluster.GetAsync<QuotaDto>($"/api/keys/{id}/quota");
        Assert.Equal((2, 64 * 1024, 2), (quota.SeriesUsed, quota.BytesPerDay, quota.SeriesPerDay));
        Assert.True(quota.BytesUsed <= 64 * 1024);
    }

    [Fact]
    public async Task An_admin_withdraws_a_batch_with_a_reason_and_its_figures_leave_the_ranking_but_stay_in_the_history()
    {
        var code = await DefineIndicatorAsync();
        using (var sent = await Admin.PostAsync("/api/observations?lang=en", new StringContent(
                   $"province,indicator,year,kind,value,unit,source,quote\n01,{code},2020,actual,40,%,s,q\n60,{code},2020,actual,50,%,s,q\n", Encoding.UTF8, "text/csv")))
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var batch = (await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63")).Observations.Single().AuditId!;
        Assert.Equal(2, (await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2020&geography=vn-63")).Rows.Count(r => r.Value is not null));

        using var refused = await _cluster.Client(_cluster.Keys.Writer).PostAsJsonAsync("/api/withdrawals", new { batch, reason = "sent twice by mistake" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var withdrawn = await Admin.PostAsJsonAsync("/api/withdrawals", new { batch, reason = "sent twice by mistake" });
        var result = JsonDocument.Parse(await withdrawn.Content.ReadAsStringAsync()).RootElement;
        Assert.True(withdrawn.IsSuccessStatusCode, result.ToString());
        Assert.Equal(2, result.GetProperty("withdrawn").GetInt32());

        Assert.Equal(0, (await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2020&geography=vn-63")).Rows.Count(r => r.Value is not null));
        var point = (await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63")).Observations.Single();
        Assert.Equal("sent twice by mistake", point.Withdrawn!.Reason);
        var csv = await _cluster.GetTextAsync($"/export/series/01/{code}?geography=vn-63&format=csv");
        Assert.DoesNotContain("\n2020,", csv.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var entries = (await _cluster.GetAsync<AuditPageDto>("/api/audit?limit=500")).Entries;
        Assert.Contains(entries, e => e.Action == "figures-withdrawn" && e.Id == point.Withdrawn.AuditId && e.Detail!.Contains("sent twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Withdrawn_figures_are_purged_from_storage_only_after_their_retention()
    {
        var code = await DefineIndicatorAsync();
        using (var sent = await Admin.PostAsync("/api/observations?lang=en", new StringContent(
                   $"province,indicator,year,kind,value,unit,source,quote\n01,{code},2020,actual,40,%,s,q\n", Encoding.UTF8, "text/csv")))
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        using var withdrawn = await Admin.PostAsJsonAsync("/api/withdrawals", new { indicator = code, reason = "wrong unit" });
        var withdrawal = JsonDocument.Parse(await withdrawn.Content.ReadAsStringAsync()).RootElement.GetProperty("auditId").GetString()!;

        using (var early = await Admin.DeleteAsync($"/api/withdrawals/{withdrawal}"))
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Single((await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63")).Observations);

        var noRetention = await _cluster.StartAnotherApiAsync(new Dictionary<string, string?> { ["Analytics:WithdrawalRetentionDays"] = "0" });
        using (var purged = await noRetention.DeleteAsync($"/api/withdrawals/{withdrawal}"))
            Assert.True(purged.IsSuccessStatusCode, await purged.Content.ReadAsStringAsync());
        // The purge went through another API process: this one learns of it from the cluster's feed of changes.
        await Poll.UntilAsync(
            async () => (await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63")).Observations.Count == 0,
            TimeSpan.FromSeconds(30), "the purged figure leaves the other API's series answer");
    }

    [Fact]
    public void The_database_is_readable_and_writable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var database = Path.Combine(_cluster.DataDir, "analytics.db");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
    }

    private async Task<string> DefineIndicatorAsync()
    {
        var code = "insider-" + Guid.NewGuid().ToString("n")[..10];
        using var response = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "tests") },
            EmbeddedCluster.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return code;
    }
}
