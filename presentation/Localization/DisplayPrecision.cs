namespace Analytics.Presentation.Localization;

/// <summary>
/// How many decimals a column of one indicator's values shows: the indicator's own precision (its catalog entry),
/// raised only as far as needed to tell apart stored values that differ (so a ranking never shows two different
/// values alike, ties are decided on the stored value and the order stays visible). Null precision: as many as a
/// value needs, up to two.
/// </summary>
public static class DisplayPrecision
{
    public const int Max = 6;

    /// <summary>The decimals where a catalog entry leaves them open and a fixed count is needed.</summary>
    public const int Open = 2;

    /// <summary>The decimals for a column: at least <paramref name="decimals"/>, more while two different values would print alike.</summary>
    public static int? ForColumn(IEnumerable<double> values, int? decimals)
    {
        var distinct = values.Where(double.IsFinite).Distinct().Order().ToList();
        var start = decimals ?? Open;
        for (var d = start; d <= Max; d++)
        {
            var clash = false;
            for (var i = 1; i < distinct.Count && !clash; i++)
                clash = Math.Round(distinct[i], d, MidpointRounding.AwayFromZero) == Math.Round(distinct[i - 1], d, MidpointRounding.AwayFromZero);
            if (!clash) return d == start ? decimals : d;
        }
        return Max;
    }

    /// <summary>
    /// The same rule where a fixed count is needed (a report, a map legend, a download's column): the column's decimals,
    /// or <see cref="Open"/>.
    /// </summary>
    public static int Fixed(IEnumerable<double> values, int? decimals) => ForColumn(values, decimals) ?? Open;
}
