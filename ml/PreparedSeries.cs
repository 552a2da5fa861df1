namespace Analytics.Ml;

/// <summary>
/// Everything one forecast of one series needs, computed once: the yearly grid and the paths of the
/// statistical methods, which the global model uses as features and the production blend mixes.
/// </summary>
internal sealed class PreparedSeries
{
    private readonly double[]?[] _paths = new double[StatisticalMethods.All.Length][];

    public PreparedSeries(SeriesHistory history, int maxStep, GroupTrend? group = null)
    {
        if (maxStep < 1) throw new ArgumentOutOfRangeException(nameof(maxStep));
        Series = AnnualSeries.From(history);
        MaxStep = maxStep;
        Group = group;
    }

    /// <summary>How the series' indicator moved across provinces in its last year, when known.</summary>
    public GroupTrend? Group { get; }

    public AnnualSeries Series { get; }
    public int MaxStep { get; }

    /// <summary>Path for steps 1..MaxStep of statistical method <paramref name="index"/> (see <see cref="StatisticalMethods.All"/>).</summary>
    public double[] StatisticalPath(int index) => _paths[index] ??= StatisticalMethods.All[index].Path(Series, MaxStep);

    public static int StepsTo(SeriesHistory history, IReadOnlyList<int> years)
    {
        var max = 0;
        foreach (var y in years)
        {
            var step = y - history.LastYear;
            if (step < 1) throw new ArgumentException($"Series {history.Id}: {y} is not after the last observed year {history.LastYear}.");
            max = Math.Max(max, step);
        }
        return max;
    }
}
