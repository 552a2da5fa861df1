using System.Globalization;

namespace Analytics.Domain;

/// <summary>
/// The one way a word reaches a reader: every text a page, report, export or API answer shows is written in both
/// languages where it is made, as <c>T("Vietnamese", "English")</c>, and the reader's language picks one. The
/// language is the request's (<c>?lang=en</c> or <c>Accept-Language: en</c>; Vietnamese otherwise), set once per
/// request by the API (<c>ReaderLanguage</c> middleware) and flowing with the request's async calls, so query-layer
/// notes, status lines and reasons need no language parameter. Text made where no reader is present (a grain in the
/// silo) is made as <see cref="Both"/> and chosen at the API with <see cref="Words.ForReader"/>.
/// <para>
/// Numbers inside a <see cref="T(FormattableString, FormattableString)"/> text are written in each language's
/// convention (<c>65,8</c> / <c>65.8</c>). Indicator names, unit words (presentation's unit catalog) and source titles
/// are data and come in both languages from the catalogs. docs/language.md says where each kind of word lives; the
/// language tests render every page and report in both languages and fail on words of the other one.
/// </para>
/// </summary>
public static class Bilingual
{
    private static readonly AsyncLocal<bool> English = new();

    /// <summary>Whether the current reader reads English (false: Vietnamese, the default).</summary>
    public static bool ReaderIsEnglish => English.Value;

    /// <summary>The text in the current reader's language.</summary>
    public static string T(string vi, string en) => English.Value ? en : vi;

    /// <summary>
    /// The text in the current reader's language, its numbers in that language's convention: <c>$"…"</c> arguments are
    /// formatted by <see cref="VietnameseText"/> and <see cref="EnglishText"/> (an interpolated string binds to them
    /// rather than to <see cref="T(string, string)"/>, which would format with the machine's culture).
    /// </summary>
    public static string T(VietnameseText vi, EnglishText en) => English.Value ? en.ToStringAndClear() : vi.ToStringAndClear();

    /// <summary>Both languages, for text made where no reader is present; a reader later picks one.</summary>
    public static Words Both(VietnameseText vi, EnglishText en) => new(vi.ToStringAndClear(), en.ToStringAndClear());

    /// <summary>Both languages of a plain text.</summary>
    public static Words Both(string vi, string en) => new(vi, en);

    /// <summary>"en", "en-GB", "EN" are English; anything else (or nothing) is Vietnamese.</summary>
    public static bool IsEnglish(string? code) => code is not null && code.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads as <paramref name="english"/> until disposed (the API does this once per request; tests use it too).</summary>
    public static IDisposable Reading(bool english)
    {
        var previous = English.Value;
        English.Value = english;
        return new Restore(previous);
    }

    /// <summary>Vietnamese numbers: <c>.</c> groups thousands, <c>,</c> is the decimal mark.</summary>
    public static NumberFormatInfo VietnameseNumbers { get; } = Numbers(".", ",");

    public static NumberFormatInfo EnglishNumbers { get; } = Numbers(",", ".");

    private static NumberFormatInfo Numbers(string group, string point)
    {
        var numbers = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        numbers.NumberGroupSeparator = numbers.PercentGroupSeparator = group;
        numbers.NumberDecimalSeparator = numbers.PercentDecimalSeparator = point;
        return NumberFormatInfo.ReadOnly(numbers);
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => English.Value = previous;
    }
}

/// <summary>An interpolated Vietnamese text: numbers with <c>.</c> grouping thousands and <c>,</c> as the decimal mark.</summary>
[System.Runtime.CompilerServices.InterpolatedStringHandler]
public ref struct VietnameseText
{
    private System.Runtime.CompilerServices.DefaultInterpolatedStringHandler _text;

    public VietnameseText(int literalLength, int formattedCount) =>
        _text = new(literalLength, formattedCount, Bilingual.VietnameseNumbers);

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}

/// <summary>An interpolated English text: numbers with <c>,</c> grouping thousands and <c>.</c> as the decimal mark.</summary>
[System.Runtime.CompilerServices.InterpolatedStringHandler]
public ref struct EnglishText
{
    private System.Runtime.CompilerServices.DefaultInterpolatedStringHandler _text;

    public EnglishText(int literalLength, int formattedCount) =>
        _text = new(literalLength, formattedCount, Bilingual.EnglishNumbers);

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}

/// <summary>One text in both languages (<see cref="Bilingual.Both(VietnameseText, EnglishText)"/>).</summary>
public sealed record Words(string Vi, string En)
{
    /// <summary>The text in the current reader's language.</summary>
    public string ForReader() => Bilingual.T(Vi, En);
}
