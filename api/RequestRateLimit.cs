using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Analytics.Api;

/// <summary>
/// Every request is rate limited with ASP.NET Core's rate limiter: a token bucket per API key when the request is
/// authenticated (its name), otherwise per client address, so one client cannot crowd out the others. Changes (every
/// method but GET, HEAD and OPTIONS) and reads have buckets of their own. Over the limit: 429 with Retry-After and a
/// ProblemDetails. Settings: <c>Analytics:RateLimit:WriteBurst</c> (default 500 requests) and
/// <c>Analytics:RateLimit:WritesPerSecond</c> (default 50; the benchmark's ingest sends about 30 batches a second);
/// <c>Analytics:RateLimit:ReadBurst</c> (default 2,000) and <c>Analytics:RateLimit:ReadsPerSecond</c> (default 500,
/// several times what the benchmark's readers ask).
/// </summary>
public static class RequestRateLimit
{
    public const int DefaultBurst = 500;
    public const int DefaultPerSecond = 50;
    public const int DefaultReadBurst = 2_000;
    public const int DefaultReadsPerSecond = 500;

    public static IServiceCollection AddRequestRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var writes = Bucket(configuration, "Write", DefaultBurst, DefaultPerSecond);
        var reads = Bucket(configuration, "Read", DefaultReadBurst, DefaultReadsPerSecond);
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsWrite(context.Request.Method)
                    ? RateLimitPartition.GetTokenBucketLimiter("write|" + PartitionOf(context), _ => writes.Options)
                    : RateLimitPartition.GetTokenBucketLimiter("read|" + PartitionOf(context), _ => reads.Options));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                var (limit, what) = IsWrite(context.Request.Method) ? (writes, "changes") : (reads, "reads");
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : Math.Max(1, (int)Math.Ceiling(1 / limit.PerSecond));
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"More than {limit.Burst} {what} in a burst or {limit.PerSecond:0.###} a second from this {(IsKey(context) ? "key" : "address")}. Try again in {seconds} s.",
                    },
                });
            };
        });
    }

    private sealed record Limit(int Burst, double PerSecond, TokenBucketRateLimiterOptions Options);

    private static Limit Bucket(IConfiguration configuration, string kind, int defaultBurst, double defaultPerSecond)
    {
        var burst = Math.Max(1, configuration.GetValue<int?>($"Analytics:RateLimit:{kind}Burst") ?? defaultBurst);
        // A rate below one a second (tests use one an hour) is one token per 1/rate seconds.
        var perSecond = configuration.GetValue<double?>($"Analytics:RateLimit:{kind}sPerSecond") is { } r and > 0 ? r : defaultPerSecond;
        return new Limit(burst, perSecond, new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond >= 1 ? (int)perSecond : 1,
            ReplenishmentPeriod = perSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / perSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static bool IsWrite(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static bool IsKey(HttpContext context) => context.User.Identity is { IsAuthenticated: true, Name.Length: > 0 };

    /// <summary>The key's name when the request is authenticated, else the client's address.</summary>
    public static string PartitionOf(HttpContext context) =>
        IsKey(context) ? "key:" + context.User.Identity!.Name : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
