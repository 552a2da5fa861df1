namespace Analytics.Domain.Geography;

/// <summary>A unit is identified by its geography and code: "68" is one territory in vn-63 and a larger one in vn-34.</summary>
public readonly record struct UnitKey(string Geography, string Code)
{
    public override string ToString() => $"{Geography}/{Code}";
}

/// <summary>
/// The socio-economic region a unit belongs to. For the 34 units it is the region of the province that hosts the seat
/// (<see cref="IsApproximate"/>): GSO had published no regional grouping of the 34 units in the sources at hand.
/// </summary>
public sealed record UnitRegion(string Name, bool IsApproximate)
{
    public override string ToString() => IsApproximate ? $"{Name} (approximate: region of the seat)" : Name;
}

/// <summary>A change of name without a change of territory, such as Thừa Thiên Huế becoming Thành phố Huế.</summary>
public sealed record Renaming(DateOnly On, string NameVi, string NameEn);

/// <summary>
/// A province or centrally-run city of one geography. A vn-63 unit that took part in a merger ends on its
/// <see cref="ValidTo"/> and names its <see cref="SuccessorCode"/>; a vn-34 unit lists the vn-63 <see cref="Members"/>
/// whose territory forms it.
/// </summary>
public sealed record AdministrativeUnit
{
    public required Geography Geography { get; init; }
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    /// <summary>The spelling of GSO's English tables ("Ho Chi Minh city", "Thua Thien-Hue").</summary>
    public required string NameEn { get; init; }
    /// <summary>The Vietnamese name without diacritics ("Lam Dong", "Thanh pho Ho Chi Minh").</summary>
    public string NameAscii => NameKeys.StripDiacritics(NameVi);
    public required UnitRegion Region { get; init; }
    /// <summary>As in the reference file; the geography's own dates bound it further (see <see cref="ExistsOn"/>).</summary>
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    /// <summary>For a unit that ended: the code of the unit its territory went to (vn-34 for 2025, Hà Nội for Hà Tây).</summary>
    public string? SuccessorCode { get; init; }
    /// <summary>For a vn-34 unit: the codes of the vn-63 provinces whose territory forms it. Empty for vn-63 units.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
    public IReadOnlyList<Renaming> Renamings { get; init; } = [];
    /// <summary>
    /// The key figures for this territory are stored under: the code for vn-63 units and for vn-34 units whose territory
    /// is one unmerged province (Hà Nội, Huế, …: one territory, one series across 2025); "vn34-68" for a merged unit,
    /// so the old and the new Lâm Đồng never share a series.
    /// </summary>
    public required string TerritoryCode { get; init; }

    /// <summary>
    /// A unit of the 34 formed by a merger: a territory of its own (<see cref="TerritoryCode"/> differs from the code),
    /// whose years before the merger are carried from its <see cref="Members"/>' figures.
    /// </summary>
    public bool IsMerged => Geography == Geography.Vn34 && TerritoryCode != Code;

    public UnitKey Key => new(Geography.Code, Code);

    /// <summary>First and last day the unit existed, bounded by its geography's period.</summary>
    public DateOnly? From => Later(ValidFrom, Geography.ValidFrom);
    public DateOnly? To => Earlier(ValidTo, Geography.ValidTo);

    public bool ExistsOn(DateOnly date) => (From is not { } f || date >= f) && (To is not { } t || date <= t);

    /// <summary>
    /// Whether figures for the period may be reported for this unit: its geography was in force during the period and the
    /// unit existed at the period's end, or at its geography's end when that falls inside the period. So in 2025 both the
    /// 63 (until 2025-06-30) and the 34 hold figures; Hà Tây, gone on 2008-07-31, holds none for 2008.
    /// </summary>
    public bool HoldsFiguresFor(ReportingPeriod period)
    {
        if (!Geography.IsInForceDuring(period)) return false;
        var end = Geography.ValidTo is { } g && g < period.End ? g : period.End;
        return ExistsOn(end);
    }

    /// <summary>
    /// The years the unit holds figures for (<see cref="HoldsFiguresFor"/>): Hà Tây until 2007, the 63 until 2025, the 34
    /// from 2025. Rankings of a year list exactly the units of their geography whose years contain it.
    /// </summary>
    public YearSpan Years => new(
        From is { } f ? (HoldsFiguresFor(new ReportingPeriod(f.Year)) ? f.Year : f.Year + 1) : null,
        To is { } t ? (HoldsFiguresFor(new ReportingPeriod(t.Year)) ? t.Year : t.Year - 1) : null);

    /// <summary>The name in use on a date (Thừa Thiên Huế is "Thành phố Huế" from 2025-01-01).</summary>
    public string NameViOn(DateOnly date) => Renamings.Where(r => r.On <= date).OrderBy(r => r.On).LastOrDefault()?.NameVi ?? NameVi;

    /// <summary>"Bình Thuận (60)".</summary>
    public string Label => $"{NameVi} ({Code})";

    public override string ToString() => $"{Label} [{Geography.Code}]";

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;
    private static DateOnly? Earlier(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
