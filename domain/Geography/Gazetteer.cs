using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Analytics.Domain.Geography;

/// <summary>
/// Every unit of both geographies and every usual way of naming them: who existed when, which geography is in force,
/// and what a code or name means in a given year. The one place that decides who existed when.
/// Names are matched on <see cref="NameKeys.UnitKey"/> plus a short alias list; a name may mean a unit in each
/// geography ("Lâm Đồng" is 68 in both, "Gia Lai" 64 in vn-63 and 52 in vn-34), and the year or geography decides.
/// </summary>
public sealed class Gazetteer
{
    /// <summary>
    /// Names no normalisation reaches: abbreviations and older spellings. Keys are normalised already. An alias applies in
    /// each geography that has a unit with its code.
    /// </summary>
    private static readonly (string Key, string Code)[] Aliases =
    [
        ("hcm", "79"), ("tphcm", "79"), ("hcmc", "79"), ("saigon", "79"),
        ("hue", "46"), ("tthue", "46"),
        ("daclac", "66"), ("dacnong", "67"),
        ("baccan", "06"),
        ("brvt", "77"),
    ];

    private readonly Dictionary<UnitKey, AdministrativeUnit> _byKey = [];
    private readonly Dictionary<string, List<AdministrativeUnit>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _regionsByKey = new(StringComparer.Ordinal);

