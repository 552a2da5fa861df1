using Analytics.Domain;
using System.Xml.Linq;
using Analytics.Presentation.Charts;
using Analytics.Presentation.Localization;

namespace Analytics.Presentation.Tests;

public sealed class ChartSpecs
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly SeriesChartInput Series = new(
        "Tỷ lệ hộ có Internet — Bình Thuận",
        [
            new SeriesFigure(2019, 61.5, ObservationKind.Actual), new SeriesFigure(2020, 66.0, ObservationKind.Actual),
            new SeriesFigure(2021, 70.2, ObservationKind.Actual), new SeriesFigure(2022, 74.9, ObservationKind.Actual),
            new SeriesFigure(2023, 78.0, ObservationKind.Estimate), new SeriesFigure(2024, 82.0, ObservationKind.Plan),
            new SeriesFigure(2020, 60.0, ObservationKind.Baseline), new SeriesFigure(2025, 90.0, ObservationKind.Target),
        ],
        Fan:
        [
            new FanYear(2023, 78.4, 76.9, 79.9, 76.1, 80.7), new FanYear(2024, 81.6, 79.0, 84.2, 77.6, 85.6),
            new FanYear(2025, 84.7, 81.0, 88.4, 79.1, 90.3),
        ],
        OtherMethods: [new MethodPoint("Holt", 2025, 86.1), new MethodPoint("Theil–Sen", 2025, 83.9)],
        TargetYear: 2025, UnitOfMeasure: "%");

    [Fact]
    public void A_sparkline_is_well_formed_svg_with_a_line_the_latest_point_and_a_text_alternative()
    {
        var chart = Sparkline.Render([new YearValue(2022, ObservationKind.Actual, 74.9), new YearValue(2020, ObservationKind.Actual, 66.0), new YearValue(2021, ObservationKind.Actual, 70.25)], ReaderLocale.Vietnamese, "Bình Thuận", decimals: 2);
        var svg = XElement.Parse(chart.Svg);
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Xu hướng: Bình Thuận", svg.Element(Svg + "title")!.Value);
        Assert.Contains("2021: 70,25", svg.Element(Svg + "desc")!.Value);
        var line = Assert.Single(svg.Descendants(Svg + "polyline"));
        Assert.Equal(3, ((string)line.Attribute("points")!).Split(' ').Length);
        Assert.Single(svg.Descendants(Svg + "circle"));
        Assert.Equal(["2020", "2021", "2022"], chart.Alternative.Rows.Select(r => r[0]));
        Assert.Equal("70,25", chart.Alternative.Rows[1][1]);
    }

    [Fact]
    public void A_sparkline_of_one_year_or_none_is_still_valid()
    {
        var one = XElement.Parse(Sparkline.Render([new YearValue(2024, ObservationKind.Actual, 5)], ReaderLocale.English, "x").Svg);
        Assert.Empty(one.Descendants(Svg + "polyline"));
        Assert.Single(one.Descendants(Svg + "circle"));
        var none = XElement.Parse(Sparkline.Render([], ReaderLocale.English, "x").Svg);
        Assert.Equal("No data", none.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void The_series_chart_draws_each_kind_with_its_own_mark_and_the_fan_with_both_bands()
    {
        var chart = SeriesChart.Render(Series, ReaderLocale.Vietnamese);
        var svg = XElement.Parse(chart.Svg);
        int Marks(string kind) => svg.Descendants().Count(e => (string?)e.Attribute("data-kind") == kind && e.Parent?.Attribute("class")?.Value == "figures");
        Assert.Equal(4, Marks("actual"));
        Assert.Equal(1, Marks("estimate"));
        Assert.Equal(1, Marks("plan"));
        Assert.Equal(1, Marks("target"));
        Assert.Equal(1, Marks("baseline"));
        Assert.Single(svg.Descendants(Svg + "polygon"), p => (string?)p.Attribute("class") == "band-95");
        Assert.Single(svg.Descendants(Svg + "polygon"), p => (string?)p.Attribute("class") == "band-80");
        Assert.Single(svg.Descendants(Svg + "polyline"), p => (string?)p.Attribute("class") == "forecast");
        Assert.Equal(2, svg.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "mark-method"));
        Assert.Single(svg.Descendants(Svg + "line"), p => (string?)p.Attribute("class") == "target-year");
        // Every data mark names itself for hover and screen readers, in the reader's words and numbers.
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value == "2025 · Mục tiêu: 90 %");
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value.StartsWith("2025 · Dự báo: 84,7 % (Khoảng 80% 81 – 88,4; Khoảng 95% 79,1 – 90,3)"));
        Assert.Contains("Dự báo 2025: 84,7 %", svg.Element(Svg + "desc")!.Value);
        // The 95% band encloses the 80% band: its polygon reaches higher and lower.
        static double[] Ys(XElement polygon) => ((string)polygon.Attribute("points")!).Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var band95 = Ys(svg.Descendants(Svg + "polygon").First(p => (string?)p.Attribute("class") == "band-95"));
        var band80 = Ys(svg.Descendants(Svg + "polygon").First(p => (string?)p.Attribute("class") == "band-80"));
        Assert.True(band95.Min() < band80.Min() && band95.Max() >= band80.Max());
    }

    [Fact]
    public void The_series_charts_text_alternative_lists_every_figure_forecast_and_method_by_year()
    {
        var alternative = SeriesChart.Render(Series, ReaderLocale.English).Alternative;
        Assert.Equal(["Year", "Kind", "Value", "80% interval", "95% interval"], alternative.Headers);
        Assert.Equal(8 + 3 + 2, alternative.Rows.Count);
        Assert.Contains(alternative.Rows, r => r.SequenceEqual(["2025", "Forecast", "84.7 %", "81 – 88.4", "79.1 – 90.3"]));
        Assert.Contains(alternative.Rows, r => r.SequenceEqual(["2025", "Other methods: Holt", "86.1 %", "", ""]));
        var years = alternative.Rows.Select(r => int.Parse(r[0])).ToList();
        Assert.Equal(years.Order(), years);
        var html = XElement.Parse(alternative.ToHtmlTable());
        Assert.Equal("table", html.Name.LocalName);
        Assert.Equal(5, html.Descendants("th").Count(th => (string?)th.Attribute("scope") == "col"));
        Assert.Equal(13, html.Descendants("tbody").Single().Elements("tr").Count());
    }

    [Fact]
    public void Derived_figures_are_marked_as_such_in_the_drawing_and_the_table()
    {
        var input = Series with { Figures = [new SeriesFigure(2023, 70, ObservationKind.Actual, Derived: true), new SeriesFigure(2024, 72, ObservationKind.Actual)] };
        var chart = SeriesChart.Render(input, ReaderLocale.Vietnamese);
        var svg = XElement.Parse(chart.Svg);
        var derived = Assert.Single(svg.Descendants(), e => (string?)e.Attribute("data-derived") == "true");
        Assert.Equal("2023 · Thực hiện (suy ra): 70 %", derived.Element(Svg + "title")!.Value);
        Assert.Contains(chart.Alternative.Rows, r => r[0] == "2023" && r[1] == "Thực hiện (suy ra)");
        Assert.Contains(chart.Alternative.Rows, r => r[0] == "2024" && r[1] == "Thực hiện");
    }

    [Fact]
    public void A_flagged_figure_is_ringed_named_in_the_legend_its_title_and_the_table()
    {
        var flag = new FigureFlag("unit-slip", "high", "open", "about 1,000 × the expected value: a unit slip");
        var input = Series with { Figures = [new SeriesFigure(2023, 70, ObservationKind.Actual), new SeriesFigure(2024, 72, ObservationKind.Actual, Flag: flag)] };
        var chart = SeriesChart.Render(input, ReaderLocale.English);
        var svg = XElement.Parse(chart.Svg);

        var ring = Assert.Single(svg.Descendants(Svg + "circle"), c => (string?)c.Attribute("class") == "mark-flagged" && (string?)c.Parent?.Attribute("class") == "figures");
        Assert.Equal(("2024", "unit-slip", "high"), ((string?)ring.Attribute("data-year"), (string?)ring.Attribute("data-rule"), (string?)ring.Attribute("data-severity")));
        // Hollow, so the kind's own shape still shows inside it.
        Assert.Equal("none", (string?)ring.Attribute("fill"));
        var mark = Assert.Single(svg.Descendants(), e => (string?)e.Attribute("data-flagged") == "true");
        Assert.Equal(("actual", "2024"), ((string?)mark.Attribute("data-kind"), (string?)mark.Attribute("data-year")));
        Assert.EndsWith($" — {flag.Cell(Language.En)}", mark.Element(Svg + "title")!.Value, StringComparison.Ordinal);
        var legend = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend");
        Assert.Single(legend.Descendants(Svg + "circle"), c => (string?)c.Attribute("class") == "mark-flagged");
        Assert.Contains("⚑ Flagged by the quality checks", legend.Value, StringComparison.Ordinal);
        Assert.Contains(chart.Alternative.Rows, r => r[0] == "2024" && r[2].EndsWith(" ⚑ high", StringComparison.Ordinal));

        var plain = XElement.Parse(SeriesChart.Render(Series, ReaderLocale.Vietnamese).Svg);
        Assert.DoesNotContain(plain.Descendants(), e => (string?)e.Attribute("class") == "mark-flagged");
        Assert.DoesNotContain("Số liệu bị gắn cờ chất lượng", plain.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_deterministic_and_coordinates_do_not_follow_the_reader_locale()
    {
        var a = SeriesChart.Render(Series, ReaderLocale.Vietnamese).Svg;
        var b = SeriesChart.Render(Series, ReaderLocale.Vietnamese).Svg;
        Assert.Equal(a, b);
        var svg = XElement.Parse(a);
        foreach (var attribute in new[] { "points", "d", "x", "y", "cx", "cy" })
            foreach (var value in svg.Descendants().Select(e => (string?)e.Attribute(attribute)).OfType<string>())
                Assert.DoesNotMatch(@"\d,\d+,\d", value); // a decimal comma would read as an extra coordinate
    }

    [Fact]
    public void Text_from_data_is_escaped()
    {
        var chart = SeriesChart.Render(Series with { Title = "<script>alert(1)</script> & co" }, ReaderLocale.English);
        Assert.DoesNotContain("<script>", chart.Svg);
        Assert.Equal("<script>alert(1)</script> & co", XElement.Parse(chart.Svg).Element(Svg + "title")!.Value);
        Assert.Contains("&lt;script&gt;", chart.Alternative.ToHtmlTable());
    }
}
