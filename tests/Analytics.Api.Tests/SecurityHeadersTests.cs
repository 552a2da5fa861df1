using System.Net;
using System.Security.Claims;
using Analytics.Api;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Analytics.Api.Tests;

/// <summary>The headers every answer carries, and the rate limiter's partitions, without a cluster.</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_get_a_strict_content_security_policy_other_answers_only_nosniff_and_a_page_s_own_policy_is_kept()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.UseSecurityHeaders();
        app.MapGet("/page", () => TypedResults.Content("<html><body>hi</body></html>", "text/html; charset=utf-8"));
        app.MapGet("/own", (HttpContext http) =>
        {
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
            return TypedResults.Content("<html></html>", "text/html");
        });
        app.MapGet("/json", () => TypedResults.Ok(new { a = 1 }));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var page = await http.GetAsync("/page");
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);

        using var own = await http.GetAsync("/own");
        Assert.Equal("default-src 'none'", Assert.Single(own.Headers.GetValues("Content-Security-Policy")));

        using var json = await http.GetAsync("/json");
        Assert.Equal("nosniff", Assert.Single(json.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(json.Headers.Contains("Content-Security-Policy"));
        await app.StopAsync();
    }

    [Fact]
    public void Writes_are_counted_per_key_when_authenticated_else_per_address()
    {
        var anonymous = new DefaultHttpContext();
        anonymous.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        Assert.Equal("address:192.0.2.7", RequestRateLimit.PartitionOf(anonymous));

        var keyed = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "Sở TT&TT Bình Thuận")], "ApiKey")) };
        keyed.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        Assert.Equal("key:Sở TT&TT Bình Thuận", RequestRateLimit.PartitionOf(keyed));
    }
}
