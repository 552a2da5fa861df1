using System.Net;
using Analytics.Api;
using Analytics.Hosting;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Analytics.Api.Tests;

/// <summary>Every 503 the API sends carries Retry-After, whichever endpoint wrote it; other answers are left alone.</summary>
public sealed class RetryAfterTests
{
    [Fact]
    public async Task A_503_written_by_any_endpoint_gets_Retry_After_and_an_explicit_one_is_kept()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        var settings = new ClusterSettings();
        app.Use(next => ClusterUnavailableHandler.RetryAfterOnUnavailable(next, settings));
        app.MapGet("/problem", () => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "down"));
        app.MapGet("/explicit", (HttpContext http) => { http.Response.Headers.RetryAfter = "42"; return TypedResults.StatusCode(503); });
        app.MapGet("/ok", () => TypedResults.Ok("fine"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var problem = await http.GetAsync("/problem");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(ClusterUnavailableHandler.RetryAfterSeconds(settings)), problem.Headers.RetryAfter?.Delta);
        using var explicitOne = await http.GetAsync("/explicit");
        Assert.Equal(TimeSpan.FromSeconds(42), explicitOne.Headers.RetryAfter?.Delta);
        using var ok = await http.GetAsync("/ok");
        Assert.Null(ok.Headers.RetryAfter);
        await app.StopAsync();
    }
}
