using System.Xml.Linq;
using Analytics.Presentation.Charts;
using Analytics.Presentation.Localization;
using static Analytics.Presentation.Charts.SvgWriting;
using Analytics.Domain.Geography;

namespace Analytics.Presentation.Maps;

/// <summary>
/// A unit's figure on the map. <see cref="Name"/> overrides the Vietnamese name from the map file; <see cref="Qualifier"/>
/// (&gt; ≥ &lt; ≤ ≈) says the figure is a bound or an approximation, <see cref="Flag"/> that a quality rule flags it.
/// </summary>
public sealed record MapValue(string Code, double? Value, int? Rank = null, string? Name = null, bool Derived = false, string? Qualifier = null,
    FigureFlag? Flag = null)
{
    /// <summary>The figure as the tooltip and the map's table say it: with its qualifier, and "(derived)" when carried.</summary>
    internal string Shown(string formatted, ReaderLocale locale) =>
        Analytics.Domain.Qualifiers.Shown(Analytics.Domain.Qualifiers.FromSymbol(Qualifier), formatted) + (Derived ? $" ({locale.Labels[Label.Derived]})" : "");

    /// <summary>The quality mark and its meaning after the figure ("; ⚑ cao, …"), or nothing.</summary>
    internal string Flagged(ReaderLocale locale) => Flag is { } f ? $"; {f.Cell(locale.Language)}" : "";
}

/// <summary>What a choropleth map shows.</summary>
public sealed record ChoroplethInput(
    Geography Geography,
    string Title,
    IReadOnlyList<MapValue> Values,
    int Classes = 5,
    int? Decimals = null,
    string? UnitOfMeasure = null);

/// <summary>The map, its data as a table, and the codes given values but without a shape (say, Hà Tây).</summary>
public sealed record RenderedMap(string Svg, ChartAlternative Alternative, QuantileClasses Classes, IReadOnlyList<string> CodesWithoutShape);

/// <summary>
/// A quantile-coloured map of one ranking. One <c>&lt;path&gt;</c> per unit with <c>data-code</c>, a class
/// colour from a single-hue sequential palette (readable with any colour vision, and in greyscale print), hatching
/// for a unit without a value, a <c>&lt;title&gt;</c> naming unit, value and rank (shown on hover, read on
/// keyboard focus: every shape has <c>tabindex="0"</c>), a legend with class bounds in the reader's locale, and
/// the boundaries' attribution.
/// </summary>
public sealed class ChoroplethMap(string mapsDirectory)
{
    // The legend sits inside the map, in the Gulf of Tonkin: east of about 108.5°E and north of about 17.5°N
    // neither geography has land, so the legend covers no unit and the drawing stays square.
    private const double LegendLeft = MapGeometry.Width * 0.5;

