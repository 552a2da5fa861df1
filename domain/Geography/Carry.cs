using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Analytics.Domain.Geography;

/// <summary>How an indicator's pre-2025 figures are carried into a 34-unit value (the aggregation column of the catalog).</summary>
public enum CarryMethod
{
    /// <summary>Counts (subscribers, stations): the members' sum; a member without a figure leaves the unit without one.</summary>
    Sum,
    /// <summary>
    /// Composite index scores: the unweighted mean of the members' scores, as the Digital Transformation Index publisher
    /// regrouped its 2024 results into the 34 units. A member without a score leaves the unit without one.
    /// </summary>
    Mean,
    /// <summary>Rates and shares: the members' figures weighted by their population of that year (nearest year if missing).</summary>
    PopulationWeighted,
    /// <summary>Figures that mean nothing for a larger territory, such as ranks among the 63 provinces.</summary>
    NotCarried,
}

public static class CarryMethods
{
    public static string ToCode(this CarryMethod method) => method switch
    {
        CarryMethod.Sum => "sum",
        CarryMethod.Mean => "mean",
        CarryMethod.PopulationWeighted => "population-weighted",
        CarryMethod.NotCarried => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>The carry method of an indicator's aggregation rule (the catalog's aggregation column).</summary>
    public static CarryMethod ToCarryMethod(this Aggregation aggregation) => aggregation switch
    {
        Aggregation.Sum => CarryMethod.Sum,
        Aggregation.Mean => CarryMethod.Mean,
        Aggregation.PopulationWeighted => CarryMethod.PopulationWeighted,
        Aggregation.None => CarryMethod.NotCarried,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
    };

    public static bool TryParse(string? text, out CarryMethod method)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "sum": method = CarryMethod.Sum; return true;
            case "mean": method = CarryMethod.Mean; return true;
            case "population-weighted": method = CarryMethod.PopulationWeighted; return true;
            case "none": method = CarryMethod.NotCarried; return true;
            default: method = default; return false;
        }
    }

    /// <summary>The method in words, as an answer shows it.</summary>
    public static string Describe(this CarryMethod method) => method switch
    {
        CarryMethod.Sum => Bilingual.T("tổng số liệu của các tỉnh thành viên", "sum of the members' figures"),
        CarryMethod.Mean => Bilingual.T("trung bình cộng (không trọng số) số liệu của các tỉnh thành viên", "unweighted mean of the members' figures"),
        CarryMethod.PopulationWeighted => Bilingual.T("trung bình số liệu của các tỉnh thành viên, có trọng số theo dân số", "mean of the members' figures weighted by their population"),
        CarryMethod.NotCarried => Bilingual.T("không chuyển sang", "not carried"),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}

/// <summary>Whether a 34-unit figure was reported for the unit itself or derived from its members' figures.</summary>
public enum FigureOrigin { Reported, Derived }

public static class FigureOrigins
{
    /// <summary>The origin as the API's JSON and the pages' data attributes spell it: "reported" or "derived".</summary>
    public static string ToCode(this FigureOrigin origin) => origin == FigureOrigin.Derived ? "derived" : "reported";
}

/// <summary>
/// One member's part in a derived figure: its value (with the bound or approximation it is, if any), and for a
/// population-weighted one the weight and its year.
/// </summary>
public sealed record CarriedMember(AdministrativeUnit Member, double? Value, double? Population = null, int? PopulationYear = null, Qualifier? Qualifier = null);

/// <summary>
/// A 34-unit figure for a year: reported, or derived with its members, their values and the method. Without a value,
/// <see cref="Reason"/> says why and <see cref="Missing"/> names the members whose figures were lacking.
/// <see cref="Qualifier"/>: the bound or approximation the figure is (a reported one's own; a derived one's from its
/// members', <see cref="CarriedQualifier"/>); null when exact.
/// </summary>
public sealed record CarriedFigure(
    AdministrativeUnit Unit,
    int Year,
    double? Value,
    FigureOrigin Origin,
    CarryMethod Method,
    IReadOnlyList<CarriedMember> Members,
    IReadOnlyList<AdministrativeUnit> Missing,
    IReadOnlyList<string> Notes,
    string? Reason,
    Qualifier? Qualifier = null)
{
    [MemberNotNullWhen(true, nameof(Value))]
    public bool HasValue => Value is not null;
}

/// <summary>
/// Carries figures of the 63 provinces into the 34 units by an indicator's <see cref="CarryMethod"/>. Works on any kind of
/// figure (actuals, targets, plans): the caller passes the members' figures of one kind for one year.
/// </summary>
public sealed class Carry(Gazetteer gazetteer)
{
    /// <summary>
    /// The unit's figure: the one reported for the unit itself when there is one (it always wins), else the derived one.
    /// </summary>
    public CarriedFigure Figure(AdministrativeUnit unit, int year, CarryMethod method, double? reported,
        IReadOnlyDictionary<string, double> memberValues,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double>>? population = null) =>
        reported is { } r
            ? new CarriedFigure(unit, year, r, FigureOrigin.Reported, method, [], [], [], null)
            : Derive(unit, year, method, memberValues, population);

