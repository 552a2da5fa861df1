using Analytics.Api.Pages.Data;
using Analytics.Presentation.Maps;
using Microsoft.Extensions.FileProviders;

namespace Analytics.Api.Pages;

/// <summary>
/// The analyst pages: Razor components rendered on the server (static SSR, no interactive mode, no framework
/// script), their stylesheet and one small script, the table downloads, and the pages' security headers.
/// </summary>
public static class PagesSetup
{
    public static IServiceCollection AddAnalyticsPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        // Vietnamese text as characters, not numeric entities: a third of the page size on a ranking.
        services.AddWebEncoders(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<PageRefusal>();
        services.AddAntiforgery();
        services.AddSingleton(_ => new ChoroplethMap(Path.Combine(AppContext.BaseDirectory, "data", "maps")));
        services.AddScoped<PageQueries>();
        services.AddScoped<PageViews>();
        return services;
    }

    public static void MapAnalyticsPages(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                // nosniff and the pages' Content-Security-Policy come from SecurityHeaders, for every answer alike.
                // A page that refuses (unknown indicator, bad year) renders its own explanation with the API's status;
                // the API's problem+json body for empty error responses must not replace it.
                if (context.GetEndpoint() is not null && !context.Request.Path.StartsWithSegments("/export")
                    && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                    pages.Enabled = false;
            }
            await next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(PagesSetup).Assembly, "Analytics.Api.wwwroot"),
            RequestPath = "/assets",
        });
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        app.MapExports();
    }
}
