namespace Analytics.Presentation.Maps;

/// <summary>A class of a quantile classification: its smallest and largest member value, and how many members.</summary>
public sealed record ClassBounds(int Index, double Min, double Max, int Count);

/// <summary>
/// Quantile classes: values sorted and cut into <c>k</c> groups of (nearly) equal size. A value's class is
/// ⌊k · (number of values strictly below it) / n⌋, so equal values always share a class (a tie is never split
/// across two colours) and a class may come out empty when many values tie. Bounds are the members' own
/// minimum and maximum, so a legend never names a value no unit has.
/// </summary>
public sealed class QuantileClasses
{
    private readonly double[] _sorted;

    public QuantileClasses(IEnumerable<double> values, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 9);
        _sorted = values.Where(double.IsFinite).Order().ToArray();
        ClassCount = classes;
        Bounds = _sorted
            .GroupBy(ClassOf)
            .Select(g => new ClassBounds(g.Key, g.Min(), g.Max(), g.Count()))
            .OrderBy(b => b.Index)
            .ToList();
    }

    public int ClassCount { get; }

    /// <summary>The non-empty classes, lowest first.</summary>
    public IReadOnlyList<ClassBounds> Bounds { get; }

    /// <summary>The class (0 = lowest) a value falls in, measured against the classified values.</summary>
    public int ClassOf(double value)
    {
        if (_sorted.Length == 0) return 0;
        var below = LowerBound(value);
        return Math.Min(ClassCount - 1, (int)((long)ClassCount * below / _sorted.Length));
    }

    private int LowerBound(double value)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
