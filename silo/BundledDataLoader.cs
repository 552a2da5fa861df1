using System.Diagnostics;
using Analytics.Catalog;
using Analytics.Domain;
using Analytics.Formats;
using Analytics.Hosting;
using Analytics.Ingest;
using Analytics.Indicators;

namespace Analytics.Silo;

/// <summary>
/// Loads the bundled data when the silo starts, through the same validation and ingest path as the API.
/// Skipped when the catalog already records this exact bundle; otherwise idempotent, so several silos starting
/// together, or a silo killed half way, only ever cost repeated work, never duplicated or lost figures.
/// A bundle that fails validation stops the silo: shipping data the API would reject is a bug to see at once.
/// </summary>
public sealed class BundledDataLoader(
    BundledData bundle, IGrainFactory grains, ObservationIngestor ingestor, Storage.StorageSetup storage, ClusterSettings settings,
    AnalyticsMetrics metrics, ILogger<BundledDataLoader> log) : IStartupTask
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
            catch (Exception ex) when (attempt < MaxAttempts && ex is OrleansException or TimeoutException
                                       && !ex.ToString().Contains(Storage.DamagedStateStorage.Setting, StringComparison.Ordinal))
            {
                // Silos starting together can briefly hold two activations of one grain while the directory forms; the
                // second one's write fails with a version conflict (InconsistentStateException) and Orleans deactivates
                // it. Every step below is idempotent, so loading again is safe, and it must not stop this silo. A damaged
                // row is not transient: that stops the silo at once, with the message that names it.
                log.LogWarning(ex, "Loading the bundled data failed (attempt {Attempt} of {Max}); trying again", attempt, MaxAttempts);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A catalog loaded into a cluster that already holds data (a catalog rebuilt after its row was damaged, see
    /// DamagedStateStorage) also lists the indicators found in storage that no bundled file defines: each with the
    /// definition its own indicator grain keeps, or, without one, as a placeholder named by its code for an admin to
    /// define again. Their figures stay as stored.
    /// </summary>
    private async Task DefineIndicatorsFoundInStorageAsync(ICatalogGrain catalog, IndicatorCatalog bundled, CancellationToken cancellationToken)
    {
        var known = (await catalog.GetAsync()).Indicators.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var missing = (await storage.StoredKeysAsync("indicator", settings.ServiceId, cancellationToken))
            .Where(c => !known.Contains(c) && !bundled.TryGet(c, out _)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        var definitions = new List<IndicatorDefinition>();
        foreach (var code in missing)
            definitions.Add(await grains.GetGrain<IIndicatorGrain>(code).GetDefinitionAsync()
                ?? new IndicatorDefinition(code, code, code, "", Direction.HigherIsBetter, null, null, Aggregation.None,
                    "placeholder: found in storage when the catalog was rebuilt; define it again"));
        await catalog.UpsertIndicatorsAsync(definitions);
        log.LogWarning("The catalog was rebuilt: {Count} indicator(s) found in storage and in no bundled file were listed again: {Codes}",
            missing.Count, string.Join(", ", missing.Take(10)));
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
        var layout = bundle.Layout;
        var gazetteer = layout.LoadGazetteer();
        var indicators = layout.LoadIndicators();
        var sources = new List<IObservationSource>();
        if (bundle.Scope is BundleScope.All or BundleScope.Seeds)
        {
            sources.AddRange(layout.SeedFiles.Select(f => ObservationSources.CsvFile(f, Path.GetFileName(f))));
            sources.AddRange(layout.IctObservationFiles.Select(f => ObservationSources.CsvFile(f, "ict/" + Path.GetFileName(f))));
            sources.AddRange(layout.Units34ObservationFiles.Select(f => ObservationSources.CsvFile(f, "units34/" + Path.GetFileName(f))));
        }
        if (bundle.Scope == BundleScope.All && Directory.Exists(layout.GsoDirectory))
            sources.AddRange(ObservationSources.Gso(layout.GsoDirectory, gazetteer));
        var inputs = sources.Select(s => s.Read()).ToList();
        foreach (var input in inputs)
        {
            foreach (var name in input.UnresolvedProvinces) log.LogWarning("{Table}: no province matches '{Name}'", input.Name, name);
            indicators.AddRange(input.Indicators);
        }

        await catalog.UpsertUnitsAsync(gazetteer.All);
        await catalog.UpsertIndicatorsAsync(indicators.All);
        await DefineIndicatorsFoundInStorageAsync(catalog, indicators, cancellationToken);

        var total = new UpsertCounts();
        foreach (var input in inputs)
        {
            var batch = ObservationValidator.Validate(input.Rows, gazetteer, indicators);
            if (!batch.IsValid)
                throw new InvalidDataException($"Bundled file {input.Name} has {batch.Errors.Count} bad row(s), first: {batch.Errors[0]}");
            foreach (var chunk in batch.Observations.Chunk(ChunkSize))
            {
                var counts = await ingestor.ApplyAsync(chunk, auditId: null, cancellationToken);
                metrics.RecordApplied(counts);
                total += counts;
            }
        }

        await catalog.SetBundleStampAsync(stamp);
        log.LogInformation(
            "Loaded bundled data {Stamp} ({Scope}): {Units} units of both geographies, {Indicators} indicators, {Files} files, {Inserted} inserted, {Unchanged} unchanged, {Revised} revised in {Seconds:F1}s",
            stamp, bundle.Scope, gazetteer.All.Count, indicators.Count, inputs.Count, total.Inserted, total.Unchanged, total.Revised, clock.Elapsed.TotalSeconds);
    }
}
