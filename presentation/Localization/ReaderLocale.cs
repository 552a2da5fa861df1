using System.Globalization;

namespace Analytics.Presentation.Localization;

/// <summary>The two languages the product speaks. Vietnamese is the default reader.</summary>
public enum Language { Vi, En }

/// <summary>
/// Numbers, percentages, years and dates in the reader's convention: <c>1.846.000</c> and <c>86,2</c> for a
/// Vietnamese reader, <c>1,846,000</c> and <c>86.2</c> for an English one. The separators are set here rather
/// than taken from the operating system's culture data, so output is the same on every machine (and with
/// invariant globalization).
/// </summary>
public sealed class ReaderLocale
{
    public static ReaderLocale Vietnamese { get; } = new(Language.Vi, "vi", groupSeparator: ".", decimalSeparator: ",");
    public static ReaderLocale English { get; } = new(Language.En, "en", groupSeparator: ",", decimalSeparator: ".");

    private readonly NumberFormatInfo _numbers;

    private ReaderLocale(Language language, string code, string groupSeparator, string decimalSeparator)
    {
        Language = language;
        Code = code;
        var numbers = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        numbers.NumberGroupSeparator = groupSeparator;
        numbers.NumberDecimalSeparator = decimalSeparator;
        numbers.PercentGroupSeparator = groupSeparator;
        numbers.PercentDecimalSeparator = decimalSeparator;
        numbers.NaNSymbol = "–";
        _numbers = NumberFormatInfo.ReadOnly(numbers);
        Labels = LabelCatalog.For(language);
    }

    public Language Language { get; }

    /// <summary>BCP 47 tag for the <c>lang</c> attribute of a page or report.</summary>
    public string Code { get; }

    public LabelCatalog Labels { get; }

    public NumberFormatInfo NumberFormat => _numbers;

    public static ReaderLocale For(Language language) => language == Language.En ? English : Vietnamese;

    /// <summary>"vi" or "en" (any case, or a tag such as "en-GB"); anything else is the default, Vietnamese.</summary>
    public static ReaderLocale Parse(string? code) =>
        code is not null && code.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Vietnamese;

    /// <summary>A number with group separators and exactly <paramref name="decimals"/> decimals.</summary>
    public string Number(double value, int decimals = 0)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "–";
        decimals = Math.Clamp(decimals, 0, 10);
        return NoNegativeZero(Math.Round(value, decimals, MidpointRounding.AwayFromZero)).ToString("N" + decimals, _numbers);
    }

    public string Number(double? value, int decimals = 0) => value is { } v ? Number(v, decimals) : "–";

    /// <summary>
    /// A number with up to <paramref name="maxDecimals"/> decimals, trailing zeros dropped (86,2 not 86,20),
    /// for figures whose precision comes from the source.
    /// </summary>
    public string Figure(double value, int maxDecimals = 2)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "–";
        var rounded = Math.Round(value, Math.Clamp(maxDecimals, 0, 10), MidpointRounding.AwayFromZero);
        var format = "#,##0" + (maxDecimals > 0 ? "." + new string('#', maxDecimals) : "");
        return NoNegativeZero(rounded).ToString(format, _numbers);
    }

    /// <summary>
    /// A figure of an indicator: exactly <paramref name="decimals"/> decimals when the indicator has a display
    /// precision (0,8200 / 0,8000 / 0,7900 for the DTI), else as <see cref="Figure(double, int)"/>.
    /// </summary>
    public string Value(double value, int? decimals) => decimals is { } d ? Number(value, d) : Figure(value);

    public string Value(double? value, int? decimals) => value is { } v ? Value(v, decimals) : "–";

    /// <summary>A unit of measure in this reader's language ("điểm" / "score").</summary>
    public string Unit(string? unit) => UnitWords.Of(unit, Language);

    /// <summary>A forecasting method under its name in this reader's language ("xu hướng tắt dần" for <c>damped-trend</c>).</summary>
    public string Method(string? method) => ForecastMethodNames.Of(method, Language);

    // A value that rounds to zero is shown as 0, never "-0".
    private static double NoNegativeZero(double value) => value == 0 ? 0 : value;

    /// <summary>A share given as a fraction (0.862 → "86,2%" / "86.2%").</summary>
    public string PercentOfFraction(double fraction, int decimals = 1) => Percent(fraction * 100, decimals);

    /// <summary>A value already in percent (86.2 → "86,2%" / "86.2%").</summary>
    public string Percent(double percent, int decimals = 1) =>
        double.IsNaN(percent) || double.IsInfinity(percent) ? "–" : Number(percent, decimals) + "%";

    /// <summary>A signed change, always with its sign (+1,5 / −0,3), for "change" columns.</summary>
    public string SignedNumber(double value, int decimals = 1)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "–";
        var magnitude = Number(Math.Abs(value), decimals);
        if (magnitude == Number(0.0, decimals)) return magnitude;
        return (value < 0 ? "−" : "+") + magnitude;
    }

    /// <summary>Years are never grouped: 2025, not 2.025.</summary>
    public string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    /// <summary>29/11/2026 for Vietnamese readers, 29 Nov 2026 for English ones (unambiguous in both).</summary>
    public string Date(DateOnly date) => Language == Language.En
        ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
        : date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public string Date(DateTimeOffset moment) => Date(DateOnly.FromDateTime(moment.UtcDateTime));

    /// <summary>Date and UTC time, for "data as of" lines.</summary>
    public string DateTime(DateTimeOffset moment) =>
        Date(moment) + " " + moment.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A rank as shown in tables: plain integer, never grouped.</summary>
    public string Rank(int rank) => rank.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Rank movement since the previous year: ▲3 (up three places), ▼2, "=" for no change, the catalog's word
    /// for new when there was no previous rank. <paramref name="placesUp"/> is previous rank minus current rank.
    /// </summary>
    public string RankChange(int? placesUp) => placesUp switch
    {
        null => Labels[Label.New],
        > 0 => "▲" + placesUp.Value.ToString(CultureInfo.InvariantCulture),
        < 0 => "▼" + (-placesUp.Value).ToString(CultureInfo.InvariantCulture),
        _ => "=",
    };

    /// <summary>Accessible wording of <see cref="RankChange"/> for a title or screen reader.</summary>
    public string RankChangeText(int? placesUp) => placesUp switch
    {
        null => Labels[Label.New],
        > 0 => string.Format(CultureInfo.InvariantCulture, Labels[Label.UpPlaces], placesUp.Value),
        < 0 => string.Format(CultureInfo.InvariantCulture, Labels[Label.DownPlaces], -placesUp.Value),
        _ => Labels[Label.Unchanged],
    };
}
