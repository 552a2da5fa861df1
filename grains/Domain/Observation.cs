namespace Analytics.Domain;

/// <summary>
/// One figure for one (province, indicator, year[, quarter], kind), with where it came from.
/// Province is always a GSO code here; names are resolved before an observation is made.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Observation(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] int Year,
    [property: Id(3)] int? Quarter,
    [property: Id(4)] ObservationKind Kind,
    [property: Id(5)] double Value,
    [property: Id(6)] string? Unit,
    [property: Id(7)] string? Source,
    [property: Id(8)] string? Quote)
{
    public ObservationKey Key => new(Year, Quarter, Kind);
    public string SeriesKey => SeriesKeys.Of(Province, Indicator);
}

/// <summary>Identity of an observation inside its series: two rows with the same key are the same figure.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ObservationKey(
    [property: Id(0)] int Year,
    [property: Id(1)] int? Quarter,
    [property: Id(2)] ObservationKind Kind)
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
