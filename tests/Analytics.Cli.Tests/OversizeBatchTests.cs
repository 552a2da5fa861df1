using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Analytics.Cli.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>
/// <c>./analytics import</c> against a real API whose body limit is smaller than a batch: the API's 413 reaches the CLI,
/// which splits the batch until it fits. (The CLI asks with Expect: 100-continue, so the refusal comes before the body.)
/// </summary>
public sealed class OversizeBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly InputFiles _files = new();

    public void Dispose()
    {
        _files.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Batches_over_the_APIs_body_limit_are_split_until_they_fit_and_every_figure_lands()
    {
        const long limit = 256 * 1024;
        await using var cluster = new EmbeddedCluster(_dir.Path, bundle: "catalog", maxBodyBytes: limit);
        await cluster.StartAsync();
        const string code = "cli-oversize-rate";
        var defined = await cluster.Http.PostAsJsonAsync("/api/indicators", new[]
        {
            new { code, nameVi = "Chỉ tiêu thử", nameEn = "CLI oversize rate", unit = "%", direction = "higher-is-better", min = 0, max = 100, aggregation = "mean", source = "cli-tests" },
        });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());

        string[] provinces = ["01", "22", "26", "31", "48", "56", "60", "70", "79", "92"];
        var years = Enumerable.Range(2005, 20).ToArray(); // every one of these provinces existed through these years
        var quote = new string('q', 1_900);
        string[] kinds = ["actual", "estimate", "plan", "target", "baseline"];
        var rows = provinces.SelectMany(p => years.SelectMany(y => kinds.Select(k => $"{p},{code},{y},,{k},{y - 1980},%,report.txt,{quote}"))).ToArray();
        var file = _files.Csv("large.csv", rows);
        // About 2 MB sent as one batch: refused, then halved again and again until the halves fit.
        Assert.True(new FileInfo(file).Length > 6 * limit, "the file should need several splits");

        var result = await CliRun.RunAsync(cluster.Http.BaseAddress, ["import", "--file", file, "--batch-size", rows.Length.ToString()], key: cluster.Keys.Admin);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var count = rows.Length.ToString("N0", CultureInfo.InvariantCulture);
        Assert.True(result.Out.Contains($"received {count}, inserted {count}, unchanged 0, revised 0"), result.ToString());
        foreach (var province in provinces)
        {
            var response = await cluster.Http.GetAsync($"/api/series/{province}/{code}?geography=vn-63");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var series = await response.Content.ReadFromJsonAsync<SeriesBody>();
            Assert.Equal(years.SelectMany(y => kinds.Select(_ => y)), series!.Observations.Select(o => o.Year).Order());
        }
    }

    private sealed record SeriesBody(List<PointBody> Observations);

    private sealed record PointBody(int Year);
}
