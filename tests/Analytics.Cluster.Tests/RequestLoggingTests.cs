using Analytics.Cluster.Tests.Support;

namespace Analytics.Cluster.Tests;

/// <summary>
/// The API reads its own appsettings.json wherever it is started from (run.sh starts it from the repository root):
/// there, request logging is at Warning, so a busy API does not write a line per request; a setting turns it back on.
/// </summary>
public sealed class RequestLoggingTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", true)]
    public async Task Requests_are_logged_only_when_configured(string? requestLogLevel, bool logged)
    {
        await using var product = new EmbeddedProduct("request-logging");
        // Everything else at Information: only api/appsettings.json keeps requests out of the log.
        var api = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" };
        if (requestLogLevel is not null) api["Logging__LogLevel__Microsoft.AspNetCore"] = requestLogLevel;
        await product.StartAsync(product.NewDataDirectory("data"), apiSettings: api);
        for (var n = 0; n < 5; n++) (await product.Http.GetAsync("/api/indicators")).EnsureSuccessStatusCode();
        await product.StopAsync();

        var log = await product.ReadLogAsync(product.Api!);
        Assert.Equal(logged, log.Contains("Request finished", StringComparison.Ordinal));
    }
}