    /// <summary>
    /// Derives a vn-34 unit's figure for a year from its members' figures (keyed by member code).
    /// <paramref name="population"/> (member code → year → population) is needed only for the population-weighted method.
    /// </summary>
    /// <paramref name="memberQualifiers"/> (member code → qualifier) names the members whose figure is a bound or an approximation.
    public CarriedFigure Derive(AdministrativeUnit unit, int year, CarryMethod method,
        IReadOnlyDictionary<string, double> memberValues,
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, double>>? population = null,
        IReadOnlyDictionary<string, Qualifier>? memberQualifiers = null)
    {
        if (unit.Geography != Geography.Vn34)
            throw new ArgumentException($"{unit} is not a unit of the 34; figures are carried into the 34 units only.", nameof(unit));
        var members = gazetteer.MembersOf(unit);
        CarriedFigure NoValue(List<CarriedMember> parts, List<AdministrativeUnit> missing, List<string> notes, string reason) =>
            new(unit, year, null, FigureOrigin.Derived, method, parts, missing, notes, reason);

        var parts = members.Select(m => new CarriedMember(m, memberValues.TryGetValue(m.Code, out var v) ? v : null,
            Qualifier: memberQualifiers?.TryGetValue(m.Code, out var q) == true ? q : null)).ToList();
        if (method == CarryMethod.NotCarried)
            return NoValue(parts, [], [], Bilingual.T(
                $"không chuyển sang: số liệu của 63 tỉnh (như thứ hạng giữa các tỉnh) không có nghĩa đối với {unit.Label}, đơn vị gồm {Labels(members)}",
                $"not carried: a figure of the 63 provinces (such as a rank among them) has no meaning for {unit.Label}, which is formed of {Labels(members)}"));

        var missing = parts.Where(p => p.Value is null).Select(p => p.Member).ToList();
        if (missing.Count > 0)
            return NoValue(parts, missing, [], Bilingual.T(
                $"không có số liệu năm {year} của {Labels(missing)}: {method.Describe()} sẽ không đầy đủ, nên {unit.Label} không có giá trị",
                $"no {year} figure for {Labels(missing)}: the {method.Describe()} would be partial, so {unit.Label} has no value"));

        var notes = new List<string>();
        switch (method)
        {
            case CarryMethod.Sum:
                return Derived(parts.Sum(p => p.Value!.Value));
            case CarryMethod.Mean:
                return Derived(parts.Average(p => p.Value!.Value));
            case CarryMethod.PopulationWeighted:
                if (parts.Count == 1) return Derived(parts[0].Value!.Value); // one member: its own figure, whatever its weight
                var weighted = new List<CarriedMember>();
                var lacking = new List<AdministrativeUnit>();
                foreach (var p in parts)
                {
                    if (Nearest(population?.GetValueOrDefault(p.Member.Code), year) is not { } w) { lacking.Add(p.Member); weighted.Add(p); continue; }
                    if (w.Year != year) notes.Add(Bilingual.T($"thiếu dân số năm {year} của {p.Member.Label}; dùng năm {w.Year}", $"population of {p.Member.Label} for {year} missing; {w.Year} used"));
                    weighted.Add(p with { Population = w.Value, PopulationYear = w.Year });
                }
                if (lacking.Count > 0)
                    return NoValue(weighted, lacking, notes, Bilingual.T(
                        $"không có dân số của {Labels(lacking)} trong năm nào: không thể tính trọng số cho các tỉnh thành viên, nên {unit.Label} không có giá trị",
                        $"no population of {Labels(lacking)} in any year: the members cannot be weighted, so {unit.Label} has no value"));
                var total = weighted.Sum(p => p.Population!.Value);
                if (total <= 0) return NoValue(weighted, [], notes, Bilingual.T(
                    $"tổng dân số của các tỉnh thành viên là {total}: không có gì để tính trọng số",
                    $"the members' population adds up to {total}: nothing to weight by"));
                parts = weighted;
                return Derived(weighted.Sum(p => p.Value!.Value * p.Population!.Value) / total);
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }

        // Rounded to 10 decimals: float noise must not break a tie between equal means ((0.1 + 0.2) / 2 against 0.15).
        CarriedFigure Derived(double value) => new(unit, year, Math.Round(value, 10), FigureOrigin.Derived, method, parts, [], notes, null,
            CarriedQualifier.Of(parts.Select(p => p.Qualifier)));
    }

    /// <summary>The population of the year, or of the nearest year (the earlier one when two are equally near).</summary>
    private static (int Year, double Value)? Nearest(IReadOnlyDictionary<int, double>? byYear, int year)
    {
        if (byYear is null || byYear.Count == 0) return null;
        var best = byYear.OrderBy(kv => Math.Abs(kv.Key - year)).ThenBy(kv => kv.Key).First();
        return (best.Key, best.Value);
    }

    private static string Labels(IEnumerable<AdministrativeUnit> units) => string.Join(", ", units.Select(u => u.Label));
}

/// <summary>
/// What a figure derived from members' figures may claim when some of them are bounds or approximations. A sum, a mean
/// and a population-weighted mean all grow with each member's value, so lower bounds add up to a lower bound of the
/// whole ("&gt; 40" and exact others: "&gt; total") and upper bounds to an upper bound. A lower bound with an upper bound
/// bounds nothing, and an approximate member makes the whole approximate: both are "≈", not exact and on no known side.
/// </summary>
public static class CarriedQualifier
{
    public static Qualifier? Of(IEnumerable<Qualifier?> members)
    {
        var qualifiers = members.OfType<Qualifier>().ToHashSet();
        if (qualifiers.Count == 0) return null;
        var above = qualifiers.Contains(Qualifier.Above) || qualifiers.Contains(Qualifier.AtLeast);
        var below = qualifiers.Contains(Qualifier.Below) || qualifiers.Contains(Qualifier.AtMost);
        if (qualifiers.Contains(Qualifier.About) || (above && below)) return Qualifier.About;
        // One strict bound makes the whole strict: 40 or more plus more than 10 is more than 50.
        if (above) return qualifiers.Contains(Qualifier.Above) ? Qualifier.Above : Qualifier.AtLeast;
        return qualifiers.Contains(Qualifier.Below) ? Qualifier.Below : Qualifier.AtMost;
    }
}
