using Analytics.Api;

// The API process: an Orleans client behind ASP.NET Core. All wiring is in AnalyticsApi so tests host the same app.
var app = AnalyticsApi.Build(args);
await app.RunAsync();
