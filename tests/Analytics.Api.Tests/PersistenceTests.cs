using Analytics.Contracts;
using Analytics.Tests.Support;
using System.Net.Http.Json;

namespace Analytics.Api.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Stopping_and_starting_the_cluster_on_the_same_SQLite_file_keeps_every_observation()
    {
        using var dir = new TempDirectory();
        var rows = Enumerable.Range(0, 200).Select(i => new
        {
            // Hà Nội and Cao Bằng were not merged in 2025: one territory, one series, from 1990 to 2089. Plans, since
            // an estimate may not lie in the future.
            province = i % 2 == 0 ? "01" : "04",
            indicator = "internet-users-rate",
            year = 1990 + i / 2 % 100,
            kind = "plan",
            value = i % 97,
            source = "persistence-test",
        }).ToArray();

        string before;
        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "catalog"))
        {
            await cluster.StartAsync();
            (await cluster.Http.PostAsJsonAsync("/api/observations", rows)).EnsureSuccessStatusCode();
            (await cluster.Http.PostAsJsonAsync("/api/observations", new[] { new { province = "01", indicator = "internet-users-rate", year = 1990, kind = "plan", value = 50.5 } })).EnsureSuccessStatusCode();
            before = await ReadAllAsync(cluster);
        }

        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "catalog"))
        {
            await cluster.StartAsync();
            var after = await ReadAllAsync(cluster);

            Assert.Equal(before, after);
            var series = await cluster.GetAsync<SeriesDto>("/api/series/01/internet-users-rate");
            Assert.Equal(100, series.Observations.Count);
            Assert.Single(series.Observations.Single(o => o.Year == 1990).Revisions);
        }
    }

    private static async Task<string> ReadAllAsync(EmbeddedCluster cluster) =>
        await cluster.GetTextAsync("/api/series/01/internet-users-rate")
        + await cluster.GetTextAsync("/api/series/04/internet-users-rate")
        + await cluster.GetTextAsync("/api/rankings/internet-users-rate?year=1995&kind=plan")
        + await cluster.GetTextAsync("/api/rankings/internet-users-rate?year=2060&kind=plan")
        + await cluster.GetTextAsync("/api/provinces/01?geography=vn-34");
}
