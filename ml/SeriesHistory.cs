namespace Analytics.Ml;

/// <summary>
/// The yearly history of one series (one indicator in one area): years ascending, gaps allowed,
/// optional bounds (a rate lives in 0..100, a count is at least 0) and the direction of progress.
/// </summary>
public sealed record SeriesHistory
{
    public SeriesHistory(string id, IReadOnlyList<int> years, IReadOnlyList<double> values,
        double? min = null, double? max = null, bool higherIsBetter = true, string? group = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(years);
        ArgumentNullException.ThrowIfNull(values);
        if (years.Count != values.Count)
            throw new ArgumentException($"Series {id}: {years.Count} years but {values.Count} values.");
        for (var i = 0; i < years.Count; i++)
        {
            if (i > 0 && years[i] <= years[i - 1])
                throw new ArgumentException($"Series {id}: years must be strictly ascending ({years[i - 1]} then {years[i]}).");
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"Series {id}: value for {years[i]} is not a finite number.");
        }
        if (min is { } lo && max is { } hi && lo >= hi)
            throw new ArgumentException($"Series {id}: lower bound {lo} is not below upper bound {hi}.");

        Id = id;
        Years = years;
        Values = values;
        Min = min;
        Max = max;
        HigherIsBetter = higherIsBetter;
        Group = group;
    }

    public string Id { get; }
    public IReadOnlyList<int> Years { get; }
    public IReadOnlyList<double> Values { get; }
    public double? Min { get; }
    public double? Max { get; }
    public bool HigherIsBetter { get; }

    /// <summary>
    /// The indicator the series measures (e.g. <c>internet-users-rate</c>), shared by the same indicator
    /// in every province, so the global model can compare a province with its peers. Optional.
    /// </summary>
    public string? Group { get; }

    public int Count => Years.Count;
    public int FirstYear => Years[0];
    public int LastYear => Years[^1];
    public double LastValue => Values[^1];

    /// <summary>The history as it was known at the end of <paramref name="year"/> (for back-testing).</summary>
    public SeriesHistory Through(int year)
    {
        var n = 0;
        while (n < Years.Count && Years[n] <= year) n++;
        if (n == Years.Count) return this;
        var years = new int[n];
        var values = new double[n];
        for (var i = 0; i < n; i++) { years[i] = Years[i]; values[i] = Values[i]; }
        return new SeriesHistory(Id, years, values, Min, Max, HigherIsBetter, Group);
    }

    /// <summary>The observed value for <paramref name="year"/>, if there is one.</summary>
    public double? ValueAt(int year)
    {
        var lo = 0;
        var hi = Years.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Years[mid] == year) return Values[mid];
            if (Years[mid] < year) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    /// <summary>Keeps a value inside the series' bounds.</summary>
    public double Clamp(double value)
    {
        if (Min is { } lo && value < lo) value = lo;
        if (Max is { } hi && value > hi) value = hi;
        return value;
    }
}
