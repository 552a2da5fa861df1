using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Analytics.Api;

/// <summary>
/// Requests that change data (every method but GET, HEAD and OPTIONS) are rate limited with ASP.NET Core's rate
/// limiter: a token bucket per API key when the request is authenticated (its name), otherwise per client address,
/// so one client cannot crowd out the others. Over the limit: 429 with Retry-After and a ProblemDetails. Reads are
/// not limited. Settings: <c>Analytics:RateLimit:WriteBurst</c> (default 500 requests) and
/// <c>Analytics:RateLimit:WritesPerSecond</c> (default 50; the benchmark's ingest sends about 30 batches a second).
/// </summary>
public static class WriteRateLimit
{
    public const int DefaultBurst = 500;
    public const int DefaultPerSecond = 50;

    public static IServiceCollection AddWriteRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var burst = Math.Max(1, configuration.GetValue<int?>("Analytics:RateLimit:WriteBurst") ?? DefaultBurst);
        // A rate below one a second (tests use one an hour) is one token per 1/rate seconds.
        var perSecond = configuration.GetValue<double?>("Analytics:RateLimit:WritesPerSecond") is { } r and > 0 ? r : DefaultPerSecond;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond >= 1 ? (int)perSecond : 1,
            ReplenishmentPeriod = perSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / perSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsWrite(context.Request.Method)
                    ? RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => bucket)
                    : RateLimitPartition.GetNoLimiter("reads"));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : Math.Max(1, (int)Math.Ceiling(1 / perSecond));
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"More than {burst} changes in a burst or {perSecond:0.###} a second from this {(IsKey(context) ? "key" : "address")}. Try again in {seconds} s.",
                    },
                });
            };
        });
    }

    private static bool IsWrite(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static bool IsKey(HttpContext context) => context.User.Identity is { IsAuthenticated: true, Name.Length: > 0 };

    /// <summary>The key's name when the request is authenticated, else the client's address.</summary>
    public static string PartitionOf(HttpContext context) =>
        IsKey(context) ? "key:" + context.User.Identity!.Name : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
