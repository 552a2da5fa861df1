using Analytics.Bench;

// Usage: dotnet bench/bin/Release/net10.0/Analytics.Bench.dll [--mode embedded|postgres] [--silos N] [--quick]
//        dotnet bench/bin/Release/net10.0/Analytics.Bench.dll --reports [--bundle all|seeds] [--batch-formats xlsx,pdf]
// Starts the cluster as separate processes (silo(s) and API, as run.sh does), measures, prints a Markdown table.
return await BenchmarkRun.MainAsync(args);
