using System.Globalization;
using Analytics.Domain.Quality;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests.Quality;

/// <summary>
/// A batch is checked over only the stored figures its flags depend on (<see cref="QualityCheck.CheckStored"/>), and
/// is given exactly the flags a run over everything stored gives its figures: on the real GSO tables with errors
/// planted (so slips, breaks, copied rows and peer outliers are all there to find), for batches shaped as they arrive.
/// </summary>
public sealed class BatchScopeTests
{
    private static readonly Lazy<IReadOnlyList<QualityFigure>> Planted = new(() =>
    {
        var gso = new GsoTableReader(RepoFiles.Provinces).ReadDirectory(RepoFiles.GsoDirectory).SelectMany(t => QualityFigure.Of(t.Observations)).ToList();
        return new PlantedErrors(gso, 20261206, perKind: 20).Plant().Figures;
    });

    private static readonly Lazy<QualityCheck> Check = new(() =>
        new QualityCheck(new BundleLayout(Path.Combine(RepoFiles.Root, "data")).LoadRelations(), RepoFiles.Provinces));

    private static readonly Lazy<IReadOnlyList<QualityFlag>> Everything = new(() => Check.Value.Run(Planted.Value));

    public static TheoryData<string> Batches => ["every figure of 2005", "one province's row of every table", "one table", "every 40th figure", "the flagged figures"];

    [Theory]
    [MemberData(nameof(Batches))]
    public void A_batch_gets_the_flags_a_check_of_everything_stored_gives_its_figures(string shape)
    {
        var figures = Planted.Value;
        var firstTable = figures[0].Indicator;
        IReadOnlyCollection<FigureRef> batch = shape switch
        {
            "every figure of 2005" => [.. figures.Where(f => f.Year == 2005).Select(f => f.Ref)],
            "one province's row of every table" => [.. figures.Where(f => f.Province == "01").Select(f => f.Ref)],
            "one table" => [.. figures.Where(f => f.Indicator == firstTable).Select(f => f.Ref)],
            "every 40th figure" => [.. figures.Where((_, i) => i % 40 == 0).Select(f => f.Ref)],
            _ => [.. Everything.Value.Select(f => f.Figure).Distinct()],
        };
        var wanted = batch.ToHashSet();

        var expected = Lines(Everything.Value.Where(f => wanted.Contains(f.Figure)));
        var actual = Lines(Check.Value.CheckStored(figures, batch));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_flagged_figures_checked_as_a_batch_meet_every_kind_of_rule_the_planted_errors_raise()
    {
        var flagged = Everything.Value.Select(f => f.Figure).Distinct().ToList();
        var rules = Check.Value.CheckStored(Planted.Value, flagged).Select(f => f.Rule).ToHashSet();
        Assert.All(new[] { QualityRule.UnitSlip, QualityRule.CopiedRow, QualityRule.PeerOutlier, QualityRule.LevelShift, QualityRule.SeriesValue },
            rule => Assert.Contains(rule, rules));
    }

    /// <summary>Each figure's flags in the order they were raised, figures in a fixed order; every field a reader sees.</summary>
    private static List<string> Lines(IEnumerable<QualityFlag> flags) =>
    [
        .. flags.GroupBy(f => f.Figure).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .SelectMany(g => g.Select(f => string.Join(" | ", f.Figure, f.Rule.ToCode(), f.Value.ToString("R", CultureInfo.InvariantCulture),
                f.Score.ToString("R", CultureInfo.InvariantCulture), f.Threshold.ToString("R", CultureInfo.InvariantCulture),
                f.ExpectedLow?.ToString("R", CultureInfo.InvariantCulture), f.ExpectedHigh?.ToString("R", CultureInfo.InvariantCulture),
                f.Reason.Vi, f.Reason.En, f.Explanation?.En))),
    ];
}
