namespace Analytics.Domain.Geography;

/// <summary>A reference file that cannot be the geography: names the source, line and field, and says what is wrong.</summary>
public sealed class GeographyDataException(string source, int line, string? field, string reason)
    : FormatException(field is null ? $"{source} line {line}: {reason}" : $"{source} line {line}, field '{field}': {reason}")
{
    public string SourceName { get; } = source;
    public int Line { get; } = line;
    public string? Field { get; } = field;
    public string Reason { get; } = reason;
}
