using Analytics.Domain.Geography;
using System.Globalization;
using System.Xml.Linq;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;

namespace Analytics.Presentation.Tests;

public sealed class MapSpecs
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly ChoroplethMap Map = new(RepoFiles.Maps);

    private static IReadOnlyList<string> Codes63() =>
        RepoFiles.Column(RepoFiles.Reference("provinces.csv"), "gso_code").Where(c => c != "28").ToList(); // Hà Tây: inside Hà Nội

    private static IReadOnlyList<string> Codes34() => RepoFiles.Column(RepoFiles.Reference("provinces_2025.csv"), "code");

    [Fact]
    public void Every_one_of_the_63_province_codes_has_exactly_one_shape()
    {
        var codes = Codes63();
        Assert.Equal(63, codes.Count);
        var geometry = Map.Geometry(Geography.Vn63);
        Assert.Equal(63, geometry.Shapes.Count);
        Assert.Equal(codes.Order(), geometry.Shapes.Select(s => s.Code).Order());
        Assert.All(geometry.Shapes, s => Assert.StartsWith("M", s.PathData));
    }

    [Fact]
    public void Every_one_of_the_34_unit_codes_has_exactly_one_shape()
    {
        var codes = Codes34();
        Assert.Equal(34, codes.Count);
        var geometry = Map.Geometry(Geography.Vn34);
        Assert.Equal(34, geometry.Shapes.Count);
        Assert.Equal(codes.Order(), geometry.Shapes.Select(s => s.Code).Order());
        // The corrected 2025 codes: the new Lào Cai is 15, Bắc Ninh 24, Gia Lai 52, An Giang 91.
        Assert.Equal("Lào Cai", geometry.ByCode["15"].NameVi);
        Assert.Equal("An Giang", geometry.ByCode["91"].NameVi);
    }

    [Fact]
    public void Projected_shapes_are_computed_once_per_geography()
    {
        Assert.Same(Map.Geometry(Geography.Vn63), new ChoroplethMap(RepoFiles.Maps).Geometry(Geography.Vn63));
        Assert.NotSame(Map.Geometry(Geography.Vn63), Map.Geometry(Geography.Vn34));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    public void Quantile_classes_split_values_into_groups_of_equal_size(int k)
    {
        var values = Enumerable.Range(1, 20).Select(i => (double)i).ToList();
        var classes = new QuantileClasses(values, k);
        Assert.Equal(k, classes.Bounds.Count);
        Assert.All(classes.Bounds, b => Assert.Equal(20 / k, b.Count));
        Assert.Equal(1, classes.Bounds[0].Min);
        Assert.Equal(20 / k, classes.Bounds[0].Max);
        Assert.Equal(20, classes.Bounds[^1].Max);
        Assert.Equal(0, classes.ClassOf(1));
        Assert.Equal(k - 1, classes.ClassOf(20));
    }

    [Fact]
    public void Tied_values_share_a_class_and_bounds_are_real_values()
    {
        // Eight units: 1, 2, 2, 2, 2, 3, 4, 5 in four classes (two per class if there were no ties). The four 2s
        // stay together in the lowest class with the 1, which leaves the second class empty.
        var classes = new QuantileClasses([5, 2, 2, 1, 2, 2, 3, 4], 4);
        Assert.Equal([(1.0, 2.0, 5), (3.0, 3.0, 1), (4.0, 5.0, 2)], classes.Bounds.Select(b => (b.Min, b.Max, b.Count)));
        Assert.Equal([0, 2, 3], classes.Bounds.Select(b => b.Index));
        Assert.Equal(0, classes.ClassOf(2));
        Assert.Equal(3, classes.ClassOf(100));    // beyond the classified values: the top class
    }

    [Fact]
    public void The_map_fills_every_unit_by_class_hatches_the_missing_and_names_each_shape()
    {
        var codes = Codes63();
        // Values 1..62 for all but Cà Mau (96), which has no figure.
        var values = codes.Where(c => c != "96").Select((c, i) => new MapValue(c, i + 1.5, Rank: 62 - i)).ToList();
        values.Add(new MapValue("28", 99)); // Hà Tây: a value without a shape is reported, not drawn
        var rendered = Map.Render(new ChoroplethInput(Geography.Vn63, "Chỉ số DTI 2024", values, Classes: 5, UnitOfMeasure: "điểm"), ReaderLocale.Vietnamese);
        var svg = XElement.Parse(rendered.Svg);

        var shapes = svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "unit").ToList();
        Assert.Equal(63, shapes.Count);
        Assert.Equal(codes.Order(), shapes.Select(p => (string)p.Attribute("data-code")!).Order());
        Assert.All(shapes, p => Assert.Equal("0", (string?)p.Attribute("tabindex")));
        Assert.Equal(62, shapes.Count(p => ((string)p.Attribute("fill")!).StartsWith('#')));
        var camau = shapes.Single(p => (string?)p.Attribute("data-code") == "96");
        Assert.Equal("url(#map-nodata)", (string?)camau.Attribute("fill"));
        Assert.Equal("Cà Mau: Không có số liệu", camau.Element(Svg + "title")!.Value);
        Assert.Equal(["28"], rendered.CodesWithoutShape);

        var hanoi = shapes.Single(p => (string?)p.Attribute("data-code") == "01");
        Assert.Equal("Hà Nội: 1,5 điểm — Hạng 62", hanoi.Element(Svg + "title")!.Value);

        // Five colours, darker for higher classes, from the palette; 99 (Hà Tây) counts in the classes.
        var palette = ChoroplethMap.Palette(5);
        Assert.All(shapes.Where(p => ((string)p.Attribute("fill")!).StartsWith('#')), p => Assert.Contains((string)p.Attribute("fill")!, palette));
        Assert.Equal(5, rendered.Classes.Bounds.Count);

        var legend = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend");
        var bounds = legend.Elements(Svg + "text").Where(t => (string?)t.Attribute("class") == "legend-bounds").Select(t => t.Value).ToList();
        Assert.Equal(5, bounds.Count);
        Assert.Equal("52,5 – 99 (12)", bounds[0]); // highest class first
        Assert.Contains(legend.Elements(Svg + "text"), t => t.Value == "Không có số liệu");
        Assert.Contains("Open Development Vietnam", svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "attribution").Value);
        Assert.Equal(63, rendered.Alternative.Rows.Count);
        Assert.Equal("Hà Nội", rendered.Alternative.Rows[^2][0]); // ranked 62 of 62; Cà Mau unranked comes last
    }

    [Fact]
    public void A_flagged_figure_says_so_and_a_bound_shows_its_qualifier_in_the_tooltip_and_the_maps_table()
    {
        var flag = new FigureFlag("unit-slip", "high", "reviewed", "khoảng ×1.000 giá trị dự kiến");
        var values = Codes63().Select((c, i) => c switch
        {
            "01" => new MapValue(c, 45, Rank: 1, Flag: flag),
            "79" => new MapValue(c, 40, Rank: 2, Name: "TP Hồ Chí Minh", Qualifier: ">"),
            _ => new MapValue(c, i + 1.5),
        }).ToList();
        var rendered = Map.Render(new ChoroplethInput(Geography.Vn63, "Thử", values, UnitOfMeasure: "trạm"), ReaderLocale.Vietnamese);
        var shapes = XElement.Parse(rendered.Svg).Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "unit").ToList();

        var hanoi = shapes.Single(p => (string?)p.Attribute("data-code") == "01");
        Assert.Equal("high", (string?)hanoi.Attribute("data-quality"));
        Assert.Equal($"Hà Nội: 45 trạm — Hạng 1; {flag.Mark(Language.Vi)}, {flag.Explanation(Language.Vi)}", hanoi.Element(Svg + "title")!.Value);
        Assert.StartsWith("⚑ ", flag.Mark(Language.Vi), StringComparison.Ordinal);
        Assert.EndsWith("(đã xem): khoảng ×1.000 giá trị dự kiến", flag.Explanation(Language.Vi), StringComparison.Ordinal);
        var hcmc = shapes.Single(p => (string?)p.Attribute("data-code") == "79");
        Assert.Equal("TP Hồ Chí Minh: > 40 trạm — Hạng 2", hcmc.Element(Svg + "title")!.Value);
        Assert.Null(hcmc.Attribute("data-quality"));
        Assert.Equal("> 40 trạm", rendered.Alternative.Rows.Single(r => r[2] == "2")[1]);
    }

    [Fact]
    public void Legend_bounds_follow_the_readers_locale()
    {
        var values = Codes34().Select((c, i) => new MapValue(c, 1000 + i * 12_345.5, Name: "Unit " + c)).ToList();
        var rendered = Map.Render(new ChoroplethInput(Geography.Vn34, "Subscribers", values, Classes: 4), ReaderLocale.English);
        var svg = XElement.Parse(rendered.Svg);
        var bounds = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "legend-bounds").Select(t => t.Value).ToList();
        Assert.Equal(4, bounds.Count);
        Assert.Equal("1,000 – 99,764 (9)", bounds[^1]);
        Assert.DoesNotContain(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("data-class") == "none");
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value == "Unit 15: " + (1000 + Codes34().ToList().IndexOf("15") * 12_345.5).ToString("#,##0.#", CultureInfo.InvariantCulture));
        var vi = XElement.Parse(Map.Render(new ChoroplethInput(Geography.Vn34, "Thuê bao", values, Classes: 4), ReaderLocale.Vietnamese).Svg);
        Assert.Contains(vi.Descendants(Svg + "text"), t => t.Value == "1.000 – 99.764 (9)");
    }

    [Fact]
    public void Five_classes_at_most_and_one_value_per_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChoroplethMap.Palette(7));
        Assert.Throws<ArgumentException>(() => Map.Render(new ChoroplethInput(Geography.Vn34, "x", [new MapValue("01", 1), new MapValue("01", 2)]), ReaderLocale.English));
    }
}
