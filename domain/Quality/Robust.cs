namespace Analytics.Domain.Quality;

/// <summary>
/// Median and median absolute deviation: the centre and spread that a few wild figures cannot move (a mean and a
/// standard deviation are dragged by the very figure under suspicion, and misfire on skewed data like ours).
/// </summary>
internal static class Robust
{
    /// <summary>Makes 0.6745·(x − median)/MAD comparable with a normal z-score.</summary>
    public const double Consistency = 0.6745;

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Mad(IReadOnlyList<double> values, double median)
    {
        if (values.Count == 0) return double.NaN;
        var deviations = new double[values.Count];
        for (var i = 0; i < values.Count; i++) deviations[i] = Math.Abs(values[i] - median);
        return Median(deviations);
    }

    /// <summary>Modified z of <paramref name="x"/> given a centre and a MAD floored at <paramref name="floor"/> (a MAD of 0 makes every difference infinite).</summary>
    public static double Z(double x, double median, double mad, double floor) => Consistency * (x - median) / Math.Max(mad, floor);
}
