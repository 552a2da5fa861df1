using System.Globalization;

namespace Analytics.Bench;

/// <summary>A process's /metrics page (Prometheus text): the sum of one metric's samples, optionally those with a label.</summary>
public sealed class MetricsText(string text)
{
    private readonly string[] _lines = text.Split('\n');

    public double Sum(string name, string label = "") => _lines
        .Where(l => (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal)) && l.Contains(label, StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
