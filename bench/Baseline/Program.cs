using Analytics.Baseline;

// Usage: BASELINE_PG='Host=…' [BASELINE_PORT=5090] [BASELINE_DATA=data] dotnet Analytics.Baseline.dll
// Applies its schema, loads data/provinces.csv and data/indicators.csv, then serves /api on 127.0.0.1.
var app = await BaselineApp.CreateAsync(BaselineSettings.FromEnvironment(), args);
await app.RunAsync();
