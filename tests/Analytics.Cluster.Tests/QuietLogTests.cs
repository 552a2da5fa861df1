using System.Net;
using Analytics.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cluster.Tests;

/// <summary>
/// The log of the real processes with their default settings: a first start once wrote 26,264 lines (four Polly lines
/// per grain activation) and a failure with a stack trace because no model could be trained yet; 2,000 requests with
/// a malformed year wrote 74,000 lines of stack traces; a clean restart warned of 657 "batches cut short".
/// </summary>
public sealed class QuietLogTests(ITestOutputHelper output)
{
    /// <summary>
    /// What a first start may write at most: a few dozen lines an operator reads (about 25 on an idle machine; on a
    /// busy one Orleans adds its warnings about a starved thread pool, five of each kind a minute).
    /// </summary>
    private const int FirstStartLines = 80;

    [Fact]
    public async Task A_first_start_writes_a_few_dozen_lines_bad_requests_write_none_and_a_clean_restart_warns_of_nothing()
    {
        await using var product = new EmbeddedProduct("quiet-log");
        var data = product.NewDataDirectory("data");
        await product.StartAsync(data, siloSettings: new Dictionary<string, string> { ["ANALYTICS_BUNDLE"] = "seeds" });

        var silo = await product.ReadLogAsync(product.Silo!);
        var api = await product.ReadLogAsync(product.Api!);
        var lines = Lines(silo) + Lines(api);
        output.WriteLine($"first start: {Lines(silo)} silo and {Lines(api)} API log lines");
        Assert.True(lines <= FirstStartLines, $"{lines} lines on a first start:\n{silo}\n{api}");
        Assert.DoesNotContain("Polly", silo + api, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", silo + api, StringComparison.Ordinal);

        // 2,000 malformed questions to a page and to the API: each a 400, and nothing in the log.
        var before = Lines(await product.ReadLogAsync(product.Api!));
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            using var response = await product.Http.GetAsync(n % 2 == 0 ? $"/rankings/internet-users-rate?year=x{n}" : $"/api/rankings/internet-users-rate?year=x{n}", ct);
            statuses.Add(response.StatusCode);
        });
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        var written = Lines(await product.ReadLogAsync(product.Api!)) - before;
        output.WriteLine($"2,000 malformed requests: {written} API log lines");
        Assert.True(written <= 10, $"{written} log lines for 2,000 malformed requests");

        await product.StopAsync();
        await product.StartAsync(data);
        var restart = await product.ReadLogAsync(product.Silo!);
        output.WriteLine($"clean restart: {Lines(restart)} silo log lines");
        Assert.DoesNotContain("cut short", restart, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", restart, StringComparison.Ordinal);
        await product.StopAsync();
    }

    private static int Lines(string log) => log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
