namespace Analytics.Formats;

/// <summary>
/// A data file (CSV upload, catalog, GSO export) is malformed. The message names the file, the line and, where it
/// applies, the field, so an analyst can fix the file without reading code.
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

    /// <summary>The column or field concerned, if any.</summary>
    public string? Field { get; }

    /// <summary>The reason without the location prefix.</summary>
    public string Reason { get; }

    private static string Describe(string sourceName, int line, string? field, string reason)
    {
        var where = string.IsNullOrEmpty(sourceName) ? "" : sourceName;
        if (line > 0) where += where.Length > 0 ? $" line {line}" : $"line {line}";
        if (!string.IsNullOrEmpty(field)) where += where.Length > 0 ? $", field '{field}'" : $"field '{field}'";
        return where.Length > 0 ? $"{where}: {reason}" : reason;
    }
}
