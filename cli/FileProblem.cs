using Analytics.Domain;
using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// Something wrong in an input, located as an analyst would look for it: the file as named on the command line,
/// the line (for observation CSVs), the field (a column's name, the same in both languages). Printed as
/// <c>F.csv line 12, value: value '86,2' is not a number …</c> (<c>F.csv dòng 12, value: …</c> in Vietnamese).
/// </summary>
public sealed record FileProblem(string Source, int? Line, string? Field, string Reason)
{
    public static FileProblem From(DataFormatException e, string? source = null) =>
        new(source ?? e.SourceName, e.Line > 0 ? e.Line : null, e.Field, e.Reason);

    public override string ToString()
    {
        var where = Line is { } line ? Bilingual.T($"{Source} dòng {line}", $"{Source} line {line}") : Source;
        return string.IsNullOrEmpty(Field) ? $"{where}: {Reason}" : $"{where}, {Field}: {Reason}";
    }
}
