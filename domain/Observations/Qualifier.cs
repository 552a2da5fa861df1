namespace Analytics.Domain;

/// <summary>
/// What a figure's value claims when the document gives a bound or an approximation rather than an exact number:
/// "hơn 40 máy chủ" is 40 <see cref="Above"/>, "ít nhất 95%" 95 <see cref="AtLeast"/>, "khoảng 100" 100
/// <see cref="About"/>. A figure without one is exact. The value stays the number the document names, so sums, charts
/// and forecasts use it as before; rankings say where an order rests on it (<see cref="Leaderboard.UncertainOrder"/>).
/// </summary>
public enum Qualifier
{
    /// <summary>"&gt;": more than the value ("hơn", "trên").</summary>
    Above,
    /// <summary>"≥": the value or more ("ít nhất", "tối thiểu").</summary>
    AtLeast,
    /// <summary>"&lt;": less than the value ("dưới").</summary>
    Below,
    /// <summary>"≤": the value or less ("không quá", "tối đa").</summary>
    AtMost,
    /// <summary>"≈": near the value, on either side ("khoảng", "xấp xỉ", "gần").</summary>
    About,
}

public static class Qualifiers
{
    /// <summary>
    /// How far an approximate figure may lie from its value, as a share of it, when rankings ask which of two figures
    /// is larger: "khoảng 40" is read as 38..42. Documents give no width; 5% is wider than the rounding of the round
    /// numbers they approximate with (40, 95, 100) and narrower than the gaps rankings usually separate.
    /// </summary>
    public const double ApproximateSpread = 0.05;

    /// <summary>The symbol files, the API and pages use: &gt; ≥ &lt; ≤ ≈.</summary>
    public static string ToSymbol(this Qualifier qualifier) => qualifier switch
    {
        Qualifier.Above => ">",
        Qualifier.AtLeast => "≥",
        Qualifier.Below => "<",
        Qualifier.AtMost => "≤",
        Qualifier.About => "≈",
        _ => throw new ArgumentOutOfRangeException(nameof(qualifier)),
    };

    /// <summary>Reads a symbol, its ASCII spelling (<c>&gt;=</c>, <c>&lt;=</c>, <c>~</c>) too; surrounding spaces are ignored.</summary>
    public static bool TryParse(string? text, out Qualifier qualifier)
    {
        switch (text?.Trim())
        {
            case ">": qualifier = Qualifier.Above; return true;
            case "≥" or ">=": qualifier = Qualifier.AtLeast; return true;
            case "<": qualifier = Qualifier.Below; return true;
            case "≤" or "<=": qualifier = Qualifier.AtMost; return true;
            case "≈" or "~": qualifier = Qualifier.About; return true;
            default: qualifier = default; return false;
        }
    }

    /// <summary>The qualifier read from a symbol stored or sent earlier; null for none (or an unknown one).</summary>
    public static Qualifier? FromSymbol(string? symbol) => TryParse(symbol, out var q) ? q : null;

    /// <summary>A shown value with its qualifier in front ("&gt; 40", "≈ 100"); the value alone when exact.</summary>
    public static string Shown(this Qualifier? qualifier, string value) => qualifier is { } q ? $"{q.ToSymbol()} {value}" : value;

    /// <summary>What the qualifier says of the figure, in the reader's language: "a bound" or "approximate".</summary>
    public static string Words(this Qualifier qualifier) => qualifier == Qualifier.About
        ? Bilingual.T("số liệu xấp xỉ", "figure is approximate")
        : Bilingual.T("số liệu là một cận", "figure is a bound");

    /// <summary>
    /// The values a figure may truly have: a point for an exact one, a half-line for a bound, the value ± its
    /// <see cref="ApproximateSpread"/> for an approximate one. An end that is open excludes the value itself (&gt; 40 is not 40).
    /// </summary>
    public static ValueRange Range(double value, Qualifier? qualifier)
    {
        var spread = Math.Abs(value) * ApproximateSpread;
        return qualifier switch
        {
            null => new(value, true, value, true),
            Qualifier.Above => new(value, false, double.PositiveInfinity, false),
            Qualifier.AtLeast => new(value, true, double.PositiveInfinity, false),
            Qualifier.Below => new(double.NegativeInfinity, false, value, false),
            Qualifier.AtMost => new(double.NegativeInfinity, false, value, true),
            Qualifier.About => new(value - spread, true, value + spread, true),
            _ => throw new ArgumentOutOfRangeException(nameof(qualifier)),
        };
    }
}

/// <summary>The values a qualified figure may truly have, each end open or closed.</summary>
public readonly record struct ValueRange(double Low, bool LowClosed, double High, bool HighClosed)
{
    /// <summary>Whether some value lies in both: then which of the two figures is larger, or whether they are equal, is not known.</summary>
    public bool Overlaps(ValueRange other)
    {
        var (low, lowClosed) = Low > other.Low ? (Low, LowClosed) : other.Low > Low ? (other.Low, other.LowClosed) : (Low, LowClosed && other.LowClosed);
        var (high, highClosed) = High < other.High ? (High, HighClosed) : other.High < High ? (other.High, other.HighClosed) : (High, HighClosed && other.HighClosed);
        return low < high || (low == high && lowClosed && highClosed);
    }
}