    /// <summary>ColorBrewer "Blues", light to dark, per number of classes.</summary>
    private static readonly IReadOnlyDictionary<int, string[]> Palettes = new Dictionary<int, string[]>
    {
        [3] = ["#deebf7", "#9ecae1", "#3182bd"],
        [4] = ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
        [5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    };

    public static IReadOnlyList<string> Palette(int classes) =>
        Palettes.TryGetValue(classes, out var palette) ? palette : throw new ArgumentOutOfRangeException(nameof(classes), classes, "A map has 3, 4 or 5 classes.");

    /// <summary>Attribution of the boundaries (from data/maps/README.md), to show wherever the shapes are shown.</summary>
    public static string Attribution(Language language) => string.Join(" ", AttributionLines(language));

    private static string[] AttributionLines(Language language) => language == Language.En
        ? ["Boundaries: Open Development Vietnam,", "via TaliaCao/Vietnam-Shape-Map (MIT licence, © 2025 Talia Cao); simplified."]
        : ["Ranh giới: Open Development Vietnam,", "qua TaliaCao/Vietnam-Shape-Map (giấy phép MIT, © 2025 Talia Cao); đã giản lược."];

    public MapGeometry Geometry(Geography geography) => MapGeometry.For(geography, mapsDirectory);

    public RenderedMap Render(ChoroplethInput input, ReaderLocale locale, string idPrefix = "map")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(locale);
        var palette = Palette(input.Classes);
        var geometry = Geometry(input.Geography);
        var labels = locale.Labels;
        var byCode = new Dictionary<string, MapValue>(StringComparer.Ordinal);
        foreach (var value in input.Values)
            if (!byCode.TryAdd(value.Code, value)) throw new ArgumentException($"Code {value.Code} has two values on one map.", nameof(input));
        var classes = new QuantileClasses(input.Values.Where(v => v.Value is { } x && double.IsFinite(x)).Select(v => v.Value!.Value), input.Classes);
        string Format(double v) => locale.Value(v, input.Decimals) + (string.IsNullOrEmpty(input.UnitOfMeasure) ? "" : " " + input.UnitOfMeasure);

        var width = MapGeometry.Width;
        var height = geometry.Height + 26;
        var description = $"{labels[Label.Map]}: {input.Title}. " +
            string.Join("; ", classes.Bounds.Select(b => $"{Format(b.Min)} – {Format(b.Max)}: {b.Count}"));
        var svg = Root(width, height, idPrefix, input.Title, description, "choropleth");
        svg.Add(Element("defs",
            Element("pattern", Attr("id", idPrefix + "-nodata"), Attr("patternUnits", "userSpaceOnUse"), Attr("width", 4), Attr("height", 4),
                Attr("patternTransform", "rotate(45)"),
                Element("rect", Attr("width", 4), Attr("height", 4), Attr("fill", "#f0f0f0")),
                Element("line", Attr("x1", 0), Attr("y1", 0), Attr("x2", 0), Attr("y2", 4), Attr("stroke", "#969696"), Attr("stroke-width", 1.5)))),
            // Focus must be visible without scripts: an outline on the focused shape.
            Element("style", ".choropleth .unit:focus,.choropleth .unit:hover{stroke:#000;stroke-width:1.5;outline:none}"));

        var units = Element("g", Attr("class", "units"), Attr("stroke", "#ffffff"), Attr("stroke-width", 0.4), Attr("stroke-linejoin", "round"));
        foreach (var shape in geometry.Shapes)
        {
            byCode.TryGetValue(shape.Code, out var value);
            var name = value?.Name ?? shape.NameVi;
            var path = Element("path", Attr("class", "unit"), Attr("data-code", shape.Code), Attr("tabindex", "0"), Attr("d", shape.PathData));
            if (value?.Value is { } v && double.IsFinite(v))
            {
                var index = classes.ClassOf(v);
                path.Add(new XAttribute("fill", palette[index]), new XAttribute("data-class", index), new XAttribute("data-value", Coordinate(v)));
                if (value.Flag is { } flag) path.Add(new XAttribute("data-quality", flag.Severity));
                var rank = value.Rank is { } r ? $" — {labels[Label.Rank]} {locale.Rank(r)}" : "";
                path.Add(Element("title", $"{name}: {value.Shown(Format(v), locale)}{rank}{value.Flagged(locale)}"));
            }
            else
            {
                path.Add(new XAttribute("fill", $"url(#{idPrefix}-nodata)"), new XAttribute("data-class", "none"));
                path.Add(Element("title", $"{name}: {labels[Label.NoData]}"));
            }
            units.Add(path);
        }
        svg.Add(units);
        var anyMissing = geometry.Shapes.Any(s => byCode.GetValueOrDefault(s.Code)?.Value is not { } v || !double.IsFinite(v));
        svg.Add(Legend(classes, palette, anyMissing, locale, input.UnitOfMeasure, input.Decimals, idPrefix));
        var lines = AttributionLines(locale.Language);
        svg.Add(Element("text", Attr("class", "attribution"), Attr("font-size", 8.5), Attr("fill", "#555555"),
            Element("tspan", Attr("x", 4), Attr("y", height - 15), lines[0]),
            Element("tspan", Attr("x", 4), Attr("y", height - 4), lines[1])));

        var withoutShape = byCode.Keys.Where(code => !geometry.ByCode.ContainsKey(code)).Order(StringComparer.Ordinal).ToList();
        var rows = geometry.Shapes
            .Select(s => (Shape: s, Value: byCode.GetValueOrDefault(s.Code)))
            .OrderBy(x => x.Value?.Rank ?? int.MaxValue).ThenBy(x => x.Value?.Name ?? x.Shape.NameVi, StringComparer.Ordinal)
            .Select(x => (IReadOnlyList<string>)
            [
                x.Value?.Name ?? x.Shape.NameVi,
                x.Value?.Value is { } v ? x.Value.Shown(Format(v), locale) + x.Value.Flagged(locale) : labels[Label.NoData],
                x.Value?.Rank is { } r ? locale.Rank(r) : "",
            ]).ToList();
        var alternative = new ChartAlternative(input.Title, [labels[Label.Unit], labels[Label.Value], labels[Label.Rank]], rows);
        return new RenderedMap(Serialize(svg), alternative, classes, withoutShape);
    }

    private static XElement Legend(QuantileClasses classes, IReadOnlyList<string> palette, bool anyMissing, ReaderLocale locale,
        string? unitOfMeasure, int? decimals, string idPrefix)
    {
        var x = LegendLeft;
        var legend = Element("g", Attr("class", "legend"), Attr("font-size", 11), Attr("fill", "#222222"));
        var heading = locale.Labels[Label.Legend] + (string.IsNullOrEmpty(unitOfMeasure) ? "" : $" ({unitOfMeasure})");
        legend.Add(Element("text", Attr("x", x), Attr("y", 16), Attr("font-weight", "bold"), heading));
        var y = 26.0;
        // Highest class on top, as readers scan a legend from the top.
        foreach (var bounds in classes.Bounds.Reverse())
        {
            legend.Add(Element("rect", Attr("class", "legend-swatch"), Attr("data-class", bounds.Index), Attr("x", x), Attr("y", y), Attr("width", 16), Attr("height", 12),
                Attr("fill", palette[bounds.Index]), Attr("stroke", "#888888"), Attr("stroke-width", 0.5)));
            legend.Add(Element("text", Attr("class", "legend-bounds"), Attr("x", x + 22), Attr("y", y + 10),
                $"{locale.Value(bounds.Min, decimals)} – {locale.Value(bounds.Max, decimals)} ({bounds.Count})"));
            y += 18;
        }
        if (anyMissing)
        {
            legend.Add(Element("rect", Attr("class", "legend-swatch"), Attr("data-class", "none"), Attr("x", x), Attr("y", y), Attr("width", 16), Attr("height", 12),
                Attr("fill", $"url(#{idPrefix}-nodata)"), Attr("stroke", "#888888"), Attr("stroke-width", 0.5)));
            legend.Add(Element("text", Attr("x", x + 22), Attr("y", y + 10), locale.Labels[Label.NoData]));
        }
        return legend;
    }
}
