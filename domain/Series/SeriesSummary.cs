namespace Analytics.Domain;

/// <summary>The yearly (non-quarterly) figures of one province's series, as the leaderboard keeps them.</summary>
public sealed record SeriesSummary(
    string Province,
    long Version,
    IReadOnlyList<YearValue> Values);

/// <summary>A yearly figure; <see cref="Qualifier"/> when the value is a bound or an approximation.</summary>
public readonly record struct YearValue(
    int Year,
    ObservationKind Kind,
    double Value,
    Qualifier? Qualifier = null);
