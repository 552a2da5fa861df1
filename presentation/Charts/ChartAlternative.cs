using System.Net;
using System.Text;

namespace Analytics.Presentation.Charts;

/// <summary>
/// The data behind a chart or map as a table, for readers who cannot see the drawing (and for the print and
/// export of the same figures). Cells are already formatted in the reader's locale; callers may render the
/// records themselves or take <see cref="ToHtmlTable"/>.
/// </summary>
public sealed record ChartAlternative(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>A <c>&lt;table&gt;</c> with caption and column headers; every text is HTML-encoded.</summary>
    public string ToHtmlTable(string cssClass = "chart-data")
    {
        var html = new StringBuilder();
        html.Append("<table class=\"").Append(WebUtility.HtmlEncode(cssClass)).Append("\"><caption>")
            .Append(WebUtility.HtmlEncode(Caption)).Append("</caption><thead><tr>");
        foreach (var header in Headers) html.Append("<th scope=\"col\">").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                // The first cell names the row (a year, a unit): a row header for screen readers.
                var tag = i == 0 ? "th scope=\"row\"" : "td";
                html.Append('<').Append(tag).Append('>').Append(WebUtility.HtmlEncode(row[i]))
                    .Append("</").Append(i == 0 ? "th" : "td").Append('>');
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}

/// <summary>An SVG drawing (a complete <c>&lt;svg&gt;</c> element, ready to inline in HTML) with its text alternative.</summary>
public sealed record RenderedChart(string Svg, ChartAlternative Alternative);
