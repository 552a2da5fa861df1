using Analytics.Presentation.Localization;
using static Analytics.Presentation.Charts.SvgWriting;
using Analytics.Domain;

namespace Analytics.Presentation.Charts;

/// <summary>
/// A word-sized trend line of a unit's recent years, for a ranking table's row. The line spaces points by year
/// (a gap year leaves a longer segment) and marks the latest year with a dot.
/// </summary>
public static class Sparkline
{
    public static RenderedChart Render(IReadOnlyList<YearValue> points, ReaderLocale locale, string subject,
        int? decimals = null, double width = 96, double height = 24, string idPrefix = "spark")
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(locale);
        var ordered = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Year).ToList();
        var title = $"{locale.Labels[Label.Trend]}: {subject}";
        var description = ordered.Count == 0
            ? locale.Labels[Label.NoData]
            : string.Join("; ", ordered.Select(p => $"{locale.Year(p.Year)}: {locale.Value(p.Value, decimals)}"));
        var svg = Root(width, height, idPrefix, title, description, "sparkline");

        if (ordered.Count > 0)
        {
            const double pad = 3;
            var (firstYear, lastYear) = (ordered[0].Year, ordered[^1].Year);
            var (low, high) = (ordered.Min(p => p.Value), ordered.Max(p => p.Value));
            double X(int year) => lastYear == firstYear ? width / 2 : pad + (year - firstYear) * (width - 2 * pad) / (lastYear - firstYear);
            double Y(double value) => high == low ? height / 2 : height - pad - (value - low) * (height - 2 * pad) / (high - low);

            if (ordered.Count > 1)
            {
                svg.Add(Element("polyline", Attr("class", "trend"), Attr("fill", "none"), Attr("stroke", "#08519c"),
                    Attr("stroke-width", 1.5), Attr("stroke-linejoin", "round"),
                    Attr("points", Points(ordered.Select(p => (X(p.Year), Y(p.Value)))))));
            }
            var last = ordered[^1];
            svg.Add(Element("circle", Attr("class", "latest"), Attr("cx", X(last.Year)), Attr("cy", Y(last.Value)),
                Attr("r", 2.2), Attr("fill", "#08519c")));
        }

        var alternative = new ChartAlternative(title,
            [locale.Labels[Label.Year], locale.Labels[Label.Value]],
            ordered.Select(p => (IReadOnlyList<string>)[locale.Year(p.Year), locale.Value(p.Value, decimals)]).ToList());
        return new RenderedChart(Serialize(svg), alternative);
    }
}
