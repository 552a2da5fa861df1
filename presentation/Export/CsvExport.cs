using System.Globalization;
using System.Text;

namespace Analytics.Presentation.Export;

/// <summary>
/// CSV for spreadsheets and scripts: UTF-8 with a byte-order mark (so Excel reads Vietnamese names right), comma
/// separated, CRLF line ends, RFC 4180 quoting. Numbers are written in the invariant culture (86.2), whatever the
/// reader's language: a CSV is data for a program, and a locale-formatted number would not read back as a number.
/// Text that a spreadsheet would evaluate gets a leading apostrophe.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static void Write(Stream output, ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(",", table.Columns.Select(c => Field(Safe(c.Header)))));
        foreach (var row in table.Rows)
            writer.WriteLine(string.Join(",", row.Select((value, i) => Field(Cell(value, table.Columns[i])))));
    }

    public static byte[] ToBytes(ExportTable table)
    {
        using var buffer = new MemoryStream();
        Write(buffer, table);
        return buffer.ToArray();
    }

    private static string Cell(object? value, ExportColumn column)
    {
        if (value is null) return "";
        if (column.Kind != ColumnKind.Text && value is Figure { Decimals: { } decimals } && FormulaSafety.AsNumber(value) is { } figure)
            return (Math.Round(figure, Math.Clamp(decimals, 0, 15)) + 0.0).ToString("F" + Math.Clamp(decimals, 0, 15), CultureInfo.InvariantCulture);
        if (column.Kind != ColumnKind.Text && FormulaSafety.AsNumber(value) is { } number)
            return number.ToString("R", CultureInfo.InvariantCulture);
        if (column.Kind == ColumnKind.Date && FormulaSafety.AsDate(value) is { } date)
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Safe(FormulaSafety.AsText(value));
    }

    private static string Safe(string text) => FormulaSafety.Neutralised(text) is var t && FormulaSafety.LooksLikeFormula(t) ? "'" + t : t;

    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
