using System.Xml.Linq;
using Analytics.Presentation.Localization;
using static Analytics.Presentation.Charts.SvgWriting;
using Analytics.Domain;

namespace Analytics.Presentation.Charts;

/// <summary>
/// A published or planned figure of the series, with its kind. <paramref name="Derived"/> marks a figure computed
/// from member provinces (a merged unit's past) rather than published for the unit itself; <paramref name="Flag"/> is its
/// most severe quality flag.
/// </summary>
public sealed record SeriesFigure(int Year, double Value, ObservationKind Kind, bool Derived = false, FigureFlag? Flag = null);

/// <summary>The forecast for one year: central value with its 80% and 95% intervals.</summary>
public sealed record FanYear(int Year, double Mean, double Low80, double High80, double Low95, double High95);

/// <summary>Another forecasting method's projection for one year (shown as small marks beside the fan).</summary>
public sealed record MethodPoint(string Method, int Year, double Value);

/// <summary>Everything a series chart shows. Names come from the caller's data in the reader's language.</summary>
public sealed record SeriesChartInput(
    string Title,
    IReadOnlyList<SeriesFigure> Figures,
    IReadOnlyList<FanYear>? Fan = null,
    IReadOnlyList<MethodPoint>? OtherMethods = null,
    int? TargetYear = null,
    string? UnitOfMeasure = null,
    int? Decimals = null);

/// <summary>
/// The series chart of the series page and the report: actuals as a solid line with filled dots, estimates as
/// hollow dots, plans as hollow squares, targets as filled diamonds, baselines as hollow triangles (shape, not
/// only colour, tells the kinds apart); the forecast as a dashed line inside its 95% and 80% bands up to the
/// target year; other methods as small crosses; a figure a quality rule flags inside a ring, named in the legend. Every
/// mark has a title with year, kind and value (and the flag's mark and reason).
/// </summary>
public static class SeriesChart
{
    private const double Width = 640, Height = 330, Left = 60, Right = 16, Top = 16, Bottom = 74;
    private const string Ink = "#08306b", Accent = "#d95f02", Band95 = "#deebf7", Band80 = "#9ecae1", Muted = "#555555", Flagged = "#c51b7d";

    public static RenderedChart Render(SeriesChartInput input, ReaderLocale locale, string idPrefix = "series")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(locale);
        var labels = locale.Labels;
        var figures = input.Figures.Where(f => double.IsFinite(f.Value)).OrderBy(f => f.Year).ThenBy(f => f.Kind).ToList();
        var fan = (input.Fan ?? []).OrderBy(f => f.Year).ToList();
        var others = (input.OtherMethods ?? []).Where(m => double.IsFinite(m.Value)).OrderBy(m => m.Year).ThenBy(m => m.Method, StringComparer.Ordinal).ToList();
        string Value(double v) => locale.Value(v, input.Decimals) + (string.IsNullOrEmpty(input.UnitOfMeasure) ? "" : " " + input.UnitOfMeasure);

        var years = figures.Select(f => f.Year).Concat(fan.Select(f => f.Year)).Concat(others.Select(o => o.Year)).ToList();
        if (input.TargetYear is { } ty) years.Add(ty);
        var values = figures.Select(f => f.Value).Concat(fan.SelectMany(f => new[] { f.Low95, f.High95, f.Mean }))
            .Concat(others.Select(o => o.Value)).Where(double.IsFinite).ToList();

        var description = Describe(figures, fan, input, locale, Value);
        var svg = Root(Width, Height, idPrefix, input.Title, description, "series-chart");
        var alternative = Alternative(figures, fan, others, input, locale, Value);
        if (years.Count == 0 || values.Count == 0)
        {
            svg.Add(Element("text", Attr("x", Width / 2), Attr("y", Height / 2), Attr("text-anchor", "middle"), labels[Label.NoData]));
            return new RenderedChart(Serialize(svg), alternative);
        }

        var (firstYear, lastYear) = (years.Min(), years.Max());
        if (lastYear == firstYear) { firstYear--; lastYear++; }
        var (yMin, yMax, yStep) = NiceScale(values.Min(), values.Max());
        double X(double year) => Left + (year - firstYear) * (Width - Left - Right) / (lastYear - firstYear);
        double Y(double value) => Height - Bottom - (value - yMin) * (Height - Top - Bottom) / (yMax - yMin);

