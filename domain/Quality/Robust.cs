namespace Analytics.Domain.Quality;

/// <summary>
/// Median and median absolute deviation: the centre and spread that a few wild figures cannot move (a mean and a
/// standard deviation are dragged by the very figure under suspicion, and misfire on skewed data like ours).
/// </summary>
/// <remarks>
/// Spans, sorted in a scratch copy on the stack: the rules take medians of a dozen figures thousands of times a batch,
/// and the lists and arrays they used to allocate for it were most of what an upload's quality check cost.
/// </remarks>
internal static class Robust
{
    /// <summary>Makes 0.6745·(x − median)/MAD comparable with a normal z-score.</summary>
    public const double Consistency = 0.6745;

    /// <summary>Longest run sorted on the stack; longer ones (an indicator's peers in a big table) go to the heap.</summary>
    public const int StackLimit = 256;

    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var sorted = values.Length <= StackLimit ? stackalloc double[values.Length] : new double[values.Length];
        values.CopyTo(sorted);
        return SortedMedian(sorted);
    }

    public static double Mad(ReadOnlySpan<double> values, double median)
    {
        if (values.IsEmpty) return double.NaN;
        var deviations = values.Length <= StackLimit ? stackalloc double[values.Length] : new double[values.Length];
        for (var i = 0; i < values.Length; i++) deviations[i] = Math.Abs(values[i] - median);
        return SortedMedian(deviations);
    }

    /// <summary>Modified z of <paramref name="x"/> given a centre and a MAD floored at <paramref name="floor"/> (a MAD of 0 makes every difference infinite).</summary>
    public static double Z(double x, double median, double mad, double floor) => Consistency * (x - median) / Math.Max(mad, floor);

    public static double Min(ReadOnlySpan<double> values)
    {
        var min = values[0];
        foreach (var v in values) min = Math.Min(min, v);
        return min;
    }

    public static double Max(ReadOnlySpan<double> values)
    {
        var max = values[0];
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }

    /// <summary>The median of <paramref name="values"/>, which it sorts in place.</summary>
    private static double SortedMedian(Span<double> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
