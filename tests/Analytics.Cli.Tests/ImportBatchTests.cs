using System.Net;
using Analytics.Cli.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>How import behaves when the cluster answers badly: retries, stops, and points back into the file.</summary>
public sealed class ImportBatchTests : IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string FileOfRows(int rows) => _files.Csv("rates.csv",
        [.. Enumerable.Range(0, rows).Select(i => $"60,internet-users-rate,{2000 + i},,actual,{i},%,r.txt,{i}")]);

    private static Task<CliResult> ImportAsync(StubApi stub, params string[] args) =>
        CliRun.RunAsync(StubApi.Address, ["import", .. args], () => stub);

    [Fact]
    public async Task A_503_is_retried_and_the_import_goes_on()
    {
        var stub = new StubApi().ThenAccept().Then(HttpStatusCode.ServiceUnavailable).ThenAccept();
        var file = FileOfRows(4);

        var result = await ImportAsync(stub, "--file", file, "--batch-size", "2");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(3, stub.PostedBatches.Count);
        Assert.Equal(stub.PostedBatches[1], stub.PostedBatches[2]); // the same batch again
        Assert.Contains("received 4, inserted 4", result.Out);
    }

    [Fact]
    public async Task A_batch_the_cluster_rejects_stops_the_import_and_its_rows_are_found_in_the_file()
    {
        // The second batch holds file lines 4 and 5; the API numbers them 2 and 3 (after the batch's header).
        var stub = new StubApi().ThenAccept().Then(HttpStatusCode.BadRequest, """
            {"title":"The batch was rejected; nothing was applied","status":400,
             "errors":[{"row":3,"field":"indicator","reason":"unknown indicator 'internet-users-rate'"}]}
            """);
        var file = FileOfRows(6);

        var result = await ImportAsync(stub, "--file", file, "--batch-size", "2");

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Equal(2, stub.PostedBatches.Count);
        Assert.Equal($"{file} line 5, indicator: unknown indicator 'internet-users-rate'", result.ErrorLines[0]);
        Assert.Contains("2 observations sent before were applied", result.Error);
    }

    [Fact]
    public async Task A_batch_too_large_for_the_API_is_split()
    {
        var stub = new StubApi().Then(HttpStatusCode.RequestEntityTooLarge).ThenAccept().ThenAccept();

        var result = await ImportAsync(stub, "--file", FileOfRows(4));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal([4, 2, 2], stub.PostedBatches.Select(b => b.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1));
    }

    [Fact]
    public async Task A_cluster_that_keeps_answering_503_is_unreachable()
    {
        var stub = new StubApi();
        for (var i = 0; i < 4; i++) stub.Then(HttpStatusCode.ServiceUnavailable, """{"title":"The cluster did not confirm the whole batch"}""");

        var result = await ImportAsync(stub, "--file", FileOfRows(2));

        Assert.Equal(ExitCodes.ClusterUnreachable, result.ExitCode);
        Assert.Equal(4, stub.PostedBatches.Count);
        Assert.Contains("503", result.Error);
        Assert.Contains("The cluster did not confirm the whole batch", result.Error);
    }
}
