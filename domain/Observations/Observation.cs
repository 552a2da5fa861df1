namespace Analytics.Domain;

/// <summary>
/// One figure for one (province, indicator, year[, quarter], kind), with where it came from.
/// Province is the territory code of the unit the figure was reported for (Geography.AdministrativeUnit.TerritoryCode:
/// the GSO code, or "vn34-68" for a unit of the 34 formed by a merger); names are resolved before an observation is made.
/// <see cref="Qualifier"/> says when the document gives the value as a bound or an approximation ("hơn 40"); null: exact.
/// </summary>
public sealed record Observation(
    string Province,
    string Indicator,
    int Year,
    int? Quarter,
    ObservationKind Kind,
    double Value,
    string? Unit,
    string? Source,
    string? Quote,
    Qualifier? Qualifier = null)
{
    public ObservationKey Key => new(Year, Quarter, Kind);
    public string SeriesKey => SeriesKeys.Of(Province, Indicator);
}

/// <summary>Identity of an observation inside its series: two rows with the same key are the same figure.</summary>
public readonly record struct ObservationKey(
    int Year,
    int? Quarter,
    ObservationKind Kind)
{
    public override string ToString() => Quarter is { } q ? $"{Year}Q{q} {Kind.ToCode()}" : $"{Year} {Kind.ToCode()}";
}

public static class SeriesKeys
{
    /// <summary>The series grain key, e.g. "60/internet-users-rate".</summary>
    public static string Of(string province, string indicator) => $"{province}/{indicator}";

    public static (string Province, string Indicator) Split(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1) throw new ArgumentException($"Series key '{key}' is not 'province/indicator'.", nameof(key));
        return (key[..slash], key[(slash + 1)..]);
    }
}
