using System.Security.Cryptography;
using System.Text;

namespace Analytics.Domain.Quality;

/// <summary>
/// The figures forecasting leaves out: every figure a rule flags, unless the flag is explained by a merger or a
/// steward confirmed the figure as it stands. A model learns from what it is given, so a slip it trains on bends the
/// forecasts of every series like it; a series forecast from its own slip starts from it. A confirmed figure is real
/// and stays in.
/// </summary>
public sealed class TrainingExclusions
{
    private readonly IReadOnlyDictionary<FigureRef, double> _values;

    private TrainingExclusions(IReadOnlyDictionary<FigureRef, double> values, IReadOnlyList<(QualityRule Rule, int Figures)> byRule)
    {
        _values = values;
        Figures = values.Keys.ToHashSet();
        ByRule = byRule;
        Stamp = StampOf(values);
    }

    /// <summary>Which province, indicator and year are left out.</summary>
    public IReadOnlySet<FigureRef> Figures { get; }

    /// <summary>How many per rule, each figure counted once, under its most severe flag's rule; rules in their order.</summary>
    public IReadOnlyList<(QualityRule Rule, int Figures)> ByRule { get; }

    /// <summary>Short and the same for the same figures and values: tells a forecast made with one set from one made with another.</summary>
    public string Stamp { get; }

    /// <param name="confirmed">Whether a steward confirmed the flagged figure as it stands (a mark on an earlier value does not count).</param>
    public static TrainingExclusions Of(IEnumerable<QualityFlag> flags, Func<FigureRef, bool> confirmed)
    {
        var left = flags.Where(f => f.Severity != QualitySeverity.Explained).GroupBy(f => f.Figure)
            .Where(g => !confirmed(g.Key))
            .Select(g => (Figure: g.Key, g.First().Value, Rule: g.OrderByDescending(f => f.Severity).ThenBy(f => f.Rule).First().Rule))
            .ToList();
        return new(left.ToDictionary(l => l.Figure, l => l.Value),
            [.. left.GroupBy(l => l.Rule).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))]);
    }

    /// <summary>
    /// The years of one series' yearly history (<paramref name="years"/> with their <paramref name="values"/>) to leave
    /// out: those whose figure is the flagged one. A figure sent again since it was checked is not the one flagged and stays.
    /// </summary>
    public IReadOnlyList<int> YearsOf(string province, string indicator, IReadOnlyList<int> years, IReadOnlyList<double> values)
    {
        if (_values.Count == 0) return [];
        List<int>? left = null;
        for (var i = 0; i < years.Count; i++)
            if (_values.TryGetValue(new FigureRef(province, indicator, years[i]), out var flagged) && flagged.Equals(values[i]))
                (left ??= []).Add(years[i]);
        return left ?? (IReadOnlyList<int>)[];
    }

    private static string StampOf(IReadOnlyDictionary<FigureRef, double> values)
    {
        var text = new StringBuilder();
        foreach (var (figure, value) in values.OrderBy(v => v.Key.Province, StringComparer.Ordinal).ThenBy(v => v.Key.Indicator, StringComparer.Ordinal)
                     .ThenBy(v => v.Key.Year))
            text.Append(figure.Province).Append('/').Append(figure.Indicator).Append('/').Append(figure.Year).Append('=')
                .Append(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
