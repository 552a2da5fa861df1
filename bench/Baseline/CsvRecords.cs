using System.Text;

namespace Analytics.Baseline;

/// <summary>
/// RFC 4180 records: comma-separated, fields in double quotes may hold commas, quotes ("") and line breaks.
/// The header names the columns; they are found by name, in any order.
/// </summary>
public static class CsvRecords
{
    public sealed class MalformedCsvException(string message) : Exception(message);

    /// <summary>Rows as column → raw text, with the 1-based line each record starts on.</summary>
    public static List<(int Line, Dictionary<string, string> Fields)> Read(string text)
    {
        var records = Split(text);
        if (records.Count == 0) throw new MalformedCsvException("the body is empty; the first line must be the header");
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var rows = new List<(int, Dictionary<string, string>)>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0) continue; // a blank line
            if (fields.Count != header.Length)
                throw new MalformedCsvException($"line {line} has {fields.Count} fields, the header has {header.Length}");
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++) row[header[i]] = fields[i];
            rows.Add((line, row));
        }
        return rows;
    }

    private static List<(int Line, List<string> Fields)> Split(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n')
            {
                fields.Add(field.ToString()); field.Clear();
                records.Add((recordLine, fields));
                fields = [];
                recordLine = ++line;
            }
            else field.Append(c);
        }
        if (quoted) throw new MalformedCsvException($"line {recordLine}: a quoted field is not closed");
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add((recordLine, fields)); }
        return records;
    }
}
