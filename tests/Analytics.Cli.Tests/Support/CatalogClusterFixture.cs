using System.Net;
using System.Net.Http.Json;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests.Support;

/// <summary>
/// A real embedded cluster (silo on SQLite + API on loopback) holding only the catalog: provinces and the bundled
/// indicators, no figures. Shared by the import tests of a class; each test defines its own indicators.
/// </summary>
public sealed class CatalogClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public EmbeddedCluster Cluster { get; private set; } = null!;

    public Uri Api => Cluster.Http.BaseAddress!;

    public async Task InitializeAsync()
    {
        Cluster = new EmbeddedCluster(_dir.Path, bundle: "catalog");
        await Cluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A fresh rate indicator (0..100) that only the cluster knows, so tests never see each other's figures.</summary>
    public async Task<string> DefineRateAsync()
    {
        var code = "cli-test-" + Guid.NewGuid().ToString("n")[..10];
        var response = await Cluster.Http.PostAsJsonAsync("/api/indicators", new[]
        {
            new
            {
                code, nameVi = "Chỉ tiêu thử", nameEn = "CLI test rate", unit = "%", direction = "higher-is-better",
                min = 0, max = 100, aggregation = "mean", source = "cli-tests",
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>The series' figures as (year, kind, value), or null when the indicator does not exist.</summary>
    public async Task<List<(int Year, string Kind, double Value)>?> SeriesAsync(string province, string indicator)
    {
        var response = await Cluster.Http.GetAsync($"/api/series/{province}/{indicator}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var series = await response.Content.ReadFromJsonAsync<SeriesBody>();
        return [.. series!.Observations.Select(o => (o.Year, o.Kind, o.Value)).OrderBy(o => o.Year).ThenBy(o => o.Kind)];
    }

    private sealed record SeriesBody(List<PointBody> Observations);

    private sealed record PointBody(int Year, string Kind, double Value);
}
