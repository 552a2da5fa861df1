using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Analytics.Api.Tests;

/// <summary>
/// Who may change what: keys and roles, the audit trail, and definitions that change safely, over real HTTP
/// against a real silo holding the seed data. Bình Thuận's Internet users 2019 (59) is the figure an attacker tried
/// to rewrite; gso-style direction flips are what an unchecked definition change did to the rankings.
/// </summary>
public sealed class AccessAndAuditTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Admin => _cluster.Http;

    private static readonly string[] Fields = ["code", "nameVi", "nameEn", "unit", "direction", "min", "max", "aggregation", "source"];

    private async Task<string> DefineIndicatorAsync(Direction direction = Direction.HigherIsBetter, double? max = 100)
    {
        var code = "acl-" + Guid.NewGuid().ToString("n")[..10];
        var response = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", direction, 0, max, Aggregation.Mean, "tests") }, EmbeddedCluster.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return code;
    }

    private static StringContent Csv(params string[] rows) =>
        new("province,indicator,year,quarter,kind,value,unit,source,quote\n" + string.Join("\n", rows) + "\n", Encoding.UTF8, "text/csv");

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private async Task<double> InternetUsers2019InBinhThuanAsync() =>
        (await _cluster.GetAsync<SeriesDto>("/api/series/60/internet-users-rate")).Observations
            .Single(o => o.Year == 2019 && o.Quarter is null && o.Kind == ObservationKind.Actual).Value;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<List<AuditEntryDto>> AuditAsync(string query)
    {
        var page = await _cluster.GetAsync<AuditPageDto>($"/api/audit?{query}");
        return [.. page.Entries];
    }

    // ---- keys and roles ----

    [Fact]
    public async Task A_write_without_a_key_is_401_saying_a_writer_key_is_needed_and_changes_nothing()
    {
        using var anonymous = _cluster.Client(null);
        var before = await InternetUsers2019InBinhThuanAsync();

        var response = await anonymous.PostAsync("/api/observations?lang=en", Csv("60,internet-users-rate,2019,,actual,10,%,attacker.txt,10"));

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("writer", problem.GetProperty("detail").GetString());
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
        Assert.Equal("writer", problem.GetProperty("requiredRole").GetString());
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(before, await InternetUsers2019InBinhThuanAsync());
        Assert.Equal(59, before);
    }

    [Fact]
    public async Task A_key_that_is_not_one_of_the_cluster_is_401_and_changes_nothing()
    {
        using var forged = _cluster.Client("0123456789ab." + new string('A', 43));
        var response = await forged.PostAsync("/api/observations?lang=en", Csv("60,internet-users-rate,2019,,actual,10,%,attacker.txt,10"));
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("not one this cluster issued", problem.GetProperty("detail").GetString());
        Assert.Equal(59, await InternetUsers2019InBinhThuanAsync());
    }

    [Fact]
    public async Task Wrong_roles_are_403_naming_the_role_needed_and_change_nothing()
    {
        var code = await DefineIndicatorAsync();
        using var reader = _cluster.Client(_cluster.Keys.Reader);
        using var writer = _cluster.Client(_cluster.Keys.Writer);

        var write = await reader.PostAsync("/api/observations?lang=en", Csv($"60,{code},2019,,actual,10,%,r.txt,10"));
        var problem = await ProblemAsync(write, HttpStatusCode.Forbidden);
        Assert.Contains("role writer", problem.GetProperty("detail").GetString());
        Assert.Contains("test reader", problem.GetProperty("detail").GetString());

        var define = await writer.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "x", "x", "%", Direction.LowerIsBetter, 0, 100, Aggregation.Mean, null) }, EmbeddedCluster.Json);
        Assert.Contains("role admin", (await ProblemAsync(define, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        await ProblemAsync(await writer.PostAsync("/api/models/retrain", null), HttpStatusCode.Forbidden);
        await ProblemAsync(await writer.GetAsync("/api/audit"), HttpStatusCode.Forbidden);
        await ProblemAsync(await writer.PostAsJsonAsync("/api/keys", new { name = "mine", role = "admin" }), HttpStatusCode.Forbidden);

        Assert.Empty((await _cluster.GetAsync<SeriesDto>($"/api/series/60/{code}")).Observations);
        Assert.Equal(Direction.HigherIsBetter, (await _cluster.GetAsync<IndicatorDto>($"/api/indicators/{code}")).Direction);
        Assert.DoesNotContain((await _cluster.GetAsync<List<KeyDto>>("/api/keys")), k => k.Name == "mine");
    }

    [Fact]
    public async Task A_writer_key_loads_figures_and_a_revoked_one_is_refused()
    {
        var code = await DefineIndicatorAsync();
        var created = await Admin.PostAsJsonAsync("/api/keys", new { name = "Sở TT&TT Bình Thuận", role = "writer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<CreatedKeyDto>(EmbeddedCluster.Json))!;
        using var sender = _cluster.Client(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsync("/api/observations?lang=en", Csv($"60,{code},2019,,actual,40,%,a.txt,40"))).StatusCode);

        var revoke = await Admin.DeleteAsync($"/api/keys/{key.Id}");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var refused = await sender.PostAsync("/api/observations?lang=en", Csv($"60,{code},2019,,actual,41,%,b.txt,41"));

        Assert.Contains("revoked", (await ProblemAsync(refused, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString());
        var figure = (await _cluster.GetAsync<SeriesDto>($"/api/series/60/{code}")).Observations.Single();
        Assert.Equal(40, figure.Value);
        Assert.NotNull((await _cluster.GetAsync<List<KeyDto>>("/api/keys")).Single(k => k.Id == key.Id).RevokedAt);
    }

    [Fact]
    public async Task A_key_is_shown_once_and_stored_only_as_its_SHA256()
    {
        var created = (await (await Admin.PostAsJsonAsync("/api/keys", new { name = "stored hashed", role = "reader" }))
            .Content.ReadFromJsonAsync<CreatedKeyDto>(EmbeddedCluster.Json))!;
        var secret = created.Key[(created.Key.IndexOf('.') + 1)..];
        Assert.StartsWith(created.Id + ".", created.Key);
        Assert.True(secret.Length >= 43, "32 random bytes");

        var listed = await _cluster.GetTextAsync("/api/keys");
        Assert.Contains(created.Id, listed);
        Assert.DoesNotContain(secret, listed);

        // The registry's stored state: the hash is there, the secret is not, in any form.
        var stored = await StoredStateAsync("keys");
        Assert.True(stored.Length > 100, "the registry holds four keys");
        Assert.True(Contains(stored, SHA256.HashData(Encoding.UTF8.GetBytes(secret))), "the SHA-256 of the secret is stored");
        Assert.False(Contains(stored, Encoding.UTF8.GetBytes(secret)), "the secret itself is not stored");
        Assert.False(Contains(stored, Encoding.UTF8.GetBytes(created.Key)), "the key itself is not stored");
    }

    private async Task<byte[]> StoredStateAsync(string grainType)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_cluster.DataDir, "analytics.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = $type";
        command.Parameters.AddWithValue("$type", grainType);
        return (byte[])(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no stored state of grain type {grainType}"));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task Bootstrapping_again_is_refused_once_an_admin_key_exists()
    {
        var token = await File.ReadAllTextAsync(Path.Combine(_cluster.DataDir, "bootstrap-token"));
        using var anonymous = _cluster.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys/bootstrap") { Content = JsonContent.Create(new { name = "second admin" }) };
        request.Headers.Add("X-Bootstrap-Token", token.Trim());

        var response = await anonymous.SendAsync(request);

        // In the reader's language: Vietnamese unless the client asks for English.
        Assert.Contains("Đã có khóa quản trị", (await ProblemAsync(response, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_key_scheme_and_what_each_operation_needs()
    {
        using var document = JsonDocument.Parse(await _cluster.GetTextAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        var ingest = root.GetProperty("paths").GetProperty("/api/observations").GetProperty("post");
        Assert.True(ingest.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        Assert.Contains("`writer`", ingest.GetProperty("description").GetString());
        Assert.Contains("`admin`", root.GetProperty("paths").GetProperty("/api/indicators").GetProperty("post").GetProperty("description").GetString());
        Assert.True(root.GetProperty("paths").GetProperty("/api/audit").GetProperty("get").TryGetProperty("security", out _));
        // Reading is open on a loopback-only API: no requirement is declared for it.
        Assert.False(root.GetProperty("paths").GetProperty("/api/rankings/{indicator}").GetProperty("get").TryGetProperty("security", out _));
    }

    // ---- the audit trail ----

    [Fact]
    public async Task A_batch_is_audited_with_who_where_its_hash_and_counts_and_its_revision_links_to_the_entry()
    {
        var code = await DefineIndicatorAsync();
        using var writer = _cluster.Client(_cluster.Keys.Writer);
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("/api/observations?lang=en", Csv($"60,{code},2019,,actual,59,%,report.txt,59"))).StatusCode);
        var body = "province,indicator,year,quarter,kind,value,unit,source,quote\n" +
                   $"60,{code},2019,,actual,61,%,corrected.txt,61\n60,{code},2020,,actual,62,%,corrected.txt,62\n";

        var response = await writer.PostAsync("/api/observations?lang=en", new StringContent(body, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entries = await AuditAsync($"indicator={code}");
        Assert.Equal(["indicators-defined", "batch-accepted", "batch-accepted"], entries.Select(e => e.Action));
        var entry = entries[^1];
        Assert.Equal("test writer", entry.KeyName);
        Assert.Equal("writer", entry.Role);
        Assert.Equal("127.0.0.1", entry.RemoteAddress);
        Assert.Equal(Sha256(body), entry.ContentHash);
        Assert.Equal(new AuditCountsDto(2, 1, 0, 1, 0), entry.Counts);
        Assert.Equal([code], entry.Indicators);
        Assert.Equal(["60"], entry.Provinces);
        Assert.True(entry.At > DateTimeOffset.UtcNow.AddMinutes(-5));

        var figure = (await _cluster.GetAsync<SeriesDto>($"/api/series/60/{code}")).Observations.Single(o => o.Year == 2019);
        Assert.Equal(entry.Id, figure.AuditId);
        var revision = Assert.Single(figure.Revisions);
        Assert.Equal(59, revision.Value);
        Assert.Equal(entries[1].Id, revision.AuditId);
        Assert.Equal(entry.Id, revision.ReplacedByAuditId);
    }

    [Fact]
    public async Task A_rejected_batch_is_audited_with_its_hash_and_problems()
    {
        var code = await DefineIndicatorAsync();
        using var writer = _cluster.Client(_cluster.Keys.Writer);
        var body = "province,indicator,year,quarter,kind,value,unit,source,quote\n" +
                   $"60,{code},2019,,actual,140,%,bad.txt,140\n";

        Assert.Equal(HttpStatusCode.BadRequest, (await writer.PostAsync("/api/observations?lang=en", new StringContent(body, Encoding.UTF8, "text/csv"))).StatusCode);

        var entry = (await AuditAsync($"indicator={code}")).Single(e => e.Action == "batch-rejected");
        Assert.Equal("test writer", entry.KeyName);
        Assert.Equal(Sha256(body), entry.ContentHash);
        Assert.Equal(new AuditCountsDto(1, 0, 0, 0, 1), entry.Counts);
        Assert.Contains("outside 0..100", entry.Detail);
    }

    [Fact]
    public async Task The_audit_filters_by_key_province_and_time_and_pages()
    {
        var code = await DefineIndicatorAsync();
        using var writer = _cluster.Client(_cluster.Keys.Writer);
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        foreach (var (province, year) in new[] { ("60", 2019), ("70", 2019), ("60", 2020) })
            Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("/api/observations?lang=en", Csv($"{province},{code},{year},,actual,50,%,a.txt,50"))).StatusCode);

        var byProvince = await AuditAsync($"indicator={code}&province=70");
        Assert.Equal(["70"], Assert.Single(byProvince).Provinces);
        var byKey = await AuditAsync($"indicator={code}&key={Uri.EscapeDataString("test writer")}");
        Assert.Equal(3, byKey.Count);
        Assert.Empty(await AuditAsync($"indicator={code}&key=test%20reader"));
        Assert.Empty(await AuditAsync($"indicator={code}&to={Uri.EscapeDataString(start.ToString("o"))}"));

        var first = await _cluster.GetAsync<AuditPageDto>($"/api/audit?indicator={code}&limit=2");
        Assert.Equal(2, first.Entries.Count);
        var second = await _cluster.GetAsync<AuditPageDto>($"/api/audit?indicator={code}&limit=2&after={first.Next}");
        Assert.Equal(2, second.Entries.Count); // 1 definition + 3 batches
        Assert.Empty(first.Entries.Select(e => e.Id).Intersect(second.Entries.Select(e => e.Id)));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Nothing_in_the_audit_can_be_changed_through_the_API(string method)
    {
        var code = await DefineIndicatorAsync();
        var entry = Assert.Single(await AuditAsync($"indicator={code}"));
        var forged = JsonContent.Create(new { action = "batch-accepted", keyName = "someone else" });

        foreach (var path in new[] { "/api/audit", $"/api/audit/{entry.Id}" })
        {
            var response = await Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = forged });
            Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
        Assert.Equal(entry, Assert.Single(await AuditAsync($"indicator={code}")), AuditComparer.Instance);
    }

    private sealed class AuditComparer : IEqualityComparer<AuditEntryDto>
    {
        public static readonly AuditComparer Instance = new();

        public bool Equals(AuditEntryDto? a, AuditEntryDto? b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

        public int GetHashCode(AuditEntryDto e) => e.Id.GetHashCode();
    }

    // ---- definitions change safely ----

    [Fact]
    public async Task A_definition_change_is_audited_with_the_previous_definition_and_kept_in_the_history()
    {
        var code = await DefineIndicatorAsync();
        var renamed = new IndicatorDto(code, "Chỉ tiêu thử", "Renamed rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Mean, "tests");

        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsJsonAsync("/api/indicators?lang=en", new[] { renamed }, EmbeddedCluster.Json)).StatusCode);

        var entry = (await AuditAsync($"indicator={code}")).Last();
        Assert.Equal("indicators-defined", entry.Action);
        Assert.Equal("test admin", entry.KeyName);
        var change = Assert.Single(entry.Definitions);
        Assert.Equal("Test rate", change.Previous!.NameEn);
        Assert.Equal(renamed, change.Next);
        Assert.False(entry.Forced);
        var history = Assert.Single(await _cluster.GetAsync<List<DefinitionVersionDto>>($"/api/indicators/{code}/history"));
        Assert.Equal("Test rate", history.Definition.NameEn);
        Assert.Equal(entry.Id, history.ReplacedByAuditId);
    }

    [Fact]
    public async Task A_direction_flip_is_409_and_changes_nothing_unless_forced_then_it_is_audited_with_the_previous_direction()
    {
        var code = await DefineIndicatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync("/api/observations?lang=en", Csv($"60,{code},2019,,actual,40,%,a.txt,40", $"70,{code},2019,,actual,60,%,a.txt,60"))).StatusCode);
        var flipped = new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", Direction.LowerIsBetter, 0, 100, Aggregation.Mean, "tests") };
        var leaderBefore = (await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2019")).Rows[0].Province;

        var refused = await Admin.PostAsJsonAsync("/api/indicators?lang=en", flipped, EmbeddedCluster.Json);

        var detail = (await ProblemAsync(refused, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!;
        Assert.Contains("direction higher-is-better → lower-is-better", detail);
        Assert.Contains("force=true", detail);
        Assert.Equal(Direction.HigherIsBetter, (await _cluster.GetAsync<IndicatorDto>($"/api/indicators/{code}")).Direction);
        Assert.Equal(leaderBefore, (await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2019")).Rows[0].Province);
        Assert.Empty(await _cluster.GetAsync<List<DefinitionVersionDto>>($"/api/indicators/{code}/history"));
        Assert.Equal("indicators-refused", (await AuditAsync($"indicator={code}")).Last().Action);

        var forced = await Admin.PostAsJsonAsync("/api/indicators?force=true", flipped, EmbeddedCluster.Json);

        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal("60", (await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2019")).Rows[0].Province);
        var entry = (await AuditAsync($"indicator={code}")).Last();
        Assert.Equal("indicators-defined", entry.Action);
        Assert.True(entry.Forced);
        var change = Assert.Single(entry.Definitions);
        Assert.Equal(Direction.HigherIsBetter, change.Previous!.Direction);
        Assert.Equal(Direction.LowerIsBetter, change.Next.Direction);
        Assert.Contains(change.Guarded, g => g.StartsWith("direction"));
    }

    [Fact]
    public async Task Bounds_that_stored_figures_break_and_a_new_aggregation_are_409_naming_the_figures()
    {
        var code = await DefineIndicatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync("/api/observations?lang=en", Csv($"60,{code},2019,,actual,59,%,a.txt,59", $"60,{code},2020,2,actual,70,%,a.txt,70"))).StatusCode);

        var narrowed = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", Direction.HigherIsBetter, 0, 50, Aggregation.Mean, "tests") }, EmbeddedCluster.Json);
        var detail = (await ProblemAsync(narrowed, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!;
        Assert.Contains("2 stored figure(s) lie outside", detail);
        Assert.Contains("60 2019 actual = 59", detail);
        Assert.Contains("60 2020 Q2 actual = 70", detail);

        var summed = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", Direction.HigherIsBetter, 0, 100, Aggregation.Sum, "tests") }, EmbeddedCluster.Json);
        Assert.Contains("aggregation mean → sum", (await ProblemAsync(summed, HttpStatusCode.Conflict)).GetProperty("detail").GetString());

        // Narrower bounds that every stored figure keeps are safe.
        var safe = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Chỉ tiêu thử", "Test rate", "%", Direction.HigherIsBetter, 0, 80, Aggregation.Mean, "tests") }, EmbeddedCluster.Json);
        Assert.Equal(HttpStatusCode.OK, safe.StatusCode);
        var definition = await _cluster.GetAsync<IndicatorDto>($"/api/indicators/{code}");
        Assert.Equal((80.0, Aggregation.Mean), (definition.Max!.Value, definition.Aggregation));
    }

    [Fact]
    public async Task An_update_that_omits_fields_is_400_naming_each_and_changes_nothing()
    {
        var code = await DefineIndicatorAsync(Direction.LowerIsBetter);
        var partial = $$"""[{"code":"{{code}}","nameVi":"Chỉ tiêu thử","nameEn":"Test rate","unit":"%","min":0,"max":100,"source":null}]""";

        var response = await Admin.PostAsync("/api/indicators?lang=en", new StringContent(partial, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var named = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["direction", "aggregation"], named);
        Assert.Contains("direction is missing", problem.GetProperty("errors")[0].GetProperty("reason").GetString());
        var definition = await _cluster.GetAsync<IndicatorDto>($"/api/indicators/{code}");
        Assert.Equal((Direction.LowerIsBetter, Aggregation.Mean), (definition.Direction, definition.Aggregation));
    }
}

/// <summary>With <c>Analytics:RequireKeyForReading</c>, reading (metrics, OpenAPI and cluster view included) needs a key of any role.</summary>
public sealed class KeyForReadingTests
{
    [Fact]
    public async Task Every_read_needs_a_key_and_any_role_will_do()
    {
        using var dir = new TempDirectory();
        await using var cluster = new EmbeddedCluster(dir.Path, bundle: "catalog", settings: new Dictionary<string, string?> { ["Analytics:RequireKeyForReading"] = "true" });
        await cluster.StartAsync();
        using var anonymous = cluster.Client(null);
        using var reader = cluster.Client(cluster.Keys.Reader);

        foreach (var path in new[] { "/api/indicators", "/api/rankings/internet-users-rate", "/metrics", "/openapi/v1.json", "/api/cluster" })
        {
            var refused = await anonymous.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)refused.StatusCode}");
            Assert.Contains("vai trò bất kỳ", await refused.Content.ReadAsStringAsync()); // Vietnamese unless English is asked for
            var allowed = await reader.GetAsync(path);
            Assert.True(allowed.IsSuccessStatusCode, $"{path} with a reader key: {(int)allowed.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        using var document = JsonDocument.Parse(await reader.GetStringAsync("/openapi/v1.json"));
        Assert.True(document.RootElement.GetProperty("paths").GetProperty("/api/indicators").GetProperty("get").TryGetProperty("security", out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://localhost:5080", false)]
    [InlineData("http://[::1]:5080", false)]
    [InlineData("http://0.0.0.0:5080", true)]
    [InlineData("http://*:5080", true)]
    [InlineData("http://10.0.0.5:5080", true)]
    public void Reading_needs_a_key_by_default_when_the_API_listens_beyond_loopback(string url, bool required) =>
        Assert.Equal(required, Analytics.Api.Security.AccessPolicies.RequireKeyForReading(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), [url]));
}
