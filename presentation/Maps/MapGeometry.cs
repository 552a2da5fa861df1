using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Analytics.Domain.Geography;

namespace Analytics.Presentation.Maps;

/// <summary>One unit's outline, projected into the map's drawing space.</summary>
public sealed record MapShape(string Code, string NameVi, string PathData);

/// <summary>
/// A geography's shapes read from its GeoJSON file and projected once: equirectangular with longitude scaled by
/// the cosine of the middle latitude (true enough in shape for a country this size), y growing southwards,
/// fitted to <see cref="Width"/>. Instances are cached per file, since every map of a geography reuses them.
/// </summary>
public sealed class MapGeometry
{
    public const double Width = 360;
    private const double Margin = 4;

    private static readonly ConcurrentDictionary<string, Lazy<MapGeometry>> Cache = new(StringComparer.Ordinal);

    private MapGeometry(Geography geography, IReadOnlyList<MapShape> shapes, double height)
    {
        Geography = geography;
        Shapes = shapes;
        Height = height;
        ByCode = shapes.ToDictionary(s => s.Code, StringComparer.Ordinal);
    }

    public Geography Geography { get; }

    /// <summary>Shapes in file order (the order they are drawn).</summary>
    public IReadOnlyList<MapShape> Shapes { get; }

    public IReadOnlyDictionary<string, MapShape> ByCode { get; }

    public double Height { get; }

    /// <summary>The file of a geography inside the repository's <c>data/maps</c> folder.</summary>
    public static string FileName(Geography geography) =>
        geography == Geography.Vn34 ? "vn-units-2025.geojson" : "vn-provinces-63.geojson";

    /// <summary>The property naming a feature's unit code in that geography's file: the GSO code for the 63, the unit's code for the 34.</summary>
    public static string CodeProperty(Geography geography) => geography == Geography.Vn34 ? "code" : "gso_code";

    /// <summary>The geometry of a geography from <paramref name="mapsDirectory"/>, read and projected on first use.</summary>
    public static MapGeometry For(Geography geography, string mapsDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(mapsDirectory, FileName(geography)));
        return Cache.GetOrAdd(path, p => new Lazy<MapGeometry>(() => Load(geography, p))).Value;
    }

    /// <summary>Reads and projects a GeoJSON FeatureCollection (Polygon and MultiPolygon features).</summary>
    public static MapGeometry Load(Geography geography, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No map file for {geography} at {path}.", path);
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var codeProperty = CodeProperty(geography);
        var features = new List<(string Code, string Name, List<List<(double Lon, double Lat)>> Rings)>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var code = properties.TryGetProperty(codeProperty, out var c) ? c.GetString() : null;
            if (string.IsNullOrWhiteSpace(code))
                throw new InvalidDataException($"{path}: a feature has no '{codeProperty}' property.");
            var name = properties.TryGetProperty("name_vi", out var n) ? n.GetString() ?? code : code;
            var geometry = feature.GetProperty("geometry");
            var coordinates = geometry.GetProperty("coordinates");
            var rings = new List<List<(double, double)>>();
            switch (geometry.GetProperty("type").GetString())
            {
                case "Polygon":
                    AddPolygon(coordinates, rings);
                    break;
                case "MultiPolygon":
                    foreach (var polygon in coordinates.EnumerateArray()) AddPolygon(polygon, rings);
                    break;
                default:
                    throw new InvalidDataException($"{path}: feature {code} is not a Polygon or MultiPolygon.");
            }
            if (features.Any(f => f.Code == code)) throw new InvalidDataException($"{path}: two features have code {code}.");
            features.Add((code, name, rings));
        }

        var all = features.SelectMany(f => f.Rings).SelectMany(r => r).ToList();
        if (all.Count == 0) throw new InvalidDataException($"{path}: no coordinates.");
        var (minLon, maxLon) = (all.Min(p => p.Lon), all.Max(p => p.Lon));
        var (minLat, maxLat) = (all.Min(p => p.Lat), all.Max(p => p.Lat));
        var xScale = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
        var scale = (Width - 2 * Margin) / ((maxLon - minLon) * xScale);
        var height = (maxLat - minLat) * scale + 2 * Margin;

        var shapes = features.Select(f => new MapShape(f.Code, f.Name, PathData(f.Rings,
            p => (Margin + (p.Lon - minLon) * xScale * scale, Margin + (maxLat - p.Lat) * scale)))).ToList();
        return new MapGeometry(geography, shapes, Math.Round(height, 1));
    }

    private static void AddPolygon(JsonElement polygon, List<List<(double, double)>> rings)
    {
        foreach (var ring in polygon.EnumerateArray())
            rings.Add(ring.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList());
    }

    /// <summary>SVG path data with one decimal (a tenth of a drawing unit), repeated points dropped after rounding.</summary>
    private static string PathData(List<List<(double Lon, double Lat)>> rings, Func<(double Lon, double Lat), (double X, double Y)> project)
    {
        var d = new StringBuilder();
        foreach (var ring in rings)
        {
            string? previous = null;
            var count = 0;
            var ringText = new StringBuilder();
            foreach (var point in ring)
            {
                var (x, y) = project(point);
                var text = x.ToString("0.#", CultureInfo.InvariantCulture) + "," + y.ToString("0.#", CultureInfo.InvariantCulture);
                if (text == previous) continue;
                ringText.Append(count == 0 ? "M" : "L").Append(text);
                previous = text;
                count++;
            }
            // A ring that collapses to fewer than three points at this scale draws nothing useful.
            if (count >= 3) d.Append(ringText).Append('Z');
        }
        return d.ToString();
    }
}
