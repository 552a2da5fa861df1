namespace Analytics.Api;

/// <summary>
/// Headers every answer carries: <c>X-Content-Type-Options: nosniff</c> (a browser never guesses a type, so a CSV or
/// JSON answer with a client's text in it is never run as HTML or script), and on HTML pages a strict
/// Content-Security-Policy: only this origin's scripts, styles, images and forms; no plugins, no framing. A page that
/// sets its own policy keeps it.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(next => context =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && !headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = PagePolicy;
                headers["Referrer-Policy"] = "no-referrer";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