    public Gazetteer(IEnumerable<AdministrativeUnit> units)
    {
        All = [.. units];
        foreach (var u in All)
            if (!_byKey.TryAdd(u.Key, u)) throw new ArgumentException(Bilingual.T($"Đơn vị {u.Key} xuất hiện hai lần.", $"Unit {u.Key} appears twice."), nameof(units));
        foreach (var u in All)
        {
            AddName(NameKeys.UnitKey(u.NameVi), u);
            AddName(NameKeys.UnitKey(u.NameEn), u);
            foreach (var r in u.Renamings)
            {
                AddName(NameKeys.UnitKey(r.NameVi), u);
                AddName(NameKeys.UnitKey(r.NameEn), u);
            }
            if (!u.Region.IsApproximate) _regionsByKey.TryAdd(NameKeys.RegionKey(u.Region.Name), u.Region.Name);
        }
        foreach (var (key, code) in Aliases)
            foreach (var g in Geography.All)
                if (_byKey.TryGetValue(new UnitKey(g.Code, code), out var u)
                    && !(_byName.TryGetValue(key, out var named) && named.Any(n => n.Geography == g)))
                    AddName(key, u);
        Regions = [.. All.Where(u => u.Geography == Geography.Vn63).Select(u => u.Region.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every unit of both geographies, vn-63 (file order, with Hà Tây) then vn-34.</summary>
    public IReadOnlyList<AdministrativeUnit> All { get; }

    /// <summary>The six GSO socio-economic regions of the 63 provinces.</summary>
    public IReadOnlyList<string> Regions { get; }

    public IEnumerable<AdministrativeUnit> UnitsOf(Geography geography) => All.Where(u => u.Geography == geography);

    /// <summary>The units that existed on a date (on 2025-06-30 the 63, on 2025-07-01 the 34).</summary>
    public IReadOnlyList<AdministrativeUnit> UnitsOn(DateOnly date) => [.. All.Where(u => u.ExistsOn(date))];

    /// <summary>
    /// The units a figure for the year (or quarter) may be reported for: before 2025 the 63 (with Hà Tây before 2008),
    /// in 2025 both geographies, from 2026 the 34. See <see cref="AdministrativeUnit.HoldsFiguresFor"/>.
    /// </summary>
    public IReadOnlyList<AdministrativeUnit> UnitsHoldingFiguresFor(int year, int? quarter = null) =>
        [.. All.Where(u => u.HoldsFiguresFor(new ReportingPeriod(year, quarter)))];

    /// <summary>The units of one geography that hold figures for the year; empty when the geography is not in force then.</summary>
    public IReadOnlyList<AdministrativeUnit> UnitsHoldingFiguresFor(Geography geography, int year, int? quarter = null) =>
        [.. UnitsOf(geography).Where(u => u.HoldsFiguresFor(new ReportingPeriod(year, quarter)))];

    /// <summary>The geography in force at the end of a year: vn-63 up to 2024, vn-34 from 2025.</summary>
    public static Geography GeographyAtEndOf(int year) => Geography.AtEndOf(year);

    /// <summary>The unit with this code in this geography ("1" and "01" are the same code), or null.</summary>
    public AdministrativeUnit? Find(Geography geography, string? code) =>
        NormaliseCode(code) is { } c && _byKey.TryGetValue(new UnitKey(geography.Code, c), out var u) ? u : null;

    public AdministrativeUnit? Find(UnitKey key) => _byKey.GetValueOrDefault(key);

    /// <summary>
    /// The unit whose figures are stored under a territory code that is no plain code ("vn34-68", the new Lâm Đồng), or
    /// null. The storage key is thus also a name: a figure read back from storage resolves to the unit it was stored for.
    /// </summary>
    public AdministrativeUnit? FindTerritory(string? territoryCode) =>
        territoryCode is { Length: > 5 } t && t.StartsWith("vn34-", StringComparison.OrdinalIgnoreCase)
        && Find(Geography.Vn34, t[5..]) is { } u && string.Equals(u.TerritoryCode, t, StringComparison.OrdinalIgnoreCase)
            ? u
            : null;

    /// <summary>The unit of a geography stored under a territory code ("01" is Hà Nội in either, "vn34-68" the new Lâm Đồng).</summary>
    public AdministrativeUnit? ByTerritory(Geography geography, string territoryCode) =>
        FindTerritory(territoryCode) is { } u ? (u.Geography == geography ? u : null)
        : Find(geography, territoryCode) is { } plain && plain.TerritoryCode == territoryCode ? plain : null;

    /// <summary>The vn-63 provinces whose territory forms a vn-34 unit, in the reference file's order.</summary>
    public IReadOnlyList<AdministrativeUnit> MembersOf(AdministrativeUnit unit) =>
        [.. unit.Members.Select(m => Find(Geography.Vn63, m) ?? throw new InvalidOperationException($"{unit} lists unknown member {m}."))];

    /// <summary>
    /// The unit a territory went to when it ended: Hà Tây → Hà Nội (vn-63, 2008), Bình Thuận → Lâm Đồng (vn-34, 2025);
    /// for an unmerged province at the end of vn-63, its vn-34 unit. Null while the unit exists.
    /// </summary>
    public AdministrativeUnit? SuccessorOf(AdministrativeUnit unit)
    {
        if (unit.To is not { } end) return null;
        var next = end.AddDays(1);
        var code = unit.SuccessorCode ?? unit.Code;
        return All.FirstOrDefault(u => u.Code == code && u.ExistsOn(next) && u.Geography == GeographyOn(next))
            ?? All.FirstOrDefault(u => u.Geography == GeographyOn(next) && u.Members.Contains(unit.Code));
    }

    /// <summary>
    /// What a code or name means. With a geography, only its units are read; with a year (and quarter), only units that
    /// hold figures for it. A code or name that still means two territories is refused naming both readings; two
    /// readings of one territory (Hà Nội in 2025) resolve to the unit of the geography in force at the period's end.
    /// A merged province asked for after its end is refused naming its successor.
    /// </summary>
    /// <param name="restated">The figure was recomputed by its publisher for a unit of the 34 for a period before the merger
    /// (the DTI 2024 of the new Hải Phòng); only with <paramref name="geography"/> vn-34 and such a period.</param>
    public UnitResolution Resolve(string? codeOrName, int? year = null, Geography? geography = null, int? quarter = null, bool restated = false)
    {
        // A batch names the same few dozen units thousands of times, and working each out allocates (lists, texts): a
        // trace of table-shaped ingest put a tenth of the API's time here. Only resolved answers are kept: a refusal's
        // text is in the asker's language, and bad input must not fill the memory.
        if (codeOrName is null) return ResolveUncached(codeOrName, year, geography, quarter, restated);
        var key = (codeOrName, year, geography, quarter, restated);
        if (_resolved.TryGetValue(key, out var known)) return known;
        var answer = ResolveUncached(codeOrName, year, geography, quarter, restated);
        if (answer.Unit is not null && Interlocked.Increment(ref _resolvedCount) <= MaxResolved) _resolved.TryAdd(key, answer);
        return answer;
    }

    /// <summary>How many resolved questions <see cref="Resolve"/> keeps: units × spellings × years × geographies asked in practice, many times over.</summary>
    private const int MaxResolved = 50_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int?, Geography?, int?, bool), UnitResolution> _resolved = new();
    private int _resolvedCount;

    private UnitResolution ResolveUncached(string? codeOrName, int? year, Geography? geography, int? quarter, bool restated)
    {
        if (string.IsNullOrWhiteSpace(codeOrName)) return UnitResolution.Refused(Bilingual.T("cần mã hoặc tên tỉnh", "a province code or name is required"));
        var text = codeOrName.Trim();
        var isCode = text.All(char.IsAsciiDigit);
        var candidates = isCode
            ? [.. Geography.All.Select(g => Find(g, text)).OfType<AdministrativeUnit>()]
            : FindTerritory(text) is { } territory
                ? [territory]
                : _byName.GetValueOrDefault(NameKeys.UnitKey(text)) ?? [];
        var what = isCode ? Bilingual.T($"mã {NormaliseCode(text)}", $"code {NormaliseCode(text)}") : $"'{text}'";
        if (candidates.Count == 0) return UnitResolution.Refused(Bilingual.T($"không có tỉnh '{text}'", $"unknown province '{text}'"));

        if (geography is { } asked)
        {
            var inGeography = candidates.Where(u => u.Geography == asked).ToList();
            // A merged province sent with the new geography: its successor is the useful answer.
            if (inGeography.Count == 0 && year is { } askedYear && candidates is [{ ValidTo: not null } merged]
                && !merged.HoldsFiguresFor(new ReportingPeriod(askedYear, quarter)))
                return UnitResolution.Refused(NotHolding(merged, new ReportingPeriod(askedYear, quarter)), candidates);
            if (inGeography.Count == 0)
                return UnitResolution.Refused(
                    Bilingual.T(
                        $"{what} không chỉ đơn vị nào của {asked.NameVi} ({asked.Code}); nó chỉ {string.Join(" và ", candidates.Select(UnitResolution.Describe))}",
                        $"{what} names no unit of {asked.NameEn} ({asked.Code}); it names {string.Join(" and ", candidates.Select(UnitResolution.Describe))}"),
                    candidates);
            candidates = inGeography;
        }

        if (year is < 1 or > 9998) return UnitResolution.Refused(Bilingual.T($"năm {year} không thuộc địa giới nào", $"year {year} is not a year of any geography"));
        if (quarter is < 1 or > 4) return UnitResolution.Refused(Bilingual.T($"quý {quarter} không thuộc 1..4", $"quarter {quarter} is not 1..4"));
        if (year is not { } y)
            return OneTerritory(candidates, what, null, Bilingual.T("hãy ghi năm hoặc địa giới (vn-63 hoặc vn-34)", "give a year or a geography (vn-63 or vn-34)"), Geography.Vn34);

        var period = new ReportingPeriod(y, quarter);
        if (restated) return RestatedFor(candidates, geography, period);
        if (geography is { } g && !g.IsInForceDuring(period))
            return UnitResolution.Refused(candidates[0].Members.Count > 0 || (candidates[0].ValidTo is { } end && period.Start > end)
                ? NotHolding(candidates[0], period)
                : GeographyNotInForce(g, period), candidates);

        var holding = candidates.Where(u => u.HoldsFiguresFor(period)).ToList();
        if (holding.Count == 0) return UnitResolution.Refused(NotHolding(candidates[0], period), candidates);
        return OneTerritory(holding, what, period, Bilingual.T("hãy chọn bằng địa giới (vn-63 hoặc vn-34)", "say which with a geography (vn-63 or vn-34)"), GeographyOn(period.End));
    }

    /// <summary>
    /// A unit of the 34 for a period before it existed, because its publisher restated the figure for the new boundaries:
    /// only then, so that a plain slip of year or geography is still refused.
    /// </summary>
    private static UnitResolution RestatedFor(List<AdministrativeUnit> candidates, Geography? geography, ReportingPeriod period)
    {
        var from = Geography.Vn34.ValidFrom!.Value;
        if (geography != Geography.Vn34)
            return UnitResolution.Refused(Bilingual.T($"chỉ số liệu của 34 đơn vị (địa giới {Geography.Vn34.Code}) mới được tính lại",
                $"only figures of the 34 units (geography {Geography.Vn34.Code}) are restated"), candidates);
        if (period.End >= from)
            return UnitResolution.Refused(Bilingual.T(
                $"{candidates[0].Label} có số liệu riêng cho {period}; chỉ số liệu trước {from:yyyy-MM-dd} mới là số liệu tính lại (bỏ đánh dấu restated)",
                $"{candidates[0].Label} holds its own figures for {period}; only figures before {from:yyyy-MM-dd} are restated (remove the restated mark)"),
                candidates);
        return UnitResolution.Resolved(candidates[0]);
    }

    /// <summary>Resolves a region name in any of GSO's spellings to the region as written in the reference file.</summary>
    public bool TryResolveRegion(string? name, [NotNullWhen(true)] out string? region)
    {
        region = null;
        return !string.IsNullOrWhiteSpace(name) && _regionsByKey.TryGetValue(NameKeys.RegionKey(name), out region);
    }

    private static UnitResolution OneTerritory(List<AdministrativeUnit> readings, string what, ReportingPeriod? scope, string ask, Geography inForce)
    {
        if (readings.Count == 1) return UnitResolution.Resolved(readings[0]);
        // One territory in both geographies (an unmerged province such as Hà Nội): the unit of the geography in force.
        if (readings.Select(u => u.TerritoryCode).Distinct(StringComparer.Ordinal).Count() == 1)
            return UnitResolution.Resolved(readings.FirstOrDefault(u => u.Geography == inForce) ?? readings[^1]);
        var all = string.Join(Bilingual.T(" và ", " and "), readings.Select(UnitResolution.Describe));
        return UnitResolution.Refused(Bilingual.T(
            $"{what} chỉ {readings.Count} lãnh thổ{(scope is { } inVi ? $" trong {inVi}" : "")}: {all}; {ask}",
            $"{what} means {Count(readings.Count)} territories{(scope is { } inEn ? $" in {inEn}" : "")}: {all}; {ask}"), readings);
    }

    private string NotHolding(AdministrativeUnit unit, ReportingPeriod period)
    {
        if (unit.From is { } from && period.End < from)
        {
            var members = MembersOf(unit);
            var listed = string.Join(", ", members.Select(m => m.Label));
            return members.Count > 0
                ? Bilingual.T(
                    $"{unit.Label} của {unit.Geography.NameVi} có từ {from:yyyy-MM-dd}; số liệu {period} thuộc về " +
                    $"các đơn vị thành viên {listed} (địa giới {Geography.Vn63.Code}), trừ số liệu được cơ quan công bố tính lại cho đơn vị mới (cột restated)",
                    $"{unit.Label} of {unit.Geography.NameEn} exists from {from:yyyy-MM-dd}; figures for {period} belong to " +
                    $"its members {listed} (geography {Geography.Vn63.Code}), unless their publisher restated them for the new unit (column restated)")
                : Bilingual.T($"{unit.Label} có từ {from:yyyy-MM-dd}; không có số liệu của đơn vị này cho {period}",
                    $"{unit.Label} exists from {from:yyyy-MM-dd}; there are no figures for it in {period}");
        }
        var successor = SuccessorOf(unit);
        var ended = unit.To!.Value.AddDays(1);
        var sendFrom = FirstPeriodNotHeld(unit, period);
        if (successor is null) return Bilingual.T($"{unit.Label} chấm dứt ngày {unit.To:yyyy-MM-dd}", $"{unit.Label} ceased to exist on {unit.To:yyyy-MM-dd}");
        if (unit.ValidTo is null)
            return Bilingual.T(
                $"{unit.Label} của {unit.Geography.NameVi} tiếp tục là {successor.Label} của {successor.Geography.NameVi} " +
                $"từ {ended:yyyy-MM-dd}; gửi số liệu từ {sendFrom} cho {successor.NameVi} (địa giới {successor.Geography.Code})",
                $"{unit.Label} of {unit.Geography.NameEn} continues as {successor.Label} of {successor.Geography.NameEn} " +
                $"from {ended:yyyy-MM-dd}; send figures from {sendFrom} for {successor.NameVi} (geography {successor.Geography.Code})");
        return Bilingual.T(
            $"{unit.Label} đã được sáp nhập vào {successor.Label} ngày {ended:yyyy-MM-dd}; gửi số liệu từ {sendFrom} cho {successor.NameVi}",
            $"{unit.Label} was merged into {successor.Label} on {ended:yyyy-MM-dd}; send figures from {sendFrom} for {successor.NameVi}");
    }

    private static string GeographyNotInForce(Geography geography, ReportingPeriod period) =>
        geography.ValidTo is { } to && period.Start > to
            ? Bilingual.T($"{geography.NameVi} ({geography.Code}) chấm dứt ngày {to:yyyy-MM-dd}; số liệu {period} thuộc về 34 đơn vị (địa giới {Geography.Vn34.Code})",
                $"{geography.NameEn} ({geography.Code}) ended on {to:yyyy-MM-dd}; figures for {period} belong to the 34 units (geography {Geography.Vn34.Code})")
            : Bilingual.T($"{geography.NameVi} ({geography.Code}) có từ {geography.ValidFrom:yyyy-MM-dd}; số liệu {period} thuộc về 63 tỉnh (địa giới {Geography.Vn63.Code})",
                $"{geography.NameEn} ({geography.Code}) exist from {geography.ValidFrom:yyyy-MM-dd}; figures for {period} belong to the 63 provinces (geography {Geography.Vn63.Code})");

    /// <summary>"2026" for Bình Thuận (its 2025 figures are still its own), "2008" for Hà Tây, "2025 Q3" for a quarter.</summary>
    private static string FirstPeriodNotHeld(AdministrativeUnit unit, ReportingPeriod asked)
    {
        var end = unit.To!.Value;
        if (asked.Quarter is not null && asked.Year == end.Year && unit.HoldsFiguresFor(new ReportingPeriod(end.Year)))
            return new ReportingPeriod(end.Year, (end.Month - 1) / 3 + 2).ToString();
        return (unit.HoldsFiguresFor(new ReportingPeriod(end.Year)) ? end.Year + 1 : end.Year).ToString(CultureInfo.InvariantCulture);
    }

    private static Geography GeographyOn(DateOnly date) => Geography.Vn34.IsInForceOn(date) ? Geography.Vn34 : Geography.Vn63;

    private static string Count(int n) => n == 2 ? "two" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A unit code as stored: "1" and "01" are the same code (two digits); anything else is kept as written.</summary>
    public static string? NormaliseCode(string? code)
    {
        var c = code?.Trim();
        if (string.IsNullOrEmpty(c)) return null;
        return c.Length <= 3 && c.All(char.IsAsciiDigit)
            ? int.Parse(c, CultureInfo.InvariantCulture).ToString("00", CultureInfo.InvariantCulture)
            : c;
    }

    private void AddName(string key, AdministrativeUnit unit)
    {
        if (key.Length == 0) return;
        if (!_byName.TryGetValue(key, out var units)) _byName[key] = units = [];
        if (units.Contains(unit)) return;
        if (units.FirstOrDefault(u => u.Geography == unit.Geography) is { } other)
            throw new ArgumentException(Bilingual.T($"Hai đơn vị {other.Key} và {unit.Key} có cùng khoá tên '{key}'.", $"Units {other.Key} and {unit.Key} share the name key '{key}'."));
        units.Add(unit);
    }
}
