using System.Diagnostics;
using System.Globalization;
using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Hosting;
using Analytics.Ingest;

namespace Analytics.Silo;

/// <summary>
/// Loads the bundled data when the silo starts, through the same validation and ingest path as the API.
/// Skipped when the catalog already records this exact bundle; otherwise idempotent, so several silos starting
/// together, or a silo killed half way, only ever cost repeated work, never duplicated or lost figures.
/// A bundle that fails validation stops the silo: shipping data the API would reject is a bug to see at once.
/// </summary>
public sealed class BundledDataLoader(
    BundledData bundle, IGrainFactory grains, ObservationIngestor ingestor, ILogger<BundledDataLoader> log) : IStartupTask
{
    private const int ChunkSize = 5_000;
    private const int MaxAttempts = 5;

    public async Task Execute(CancellationToken cancellationToken)
    {
        if (bundle.Scope == BundleScope.None) return;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LoadAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is OrleansException or TimeoutException)
            {
                // Silos starting together can briefly hold two activations of one grain while the directory forms; the
                // second one's write fails with a version conflict (InconsistentStateException) and Orleans deactivates
                // it. Every step below is idempotent, so loading again is safe, and it must not stop this silo.
                log.LogWarning(ex, "Loading the bundled data failed (attempt {Attempt} of {Max}); trying again", attempt, MaxAttempts);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var stamp = bundle.Stamp();
        if ((await catalog.GetAsync()).BundleStamp == stamp)
        {
            log.LogInformation("Bundled data {Stamp} already loaded", stamp);
            return;
        }

        var clock = Stopwatch.StartNew();
        var provinces = ProvinceCsv.Load(bundle.ProvincesFile);
        var indicators = IndicatorCsv.Load(bundle.IndicatorsFile);
        var files = new List<(string Name, IReadOnlyList<ObservationInput> Rows)>();
        if (bundle.Scope is BundleScope.All or BundleScope.Seeds)
        {
            files.AddRange(bundle.SeedFiles.Select(f => (Path.GetFileName(f), ObservationCsv.ReadFile(f))));
        }
        if (bundle.Scope == BundleScope.All && Directory.Exists(bundle.GsoDirectory))
        {
            foreach (var table in new GsoTableReader(provinces).ReadDirectory(bundle.GsoDirectory))
            {
                foreach (var name in table.UnresolvedNames) log.LogWarning("{Table}: no province matches '{Name}'", table.SourceName, name);
                indicators.AddRange(table.Indicators);
                files.Add((table.SourceName, [.. table.Observations.Select(ToInput)]));
            }
        }

        await catalog.UpsertProvincesAsync(provinces.All);
        await catalog.UpsertIndicatorsAsync(indicators.All);

        var total = new UpsertCounts();
        foreach (var (name, rows) in files)
        {
            var batch = ObservationValidator.Validate(rows, provinces, indicators);
            if (!batch.IsValid)
                throw new InvalidDataException($"Bundled file {name} has {batch.Errors.Count} bad row(s), first: {batch.Errors[0]}");
            foreach (var chunk in batch.Observations.Chunk(ChunkSize))
            {
                var counts = await ingestor.ApplyAsync(chunk, cancellationToken);
                AnalyticsMetrics.RecordApplied(counts);
                total += counts;
            }
        }

        await catalog.SetBundleStampAsync(stamp);
        log.LogInformation(
            "Loaded bundled data {Stamp} ({Scope}): {Provinces} provinces, {Indicators} indicators, {Files} files, {Inserted} inserted, {Unchanged} unchanged, {Revised} revised in {Seconds:F1}s",
            stamp, bundle.Scope, provinces.All.Count, indicators.Count, files.Count, total.Inserted, total.Unchanged, total.Revised, clock.Elapsed.TotalSeconds);
    }

    // Typed observations go through the same validator as uploads, so the bundle obeys the API's rules.
    private static ObservationInput ToInput(Observation o, int index) => new(
        index + 1, o.Province, o.Indicator,
        o.Year.ToString(CultureInfo.InvariantCulture), o.Quarter?.ToString(CultureInfo.InvariantCulture), o.Kind.ToCode(),
        o.Value.ToString("R", CultureInfo.InvariantCulture), o.Unit, o.Source, o.Quote);
}
