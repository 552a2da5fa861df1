namespace Analytics.Formats;

/// <summary>Writing side of RFC 4180: quote a field only when a reader would otherwise misread it.</summary>
internal static class CsvText
{
    public static string Quote(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        var needs = field.AsSpan().IndexOfAny(",\"\r\n") >= 0
                    || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]); // keep edge spaces verbatim
        return needs ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }
}
