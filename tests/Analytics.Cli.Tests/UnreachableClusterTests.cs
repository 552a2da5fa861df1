using System.Net;
using System.Net.Sockets;
using Analytics.Cli.Tests.Support;

namespace Analytics.Cli.Tests;

public sealed class UnreachableClusterTests : IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task No_cluster_at_API_URL_exits_3_with_a_clear_message()
    {
        var file = _files.Csv("good.csv", "60,internet-users-rate,2019,,actual,59,%,r.txt,59");
        var api = new Uri($"http://127.0.0.1:{ClosedPort()}/");

        var result = await CliRun.RunAsync(api, ["import", "--file", file]);

        Assert.Equal(ExitCodes.ClusterUnreachable, result.ExitCode);
        Assert.StartsWith($"analytics import: cannot reach the cluster's API at {api}", result.Error);
        Assert.Contains("Is the cluster running (./run.sh)? Set API_URL", result.Error);
    }

    [Fact]
    public async Task A_URL_that_is_not_http_is_a_usage_error()
    {
        var file = _files.Csv("good.csv", "60,internet-users-rate,2019,,actual,59,%,r.txt,59");

        var result = await CliRun.RunAsync(null, ["import", "--file", file, "--api", "localhost:5080"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'localhost:5080' is not an http(s) URL", result.Error);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
