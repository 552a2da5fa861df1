using System.Text;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>One record of a delimited file and the 1-based line it starts on.</summary>
internal sealed record DelimitedRecord(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>An empty line: one empty unquoted field. Editors leave these; they carry no data.</summary>
    public bool IsBlank { get; init; }
}

/// <summary>
/// RFC 4180 reader shared by the observation CSV (',') and GSO's PX-Web exports (';'): quoted fields, doubled quotes,
/// separators and line breaks inside quotes, CRLF or LF, a leading byte-order mark. It streams from a TextReader so a
/// large upload is never held twice, and it tracks line numbers so every error can point at the file's own lines.
/// </summary>
internal static class DelimitedReader
{
    public static IEnumerable<DelimitedRecord> Read(TextReader reader, char separator, string sourceName)
    {
        if (reader.Peek() == '\uFEFF') reader.Read(); // a BOM the caller's decoder left in place

        var line = 1;
        var field = new StringBuilder();
        while (reader.Peek() != -1)
        {
            var start = line;
            var fields = new List<string>();
            var quoted = false;      // the current field started with a quote
            var inQuotes = false;    // inside the quoted part
            var quoteLine = line;
            var anyQuoted = false;
            field.Clear();
            while (true)
            {
                var c = reader.Read();
                if (c == -1)
                {
                    if (inQuotes)
                        throw new DataFormatException(sourceName, quoteLine, null, Bilingual.T(
                            "ô mở ngoặc kép nhưng không đóng (dấu '\"' mở ở đây không có dấu đóng)",
                            "unterminated quoted field (a '\"' opened here is never closed)"));
                    fields.Add(field.ToString());
                    yield return new DelimitedRecord(start, fields) { IsBlank = fields.Count == 1 && fields[0].Length == 0 && !anyQuoted };
                    yield break;
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else inQuotes = false;
                    }
                    else
                    {
                        if (c == '\n') line++;
                        else if (c == '\r')
                        {
                            line++;
                            if (reader.Peek() == '\n') { reader.Read(); field.Append('\r'); c = '\n'; }
                        }
                        field.Append((char)c);
                    }
                    continue;
                }

                if (c == separator)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    quoted = false;
                    continue;
                }

                if (c is '\r' or '\n')
                {
                    if (c == '\r' && reader.Peek() == '\n') reader.Read();
                    line++;
                    fields.Add(field.ToString());
                    yield return new DelimitedRecord(start, fields) { IsBlank = fields.Count == 1 && fields[0].Length == 0 && !anyQuoted };
                    break;
                }

                if (quoted) // after the closing quote only a separator or a line break may come
                    throw new DataFormatException(sourceName, line, null, Bilingual.T(
                        "có chữ sau dấu ngoặc kép đóng, trước dấu phân cách", "text follows a closing quote before the separator"));

                if (c == '"')
                {
                    if (field.Length > 0)
                        throw new DataFormatException(sourceName, line, null, Bilingual.T(
                            "có dấu ngoặc kép giữa một ô không đặt trong ngoặc kép (hãy đặt cả ô trong ngoặc kép và viết dấu ngoặc kép bên trong thành hai dấu)",
                            "a quote appears inside an unquoted field (quote the whole field and double the inner quote)"));
                    quoted = inQuotes = anyQuoted = true;
                    quoteLine = line;
                    continue;
                }
                field.Append((char)c);
            }
        }
    }
}
