using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>
/// A data file (CSV upload, catalog, GSO export) is malformed. The message names the file, the line and, where it
/// applies, the column, so an analyst can fix the file without reading code. Reason and message are in the language of
/// whoever is reading when the file is read (<see cref="Bilingual"/>: the API's request, the command line's run), so
/// they are made at construction, as the throwers make their reasons.
/// </summary>
public sealed class DataFormatException : FormatException
{
    public DataFormatException(string sourceName, int line, string? field, string reason)
        : base(Describe(sourceName, line, field, reason))
    {
        SourceName = sourceName;
        Line = line;
        Field = field;
        Reason = reason;
    }

    /// <summary>The file (or upload) name the error is in.</summary>
    public string SourceName { get; }

    /// <summary>1-based line number; 0 when the error concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The column or field concerned, if any (a column's name, the same in both languages).</summary>
    public string? Field { get; }

    /// <summary>The reason without the location prefix, in the reader's language.</summary>
    public string Reason { get; }

    // "upload.csv dòng 3, cột 'value': …" / "upload.csv line 3, field 'value': …", as the command line says a row's place.
    private static string Describe(string sourceName, int line, string? field, string reason)
    {
        var where = string.IsNullOrEmpty(sourceName) ? "" : sourceName;
        if (line > 0) where += (where.Length > 0 ? " " : "") + Bilingual.T($"dòng {line}", $"line {line}");
        if (!string.IsNullOrEmpty(field)) where += (where.Length > 0 ? ", " : "") + Bilingual.T($"cột '{field}'", $"field '{field}'");
        return where.Length > 0 ? $"{where}: {reason}" : reason;
    }
}
