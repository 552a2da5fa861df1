using Analytics.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Analytics.Api;

/// <summary>
/// Turns "the cluster could not answer" into 503 Service Unavailable with Retry-After, instead of a 500: for the
/// seconds between a silo's crash and its being declared dead, calls to grains that lived there fail (or, if
/// they were in flight, time out), and a retry after that answers. A request that changes data is safe to retry:
/// upserts are idempotent. Other exceptions are left to the default handler.
/// </summary>
public sealed class ClusterUnavailableHandler(IProblemDetailsService problems, ClusterSettings settings, ILogger<ClusterUnavailableHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested || !IsUnavailable(exception)) return false;
        log.LogWarning("{Method} {Path}: the cluster did not answer ({Error})", context.Request.Method, context.Request.Path, exception.Message);
        var retryAfter = RetryAfterSeconds(settings);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The cluster did not answer",
                Detail = $"A silo is unavailable, perhaps failing over. Try again in {retryAfter} s; sending the same request again is safe.",
            },
        });
    }

    /// <summary>How long a client should wait before asking again: a third of the time a crashed silo takes to be declared dead.</summary>
    public static int RetryAfterSeconds(ClusterSettings settings) =>
        Math.Max(1, (int)Math.Ceiling(settings.FailureDetection.DeclaredDeadWithin.TotalSeconds / 3));

    /// <summary>
    /// Middleware: every 503 the API sends carries Retry-After, whichever endpoint or handler wrote it, so a client
    /// never has to guess how long to back off.
    /// </summary>
    public static RequestDelegate RetryAfterOnUnavailable(RequestDelegate next, ClusterSettings settings) => context =>
    {
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && !context.Response.Headers.ContainsKey("Retry-After"))
                context.Response.Headers.RetryAfter = RetryAfterSeconds(settings).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next(context);
    };

    /// <summary>Messages that could not be delivered, placed or answered; a storage write that failed or lost an optimistic-concurrency race.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException => true,
        InconsistentStateException => true,
        // The database behind the grains' storage failed (a lost connection, no connection free); a retry is safe.
        System.Data.Common.DbException => true,
        Analytics.Forecasting.ModelNotReadyException => true,
        TimeoutException => true,
        // Orleans gives up on a message that waited too long for its grain to be placed (the request was not aborted).
        OperationCanceledException => true,
        AggregateException a => a.InnerExceptions.All(IsUnavailable),
        _ => false,
    };
}
