using System.Net;
using System.Net.Http.Json;
using Analytics.Cli.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>
/// One series the cluster refuses must not stop an import: an import once stopped at the first 413 for a full series,
/// and every retry stopped there too, so the rest of the file could never be sent. Now the refused series is reported
/// and left out, and every other figure lands.
/// </summary>
public sealed class RefusedSeriesImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly InputFiles _files = new();

    public void Dispose()
    {
        _files.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_import_reports_a_series_the_cluster_refuses_and_sends_every_other_figure()
    {
        await using var cluster = new EmbeddedCluster(_dir.Path, bundle: "catalog");
        await cluster.StartAsync();
        const string code = "cli-refused-series-rate";
        var defined = await cluster.Http.PostAsJsonAsync("/api/indicators", new[]
        {
            new { code, nameVi = "Chỉ tiêu thử", nameEn = "CLI refused series", unit = "%", direction = "higher-is-better", min = 0, max = 100, aggregation = "mean", source = "cli-tests" },
        });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());

        // Every plan, target and baseline of every year and quarter of 01, each with a longest quote: more than a
        // series holds, even with no revision to compact. The other provinces' figures are ordinary.
        var quote = new string('ệ', 2_000);
        var flood = (from y in Enumerable.Range(1990, 111) from q in new[] { "", "1", "2", "3", "4" } from k in new[] { "plan", "target", "baseline" }
                     select $"01,{code},{y},{q},{k},50,%,report.txt,{quote}").ToArray();
        string[] others = ["22", "26", "31", "48", "56", "60", "70", "79", "92"];
        var ordinary = (from p in others from y in Enumerable.Range(2010, 10) select $"{p},{code},{y},,actual,{y - 1990},%,report.txt,q").ToArray();
        var file = _files.Csv("mixed.csv", [.. ordinary.Take(45), .. flood, .. ordinary.Skip(45)]);

        var result = await CliRun.RunAsync(cluster.Http.BaseAddress, ["import", "--file", file, "--batch-size", "100000"], key: cluster.Keys.Admin);

        Assert.True(result.ExitCode == ExitCodes.DataErrors, result.ToString());
        Assert.Contains($"series 01/{code} refused", result.Error);
        Assert.Contains("every other figure was imported", result.Error);
        foreach (var province in others)
        {
            var response = await cluster.Http.GetAsync($"/api/series/{province}/{code}?geography=vn-63");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var series = await response.Content.ReadFromJsonAsync<SeriesBody>();
            Assert.Equal(10, series!.Observations.Count);
        }
    }

    private sealed record SeriesBody(List<PointBody> Observations);

    private sealed record PointBody(int Year);
}