        // Axes and grid.
        var axes = Element("g", Attr("class", "axes"), Attr("font-size", 11), Attr("fill", Muted));
        var tickDecimals = DecimalsFor(yStep);
        for (var v = yMin; v <= yMax + yStep / 2; v += yStep)
        {
            axes.Add(Element("line", Attr("x1", Left), Attr("x2", Width - Right), Attr("y1", Y(v)), Attr("y2", Y(v)),
                Attr("stroke", "#e0e0e0"), Attr("stroke-width", 1)));
            axes.Add(Element("text", Attr("x", Left - 6), Attr("y", Y(v) + 4), Attr("text-anchor", "end"), locale.Number(v, tickDecimals)));
        }
        var yearStep = Math.Max(1, (int)Math.Ceiling((lastYear - firstYear) / 10.0));
        for (var year = firstYear; year <= lastYear; year += yearStep)
        {
            axes.Add(Element("line", Attr("x1", X(year)), Attr("x2", X(year)), Attr("y1", Height - Bottom), Attr("y2", Height - Bottom + 4), Attr("stroke", Muted)));
            axes.Add(Element("text", Attr("x", X(year)), Attr("y", Height - Bottom + 16), Attr("text-anchor", "middle"), locale.Year(year)));
        }
        axes.Add(Element("line", Attr("x1", Left), Attr("x2", Width - Right), Attr("y1", Height - Bottom), Attr("y2", Height - Bottom), Attr("stroke", Muted)));
        if (!string.IsNullOrEmpty(input.UnitOfMeasure))
            axes.Add(Element("text", Attr("x", 4), Attr("y", Top - 4 + 8), input.UnitOfMeasure));
        svg.Add(axes);

        if (input.TargetYear is { } targetYear)
        {
            svg.Add(Element("line", Attr("class", "target-year"), Attr("x1", X(targetYear)), Attr("x2", X(targetYear)),
                Attr("y1", Top), Attr("y2", Height - Bottom), Attr("stroke", Accent), Attr("stroke-dasharray", "2 3")));
        }

        if (fan.Count > 0)
        {
            // The fan starts from the last actual so the bands grow out of the observed line.
            var anchor = figures.LastOrDefault(f => f.Kind is ObservationKind.Actual or ObservationKind.Estimate);
            var fanPoints = fan.Select(f => (f.Year, f.Mean, f.Low80, f.High80, f.Low95, f.High95)).ToList();
            if (anchor is not null && anchor.Year < fan[0].Year)
                fanPoints.Insert(0, (anchor.Year, anchor.Value, anchor.Value, anchor.Value, anchor.Value, anchor.Value));
            svg.Add(Band(fanPoints.Select(f => (X(f.Year), Y(f.Low95), Y(f.High95))), Band95, "band-95", labels[Label.Interval95]));
            svg.Add(Band(fanPoints.Select(f => (X(f.Year), Y(f.Low80), Y(f.High80))), Band80, "band-80", labels[Label.Interval80]));
            svg.Add(Element("polyline", Attr("class", "forecast"), Attr("fill", "none"), Attr("stroke", Ink), Attr("stroke-width", 2),
                Attr("stroke-dasharray", "6 4"), Attr("points", Points(fanPoints.Select(f => (X(f.Year), Y(f.Mean)))))));
            var fanMarks = Element("g", Attr("class", "forecast-points"));
            foreach (var f in fan)
            {
                fanMarks.Add(Element("circle", Attr("cx", X(f.Year)), Attr("cy", Y(f.Mean)), Attr("r", 2.5), Attr("fill", Ink),
                    Element("title", $"{locale.Year(f.Year)} · {labels[Label.Forecast]}: {Value(f.Mean)} " +
                        $"({labels[Label.Interval80]} {Range(f.Low80, f.High80)}; {labels[Label.Interval95]} {Range(f.Low95, f.High95)})")));
            }
            svg.Add(fanMarks);
        }

        var actuals = figures.Where(f => f.Kind == ObservationKind.Actual).ToList();
        if (actuals.Count > 1)
        {
            svg.Add(Element("polyline", Attr("class", "actual-line"), Attr("fill", "none"), Attr("stroke", Ink), Attr("stroke-width", 2),
                Attr("points", Points(actuals.Select(a => (X(a.Year), Y(a.Value)))))));
        }

        var others_ = Element("g", Attr("class", "other-methods"), Attr("stroke", Muted), Attr("stroke-width", 1.5));
        foreach (var o in others)
        {
            var (cx, cy) = (X(o.Year), Y(o.Value));
            others_.Add(Element("path", Attr("class", "mark-method"), Attr("data-method", o.Method),
                Attr("d", $"M{Coordinate(cx - 3)},{Coordinate(cy - 3)}L{Coordinate(cx + 3)},{Coordinate(cy + 3)}M{Coordinate(cx - 3)},{Coordinate(cy + 3)}L{Coordinate(cx + 3)},{Coordinate(cy - 3)}"),
                Element("title", $"{locale.Year(o.Year)} · {locale.Method(o.Method)}: {Value(o.Value)}")));
        }
        if (others.Count > 0) svg.Add(others_);

