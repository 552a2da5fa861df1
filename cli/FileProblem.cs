using Analytics.Formats;

namespace Analytics.Cli;

/// <summary>
/// Something wrong in an input, located as an analyst would look for it: the file as named on the command line,
/// the line (for observation CSVs), the field. Printed as <c>F.csv line 12, value: value '86,2' is not a number …</c>.
/// </summary>
public sealed record FileProblem(string Source, int? Line, string? Field, string Reason)
{
    public static FileProblem From(DataFormatException e, string? source = null) =>
        new(source ?? e.SourceName, e.Line > 0 ? e.Line : null, e.Field, e.Reason);

    public override string ToString()
    {
        var where = Line is { } line ? $"{Source} line {line}" : Source;
        return string.IsNullOrEmpty(Field) ? $"{where}: {Reason}" : $"{where}, {Field}: {Reason}";
    }
}
