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

    [Fact]
    public async Task A_quality_mark_survives_a_restart_of_the_cluster()
    {
        using var dir = new TempDirectory();
        const string code = "persisted-quality-test";
        var csv = "province,indicator,year,kind,value,unit,source,quote\n" + string.Concat(Enumerable.Range(2010, 10).Select(y =>
            $"01,{code},{y},actual,{(y == 2015 ? 125_000 : 100 + 5 * (y - 2010))},stations,s,q\n"));
        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "catalog"))
        {
            await cluster.StartAsync();
            (await cluster.Http.PostAsJsonAsync("/api/indicators",
                new[] { new IndicatorDto(code, "Số trạm thử", "Test stations", "stations", Analytics.Domain.Direction.HigherIsBetter, 0, null, Analytics.Domain.Aggregation.Sum, "tests") },
                EmbeddedCluster.Json)).EnsureSuccessStatusCode();
            (await cluster.Http.PostAsync("/api/observations", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
            (await cluster.Client(cluster.Keys.Writer).PostAsJsonAsync("/api/quality/marks",
                new { province = "01", indicator = code, year = 2015, state = "reviewed" })).EnsureSuccessStatusCode();
        }

        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "catalog"))
        {
            await cluster.StartAsync();
            var flags = await cluster.GetAsync<QualityPageDto>($"/api/quality?indicator={code}&year=2015");
            Assert.NotEmpty(flags.Items);
            Assert.All(flags.Items, i => Assert.Equal(("reviewed", "test writer"), (i.State, i.Mark!.By)));
        }
    }

    private static async Task<string> ReadAllAsync(EmbeddedCluster cluster) =>
        await cluster.GetTextAsync("/api/series/01/internet-users-rate")
        + await cluster.GetTextAsync("/api/series/04/internet-users-rate")
        + await cluster.GetTextAsync("/api/rankings/internet-users-rate?year=1995&kind=plan")
        + await cluster.GetTextAsync("/api/rankings/internet-users-rate?year=2060&kind=plan")
        + await cluster.GetTextAsync("/api/provinces/01?geography=vn-34");
}
