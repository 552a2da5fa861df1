namespace Analytics.Domain.Quality;

/// <summary>
/// The figures forecast training leaves out: every figure a rule flags, unless the flag is explained by a merger or a
/// steward confirmed the figure as it stands. A model learns from what it is given, so a slip it trains on bends the
/// forecasts of every series like it; a confirmed figure is real and stays in.
/// </summary>
public sealed class TrainingExclusions
{
    private TrainingExclusions(IReadOnlySet<FigureRef> figures, IReadOnlyList<(QualityRule Rule, int Figures)> byRule) =>
        (Figures, ByRule) = (figures, byRule);

    /// <summary>Which province, indicator and year are left out.</summary>
    public IReadOnlySet<FigureRef> Figures { get; }

    /// <summary>How many per rule, each figure counted once, under its most severe flag's rule; rules in their order.</summary>
    public IReadOnlyList<(QualityRule Rule, int Figures)> ByRule { get; }

    /// <param name="confirmed">Whether a steward confirmed the flagged figure as it stands (a mark on an earlier value does not count).</param>
    public static TrainingExclusions Of(IEnumerable<QualityFlag> flags, Func<FigureRef, bool> confirmed)
    {
        var left = flags.Where(f => f.Severity != QualitySeverity.Explained).GroupBy(f => f.Figure)
            .Where(g => !confirmed(g.Key))
            .Select(g => (Figure: g.Key, Rule: g.OrderByDescending(f => f.Severity).ThenBy(f => f.Rule).First().Rule))
            .ToList();
        return new(left.Select(l => l.Figure).ToHashSet(),
            [.. left.GroupBy(l => l.Rule).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))]);
    }
}