        var marks = Element("g", Attr("class", "figures"));
        foreach (var f in figures)
        {
            var title = $"{locale.Year(f.Year)} · {KindName(f, labels)}: {Value(f.Value)}{(f.Flag is { } fl ? $" — {fl.Cell(locale.Language)}" : "")}";
            // The ring goes under the mark, so the kind's shape stays whole and the ring reads as a halo around it.
            if (f.Flag is { } flag)
            {
                var ring = Ring(X(f.Year), Y(f.Value));
                ring.Add(new XAttribute("data-year", f.Year), new XAttribute("data-rule", flag.Rule), new XAttribute("data-severity", flag.Severity),
                    Element("title", title));
                marks.Add(ring);
            }
            var mark = Mark(f.Kind, X(f.Year), Y(f.Value));
            mark.Add(new XAttribute("data-year", f.Year), Element("title", title));
            if (f.Derived) mark.Add(new XAttribute("data-derived", "true"), new XAttribute("stroke-dasharray", "1.5 1"));
            if (f.Flag is not null) mark.Add(new XAttribute("data-flagged", "true"));
            marks.Add(mark);
        }
        svg.Add(marks);
        svg.Add(Legend(figures, fan.Count > 0, others.Count > 0, locale));
        return new RenderedChart(Serialize(svg), alternative);

