using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Quality;

namespace Analytics.Bench;

/// <summary>
/// What an upload's quality check costs in the API, in-process: the generated dataset's figures as GSO tables arrive,
/// cut into batches, each checked against the stored figures of its indicators as <c>QualityCheck.CheckStored</c> is
/// after an ingest. Prints time and allocation per batch for each of several rounds (time blurs on a shared machine;
/// allocation does not). Run each tree's build in turn to compare two trees.
/// </summary>
/// <remarks><c>… Analytics.Bench.dll quality-cost [--series 2000] [--batch 1000] [--batches 20] [--rounds 5]</c>.</remarks>
public static class QualityCostRun
{
    public static int Run(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var dataset = GeneratedDataset.Create(Int("--series", 2_000), 16, Path.Combine(SideBySideRun.FindRoot(), "data"));
        var rows = dataset.Rows("table").ToList();
        var stored = rows.Select(r => new QualityFigure(r.Province, r.Indicator, r.Year, r.Value)).ToList();
        var batches = rows.Chunk(Int("--batch", 1_000)).Take(Int("--batches", 20))
            .Select(b => (Indicators: b.Select(r => r.Indicator).ToHashSet(), Wanted: b.Select(r => new FigureRef(r.Province, r.Indicator, r.Year)).ToHashSet()))
            .ToList();
        var check = new QualityCheck();
        Console.WriteLine("| round | ms per batch | MB allocated per batch | flags per batch |");
        Console.WriteLine("|---:|---:|---:|---:|");
        for (var round = 1; round <= Int("--rounds", 5); round++)
        {
            var flags = 0;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            foreach (var (indicators, wanted) in batches)
                flags += check.CheckStored(stored.Where(f => indicators.Contains(f.Indicator)), wanted).Count;
            var ms = clock.Elapsed.TotalMilliseconds / batches.Count;
            var mb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(1 << 20) / batches.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {round} | {ms:F2} | {mb:F2} | {flags / (double)batches.Count:F1} |"));
        }
        return 0;
    }
}
