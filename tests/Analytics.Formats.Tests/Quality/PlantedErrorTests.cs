using Analytics.Domain.Quality;
using Analytics.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Formats.Tests.Quality;

/// <summary>
/// The quality rules measured on the real GSO tables with errors planted at random (seeded) positions: at least 9 of
/// 10 planted errors flagged, at most 1 flag per 100 untouched figures. QUALITY_SEED picks another seed; the table is
/// what docs/quality.md shows.
/// </summary>
public sealed class PlantedErrorTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<QualityFigure>> GsoFigures = new(() =>
        [.. new GsoTableReader(RepoFiles.Provinces).ReadDirectory(RepoFiles.GsoDirectory).SelectMany(t => QualityFigure.Of(t.Observations))]);

    private static QualityCheck Check() =>
        new(new BundleLayout(Path.Combine(RepoFiles.Root, "data")).LoadRelations(), RepoFiles.Provinces);

    [Fact]
    public void Planted_errors_in_GSO_tables_are_flagged_and_untouched_figures_mostly_are_not()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("QUALITY_SEED"), out var s) ? s : 20261206;
        var planter = new PlantedErrors(GsoFigures.Value, seed, perKind: 20);
        var (figures, copySources) = planter.Plant();
        var flags = Check().Run(figures);
        var measurement = new PlantedMeasurement { Plants = planter.Plants, Flags = flags, CopySources = copySources, FigureCount = figures.Count };

        output.WriteLine($"seed {seed}");
        output.WriteLine(measurement.Table());
        foreach (var p in planter.Plants.Where(p => !measurement.Detected(p)))
            output.WriteLine($"missed: {p.Kind} {p.Province}/{p.Indicator} {p.Description}");

        Assert.True(measurement.DetectedCount * 10 >= planter.Plants.Count * 9,
            $"{measurement.DetectedCount} of {planter.Plants.Count} planted errors flagged");
        Assert.True(measurement.FalseAlarms * 100 <= measurement.UntouchedCount,
            $"{measurement.FalseAlarms} of {measurement.UntouchedCount} untouched figures flagged");
    }

    [Fact]
    public void The_untouched_GSO_tables_raise_few_flags()
    {
        var flags = Check().Run(GsoFigures.Value);
        foreach (var group in flags.GroupBy(f => f.Rule))
            output.WriteLine($"{group.Key.ToCode()}: {group.Count()} flags, {group.Count(f => f.Severity == QualitySeverity.Explained)} explained by a merger");
        using var _ = Analytics.Domain.Bilingual.Reading(english: true);
        foreach (var f in flags.Take(60))
            output.WriteLine($"{f.Figure} {f.Rule.ToCode()} z={f.Score:0.0}: {f.Reason.ForReader()}{(f.Explanation is { } e ? " — " + e.ForReader() : "")}");
        var alarms = flags.Where(f => f.Severity != QualitySeverity.Explained).Select(f => f.Figure).Distinct().Count();
        Assert.True(alarms * 100 <= GsoFigures.Value.Count, $"{alarms} of {GsoFigures.Value.Count} GSO figures flagged");
    }
}

/// <summary>What the rules say about everything bundled in data/ (seeds, ICT indices, GSO tables), for a steward to look at.</summary>
public sealed class BundledDataQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_bundled_figure_is_checked_and_each_rule_reports_its_count()
    {
        var layout = new BundleLayout(Path.Combine(RepoFiles.Root, "data"));
        var catalog = layout.LoadIndicators();
        var observations = new List<Analytics.Domain.Observation>();
        foreach (var file in layout.SeedFiles.Concat(layout.IctObservationFiles).Concat(layout.Units34ObservationFiles))
        {
            var batch = Analytics.Domain.ObservationValidator.Validate(ObservationCsv.ReadFile(file), RepoFiles.Provinces, catalog);
            observations.AddRange(batch.Observations);
        }
        var gso = new GsoTableReader(RepoFiles.Provinces).ReadDirectory(RepoFiles.GsoDirectory).SelectMany(t => t.Observations);
        var figures = QualityFigure.Of(observations.Concat(gso));
        var flags = new QualityCheck(layout.LoadRelations(), RepoFiles.Provinces).Run(figures);

        output.WriteLine($"{figures.Count} figures checked ({QualityFigure.Of(observations).Count} from seeds, ICT indices and the 34 units); {flags.Select(f => f.Figure).Distinct().Count()} flagged");
        foreach (var rule in QualityRules.All)
        {
            var fs = flags.Where(f => f.Rule == rule).ToList();
            output.WriteLine($"| {rule.ToCode()} | {fs.Count} | {fs.Count(f => f.Severity == QualitySeverity.Explained)} | {fs.Count(f => !f.Indicator.StartsWith("gso-", StringComparison.Ordinal))} |");
        }
        foreach (var f in flags.Where(f => !f.Indicator.StartsWith("gso-", StringComparison.Ordinal)))
            output.WriteLine($"{f.Figure} {f.Rule.ToCode()} z={f.Score:0.0}: {f.Reason.En}{(f.Explanation is { } e ? " — " + e.En : "")}");
        foreach (var f in flags.Where(f => f.Rule is QualityRule.UnitSlip or QualityRule.PartExceedsWhole or QualityRule.CopiedRow || f.Explanation is not null).Take(80))
            output.WriteLine($"{f.Figure} {f.Rule.ToCode()} z={f.Score:0.0}: {f.Reason.En}{(f.Explanation is { } e ? " — " + e.En : "")}");

        Assert.All(flags, f => Assert.Contains(figures, x => x.Ref == f.Figure));
        Assert.True(flags.Select(f => f.Figure).Distinct().Count() * 100 <= figures.Count, "more than 1 in 100 bundled figures flagged");
    }
}
