namespace Analytics.Domain.Quality;

/// <summary>
/// One figure a rule found suspect: which rule, how far off (<see cref="Score"/> against <see cref="Threshold"/>),
/// the range the rule expected, and why in a steward's words. <see cref="Explanation"/> is set when the product knows
/// the cause (a merger in the gazetteer), which makes the flag <see cref="QualitySeverity.Explained"/>, not an error.
/// </summary>
public sealed record QualityFlag(
    string Province,
    string Indicator,
    int Year,
    QualityRule Rule,
    double Value,
    double Score,
    double Threshold,
    double? ExpectedLow,
    double? ExpectedHigh,
    Words Reason,
    Words? Explanation = null)
{
    public FigureRef Figure => new(Province, Indicator, Year);

    public QualitySeverity Severity =>
        Explanation is not null ? QualitySeverity.Explained
        : Rule is QualityRule.UnitSlip or QualityRule.PartExceedsWhole or QualityRule.CopiedRow or QualityRule.CumulativeFalls or QualityRule.ShareMismatch
            ? QualitySeverity.High
        : Math.Abs(Score) >= 2 * Threshold ? QualitySeverity.Medium
        : QualitySeverity.Low;
}

/// <summary>Which figure: the yearly actual (or estimate) of one province and indicator.</summary>
public readonly record struct FigureRef(string Province, string Indicator, int Year)
{
    public override string ToString() => $"{Province}/{Indicator} {Year}";
}

/// <summary>
/// The figures the rules read: yearly actuals, or a year's estimate where no actual exists. Plans and targets are
/// intentions, not measurements, and quarterly figures are partial years: neither is checked.
/// </summary>
public sealed record QualityFigure(string Province, string Indicator, int Year, double Value)
{
    public FigureRef Ref => new(Province, Indicator, Year);

    /// <summary>The checkable figures among <paramref name="observations"/>: an actual wins over an estimate of the same year.</summary>
    public static IReadOnlyList<QualityFigure> Of(IEnumerable<Observation> observations) =>
    [
        .. observations
            .Where(o => o.Quarter is null && o.Kind is ObservationKind.Actual or ObservationKind.Estimate && double.IsFinite(o.Value))
            .GroupBy(o => (o.Province, o.Indicator, o.Year))
            .Select(g => g.OrderBy(o => o.Kind == ObservationKind.Actual ? 0 : 1).First())
            .Select(o => new QualityFigure(o.Province, o.Indicator, o.Year, o.Value)),
    ];
}
