using System.Globalization;
using System.Xml.Linq;

namespace Analytics.Presentation.Charts;

/// <summary>
/// Shared pieces for building SVG with LINQ to XML (so every drawing is well-formed and every text escaped).
/// Coordinates are written in the invariant culture with at most two decimals, so the same data gives the same
/// bytes on any machine and in any reader locale.
/// </summary>
internal static class SvgWriting
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static string Coordinate(double value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    public static XElement Element(string name, params object?[] content) => new(Ns + name, content);

    public static XAttribute Attr(string name, double value) => new(name, Coordinate(value));

    public static XAttribute Attr(string name, string value) => new(name, value);

    /// <summary>The outer element: accessible image with a title and description referenced by id.</summary>
    public static XElement Root(double width, double height, string idPrefix, string title, string description, string cssClass)
    {
        var titleId = idPrefix + "-title";
        var descId = idPrefix + "-desc";
        return Element("svg",
            Attr("viewBox", $"0 0 {Coordinate(width)} {Coordinate(height)}"),
            Attr("width", width), Attr("height", height),
            Attr("role", "img"), Attr("class", cssClass),
            Attr("aria-labelledby", titleId + " " + descId),
            Element("title", Attr("id", titleId), title),
            Element("desc", Attr("id", descId), description));
    }

    public static string Points(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Select(p => Coordinate(p.X) + "," + Coordinate(p.Y)));

    public static string Serialize(XElement svg) => svg.ToString(SaveOptions.DisableFormatting);

    /// <summary>Tick values at a "nice" step (1, 2 or 5 times a power of ten) covering [min, max].</summary>
    public static (double Min, double Max, double Step) NiceScale(double min, double max, int targetTicks = 5)
    {
        if (!(max > min))
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            min -= pad;
            max += pad;
        }
        var rough = (max - min) / Math.Max(1, targetTicks);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    /// <summary>Decimals needed to write ticks at this step without repeating labels.</summary>
    public static int DecimalsFor(double step) => step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(step) - 1e-9);
}
