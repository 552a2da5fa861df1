namespace Analytics.Presentation.Export;

/// <summary>How a column's cells are stored and formatted.</summary>
public enum ColumnKind
{
    /// <summary>Always text, even when it looks like a number (codes such as "01" keep their zero).</summary>
    Text,
    /// <summary>Whole numbers with group separators (#,##0).</summary>
    Integer,
    /// <summary>Numbers with <see cref="ExportColumn.Decimals"/> decimals (#,##0.0…).</summary>
    Decimal,
    /// <summary>A share stored as a fraction (0.862) and shown as a percentage (86.2%).</summary>
    Percent,
    /// <summary>A year or a rank: a plain integer, never grouped.</summary>
    Year,
    /// <summary>A date (DateOnly, DateTime or DateTimeOffset), stored as a spreadsheet date, written yyyy-mm-dd.</summary>
    Date,
}

public sealed record ExportColumn(string Header, ColumnKind Kind = ColumnKind.Text, int Decimals = 1);

/// <summary>
/// A number with its own display precision, for a <see cref="ColumnKind.Decimal"/> column whose rows are different
/// indicators (a province's DTI to 4 decimals, its population to none): the workbook formats the cell with
/// <paramref name="Decimals"/>, and the CSV writes the value at that precision. Null: the column's precision.
/// </summary>
public readonly record struct Figure(double Value, int? Decimals)
{
    /// <summary>The value with its indicator's precision, or no cell.</summary>
    public static object? Of(double? value, int? decimals) => value is { } v ? new Figure(v, decimals) : null;
}

/// <summary>
/// One table to export: a CSV file, or one sheet of a workbook. Rows hold raw values (numbers as numbers,
/// <see langword="null"/> for an empty cell); a value that does not fit its column's kind is written as text.
/// </summary>
public sealed record ExportTable(string Name, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>Throws when a row has a different number of cells than there are columns.</summary>
    public void Validate()
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Count != Columns.Count)
                throw new ArgumentException($"Table '{Name}': row {i + 1} has {Rows[i].Count} cells for {Columns.Count} columns.");
        }
    }
}

/// <summary>Rules both exports share about text that a spreadsheet could take for a formula, or that is not text at all.</summary>
public static class FormulaSafety
{
    /// <summary>
    /// True for text a spreadsheet would evaluate when typed or imported: it starts with =, +, -, @, or a tab or
    /// carriage return (which some programs strip before looking at the next character).
    /// </summary>
    public static bool LooksLikeFormula(string? text) =>
        !string.IsNullOrEmpty(text) && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    internal static double? AsNumber(object? value) => value switch
    {
        null => null,
        Figure f => double.IsFinite(f.Value) ? f.Value : null,
        double d => double.IsFinite(d) ? d : null,
        float f => float.IsFinite(f) ? f : null,
        decimal m => (double)m,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        uint u => u,
        ulong ul => ul,
        _ => null,
    };

    internal static DateTime? AsDate(object? value) => value switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTime t => t,
        DateTimeOffset o => o.UtcDateTime,
        _ => null,
    };

    internal static string AsText(object? value) => Neutralised(value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    });

    /// <summary>
    /// Control characters (NUL, ESC, BEL, ...) and the bidirectional overrides and isolates (U+202A..U+202E,
    /// U+2066..U+2069) replaced by U+FFFD: stored figures from before they were refused on input must not reach a
    /// terminal, a spreadsheet or a page as controls. Tab and line breaks are text and stay.
    /// </summary>
    public static string Neutralised(string text)
    {
        static bool Control(char c) => (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
        if (!text.Any(Control)) return text;
        return string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = Control(t[i]) ? '\uFFFD' : t[i];
        });
    }
}
