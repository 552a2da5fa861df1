using System.Text.Json.Serialization;

namespace Analytics.Domain.Geography;

/// <summary>
/// One provincial geography of Vietnam: the set of units figures are reported for during its period.
/// <see cref="Vn63"/> is the 63 provinces (and Hà Tây before its 2008 merger) until 2025-06-30; <see cref="Vn34"/> is the
/// 34 units of resolution 202/2025/QH15 from 2025-07-01. A value: there are these two and no other, and
/// <c>default</c> is the 63 (every figure was reported for them before the 34 existed, and an answer that names no
/// geography means them). In JSON it is its code, "vn-63" or "vn-34" (<see cref="GeographyJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(GeographyJsonConverter))]
public readonly record struct Geography
{
    private readonly bool _is34;

    private Geography(bool is34) => _is34 = is34;

    public static readonly Geography Vn63 = default;

    public static readonly Geography Vn34 = new(is34: true);

    public static IReadOnlyList<Geography> All { get; } = [Vn63, Vn34];

    public string Code => _is34 ? "vn-34" : "vn-63";

    public string NameEn => _is34 ? "the 34 units" : "the 63 provinces";

    public string NameVi => _is34 ? "34 tỉnh, thành phố" : "63 tỉnh, thành phố";

    public DateOnly? ValidFrom => _is34 ? new DateOnly(2025, 7, 1) : null;

    public DateOnly? ValidTo => _is34 ? null : new DateOnly(2025, 6, 30);

    /// <summary>The geography in force on the last day of a year: vn-63 up to 2024, vn-34 from 2025.</summary>
    public static Geography AtEndOf(int year) => Vn34.IsInForceOn(new DateOnly(year, 12, 31)) ? Vn34 : Vn63;

    /// <summary>
    /// The geography a figure stored under a territory code must name to be read back as the same figure, or null when
    /// the code and period say it alone: only a plain code in the first half of 2025, when both geographies hold
    /// figures, needs one, and it is the 63's ("68" then is the old Lâm Đồng; the new one is stored as "vn34-68").
    /// </summary>
    public static Geography? OfStoredFigure(string territoryCode, int year, int? quarter) =>
        year == Vn63.ValidTo!.Value.Year && quarter is null or <= 2 && territoryCode.All(char.IsAsciiDigit) ? Vn63 : null;

    public bool IsInForceOn(DateOnly date) => (ValidFrom is not { } from || date >= from) && (ValidTo is not { } to || date <= to);

    /// <summary>Whether the geography was in force on any day of the period.</summary>
    public bool IsInForceDuring(ReportingPeriod period) =>
        (ValidFrom is not { } from || period.End >= from) && (ValidTo is not { } to || period.Start <= to);

    /// <summary>"vn-63", "vn63", "63", "vn-34", "34" (any case) name a geography; nothing else does.</summary>
    public static bool TryParse(string? text, out Geography geography)
    {
        Geography? found = text?.Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) switch
        {
            "vn63" or "63" => Vn63,
            "vn34" or "34" => Vn34,
            _ => null,
        };
        geography = found ?? default;
        return found is not null;
    }

    public override string ToString() => Code;
}

/// <summary>A year, or one quarter of it: the period a figure is reported for.</summary>
public readonly record struct ReportingPeriod(int Year, int? Quarter = null)
{
    public DateOnly Start => new(Year, Quarter is { } q ? 3 * q - 2 : 1, 1);
    public DateOnly End => Quarter is { } q ? new DateOnly(Year, 3 * q, 1).AddMonths(1).AddDays(-1) : new DateOnly(Year, 12, 31);

    public override string ToString() => Quarter is { } q ? $"{Year} Q{q}" : $"{Year}";
}