        string Range(double low, double high) => $"{locale.Value(low, input.Decimals)} – {locale.Value(high, input.Decimals)}";
    }

    private static string KindName(SeriesFigure figure, LabelCatalog labels) =>
        labels.Kind(figure.Kind) + (figure.Derived ? $" ({labels[Label.Derived]})" : "");

    private static XElement Band(IEnumerable<(double X, double Low, double High)> band, string fill, string cssClass, string title)
    {
        var points = band.ToList();
        var outline = points.Select(p => (p.X, p.High)).Concat(points.AsEnumerable().Reverse().Select(p => (p.X, p.Low)));
        return Element("polygon", Attr("class", cssClass), Attr("fill", fill), Attr("stroke", "none"), Attr("points", Points(outline)),
            Element("title", title));
    }

    /// <summary>The ring around a flagged figure's mark: a hollow circle wider than any kind's shape, in a colour no other mark uses.</summary>
    private static XElement Ring(double x, double y) =>
        Element("circle", Attr("class", "mark-flagged"), Attr("cx", x), Attr("cy", y), Attr("r", 7), Attr("fill", "none"),
            Attr("stroke", Flagged), Attr("stroke-width", 2));

    /// <summary>The mark of a kind, drawn around (x, y). Shapes differ so kinds do not rely on colour alone.</summary>
    private static XElement Mark(ObservationKind kind, double x, double y) => kind switch
    {
        ObservationKind.Actual => Element("circle", Attr("class", "mark-actual"), Attr("data-kind", "actual"), Attr("cx", x), Attr("cy", y), Attr("r", 3.5), Attr("fill", Ink)),
        ObservationKind.Estimate => Element("circle", Attr("class", "mark-estimate"), Attr("data-kind", "estimate"), Attr("cx", x), Attr("cy", y), Attr("r", 3.5),
            Attr("fill", "#ffffff"), Attr("stroke", Ink), Attr("stroke-width", 1.5)),
        ObservationKind.Plan => Element("rect", Attr("class", "mark-plan"), Attr("data-kind", "plan"), Attr("x", x - 3.5), Attr("y", y - 3.5), Attr("width", 7), Attr("height", 7),
            Attr("fill", "#ffffff"), Attr("stroke", Accent), Attr("stroke-width", 1.5)),
        ObservationKind.Target => Element("path", Attr("class", "mark-target"), Attr("data-kind", "target"),
            Attr("d", $"M{Coordinate(x)},{Coordinate(y - 5)}L{Coordinate(x + 5)},{Coordinate(y)}L{Coordinate(x)},{Coordinate(y + 5)}L{Coordinate(x - 5)},{Coordinate(y)}Z"), Attr("fill", Accent)),
        _ => Element("path", Attr("class", "mark-baseline"), Attr("data-kind", "baseline"),
            Attr("d", $"M{Coordinate(x)},{Coordinate(y - 4.5)}L{Coordinate(x + 4.5)},{Coordinate(y + 3.5)}L{Coordinate(x - 4.5)},{Coordinate(y + 3.5)}Z"),
            Attr("fill", "#ffffff"), Attr("stroke", Muted), Attr("stroke-width", 1.5)),
    };

    private static XElement Legend(List<SeriesFigure> figures, bool hasFan, bool hasOthers, ReaderLocale locale)
    {
        var legend = Element("g", Attr("class", "legend"), Attr("font-size", 11), Attr("fill", "#222222"));
        var x = Left;
        var y = Height - Bottom + 36;
        // Items flow left to right and wrap to a second row; text width is estimated (no font metrics on the server).
        void Item(Func<double, double, XElement> sample, string text)
        {
            var itemWidth = 24 + text.Length * 6.4;
            if (x + itemWidth > Width - Right && x > Left) { x = Left; y += 16; }
            legend.Add(sample(x, y));
            legend.Add(Element("text", Attr("x", x + 10), Attr("y", y + 4), text));
            x += itemWidth;
        }
        foreach (var kind in figures.Select(f => f.Kind).Distinct().Order())
            Item((mx, my) => Mark(kind, mx, my), locale.Labels.Kind(kind));
        if (figures.Any(f => f.Flag is not null))
            Item((mx, my) => Ring(mx, my), $"{FigureFlag.Symbol} {locale.Labels[Label.Flagged]}");
        if (hasFan)
        {
            Item((mx, my) => Element("rect", Attr("x", mx - 5), Attr("y", my - 5), Attr("width", 10), Attr("height", 10), Attr("fill", Band80)), locale.Labels[Label.Interval80]);
            Item((mx, my) => Element("rect", Attr("x", mx - 5), Attr("y", my - 5), Attr("width", 10), Attr("height", 10), Attr("fill", Band95)), locale.Labels[Label.Interval95]);
        }
        if (hasOthers)
        {
            Item((mx, my) => Element("path", Attr("d", $"M{Coordinate(mx - 3)},{Coordinate(my - 3)}L{Coordinate(mx + 3)},{Coordinate(my + 3)}M{Coordinate(mx - 3)},{Coordinate(my + 3)}L{Coordinate(mx + 3)},{Coordinate(my - 3)}"),
                Attr("stroke", Muted), Attr("stroke-width", 1.5)), locale.Labels[Label.OtherMethods]);
        }
        return legend;
    }

    private static string Describe(List<SeriesFigure> figures, List<FanYear> fan, SeriesChartInput input, ReaderLocale locale, Func<double, string> value)
    {
        var parts = new List<string>();
        var actuals = figures.Where(f => f.Kind == ObservationKind.Actual).ToList();
        if (actuals.Count > 0)
            parts.Add($"{locale.Labels.Kind(ObservationKind.Actual)} {locale.Year(actuals[0].Year)}–{locale.Year(actuals[^1].Year)}: {value(actuals[0].Value)} → {value(actuals[^1].Value)}");
        foreach (var target in figures.Where(f => f.Kind == ObservationKind.Target))
            parts.Add($"{locale.Labels.Kind(ObservationKind.Target)} {locale.Year(target.Year)}: {value(target.Value)}");
        if (fan.Count > 0)
        {
            var end = fan[^1];
            parts.Add($"{locale.Labels[Label.Forecast]} {locale.Year(end.Year)}: {value(end.Mean)} ({locale.Labels[Label.Interval80]} " +
                $"{locale.Value(end.Low80, input.Decimals)} – {locale.Value(end.High80, input.Decimals)}, {locale.Labels[Label.Interval95]} " +
                $"{locale.Value(end.Low95, input.Decimals)} – {locale.Value(end.High95, input.Decimals)})");
        }
        return parts.Count == 0 ? locale.Labels[Label.NoData] : string.Join(". ", parts) + ".";
    }

    private static ChartAlternative Alternative(List<SeriesFigure> figures, List<FanYear> fan, List<MethodPoint> others,
        SeriesChartInput input, ReaderLocale locale, Func<double, string> value)
    {
        var labels = locale.Labels;
        string Figure(double v) => locale.Value(v, input.Decimals);
        var rows = new List<(int Year, int Order, IReadOnlyList<string> Cells)>();
        rows.AddRange(figures.Select(f => (f.Year, 0, (IReadOnlyList<string>)[locale.Year(f.Year), KindName(f, labels),
            value(f.Value) + (f.Flag is { } flag ? $" {flag.Mark(locale.Language)}" : ""), "", ""])));
        rows.AddRange(fan.Select(f => (f.Year, 1, (IReadOnlyList<string>)[locale.Year(f.Year), labels[Label.Forecast], value(f.Mean),
            $"{Figure(f.Low80)} – {Figure(f.High80)}", $"{Figure(f.Low95)} – {Figure(f.High95)}"])));
        rows.AddRange(others.Select(o => (o.Year, 2, (IReadOnlyList<string>)[locale.Year(o.Year), $"{labels[Label.OtherMethods]}: {locale.Method(o.Method)}", value(o.Value), "", ""])));
        return new ChartAlternative(input.Title,
            [labels[Label.Year], labels[Label.Kind], labels[Label.Value], labels[Label.Interval80], labels[Label.Interval95]],
            rows.OrderBy(r => r.Year).ThenBy(r => r.Order).Select(r => r.Cells).ToList());
    }
}
