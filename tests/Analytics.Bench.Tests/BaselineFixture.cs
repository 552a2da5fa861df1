using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Analytics.Baseline;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Analytics.Bench.Tests;

/// <summary>The baseline API in this process on a free loopback port, over a fresh PostgreSQL database of its own.</summary>
public sealed class BaselineFixture : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public static readonly JsonSerializerOptions Json = Options();

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync("baseline_test");
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        _app = await BaselineApp.CreateAsync(new BaselineSettings(_database.ConnectionString, Repo.Data, url));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Defines an indicator (rate 0–100) for one test, so tests never share figures.</summary>
    public async Task DefineAsync(string code, string direction = "higher-is-better")
    {
        var response = await Http.PostAsJsonAsync("/api/indicators", new[]
        {
            new { code, nameVi = "Chỉ tiêu thử", nameEn = "Test rate", unit = "%", direction, min = 0, max = 100, aggregation = "mean", source = "test" },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<IngestResult> PostCsvAsync(string csv)
    {
        var response = await Http.PostAsync("/api/observations",
            new StringContent("province,indicator,year,quarter,kind,value,unit,source,quote\n" + csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IngestResult>(Json))!;
    }

    public async Task<RankingDto> RankAsync(string query) => (await Http.GetFromJsonAsync<RankingDto>($"/api/rankings/{query}", Json))!;

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        BaselineApp.ConfigureJson(options);
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class BaselineCollection : ICollectionFixture<BaselineFixture>
{
    public const string Name = "baseline";
}
