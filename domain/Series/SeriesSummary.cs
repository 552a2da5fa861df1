namespace Analytics.Domain;

/// <summary>The yearly (non-quarterly) figures of one province's series, as the leaderboard keeps them.</summary>
public sealed record SeriesSummary(
    string Province,
    long Version,
    IReadOnlyList<YearValue> Values);

public readonly record struct YearValue(
    int Year,
    ObservationKind Kind,
    double Value);
