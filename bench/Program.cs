using Analytics.Bench;

// Usage: dotnet bench/bin/Release/net10.0/Analytics.Bench.dll [--mode embedded|postgres] [--silos N] [--quick]
//        dotnet bench/bin/Release/net10.0/Analytics.Bench.dll --reports [--bundle all|seeds] [--batch-formats xlsx,pdf]
// Starts the cluster as separate processes (silo(s) and API, as run.sh does), measures, prints a Markdown table.
//   … Analytics.Bench.dll side-by-side [--series 10000] [--quick] …   the product beside the PostgreSQL baseline
//   … Analytics.Bench.dll growth [--sizes 10000,30000,100000] [--quick]  how cost grows with the data
//   … Analytics.Bench.dll generate --series 100000 --out DIR            the generated 10× dataset as POST bodies
//   … Analytics.Bench.dll train --series 100000 [--threads 1] [--max-series M]   the forecasting model's retrain, in-process, phase by phase
//   … Analytics.Bench.dll steady [--minutes 30] [--rate 500] [--idle-minutes 4] [--retrain-at 15]   tails of every 5 s beside the product's own work
//   … Analytics.Bench.dll ingest-cost [--series 2000]   storage writes, grain calls, processor time and allocations per batch, API and silo
//   … Analytics.Bench.dll quality-cost [--series 2000]   an upload's quality check, in-process: time and allocation per batch
//   … Analytics.Bench.dll pages [--rates 100,500] [--seconds 10] [--warmup 3] [--search]   the analysts' pages beside their JSON
return args.FirstOrDefault() switch
{
    "side-by-side" => await SideBySideRun.MainAsync(args[1..]),
    "growth" => await GrowthRun.MainAsync(args[1..]),
    "generate" => GeneratedDataset.Write(args[1..]),
    "pages" => await PagesRun.MainAsync(args[1..]),
    "train" => TrainRun.Run(args[1..]),
    "steady" => await SteadyRun.MainAsync(args[1..]),
    "ingest-cost" => await IngestCostRun.MainAsync(args[1..]),
    "quality-cost" => QualityCostRun.Run(args[1..]),
    _ => await BenchmarkRun.MainAsync(args),
};
