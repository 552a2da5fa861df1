namespace Analytics.Domain;

/// <summary>
/// Which figures to rank, and among which provinces (the caller resolves a region into codes).
/// Without a year, the latest year any of those provinces has a figure of that kind for.
/// With <see cref="Lifetimes"/> (one per province, in the same order), only the provinces that existed in the ranked
/// year take part, so the year can be chosen and the field fixed in one call.
/// </summary>
public sealed record RankingQuery(
    int? Year,
    ObservationKind Kind,
    IReadOnlyList<string> Provinces,
    int? Top,
    IReadOnlyList<YearSpan>? Lifetimes = null);

public sealed record Ranking(
    string Indicator,
    int Year,
    ObservationKind Kind,
    Direction Direction,
    IReadOnlyList<RankingRow> Rows);

/// <summary>
/// A province's place. Rank is null when it has no figure for the year. RankChange is positive when the
/// province moved up since the previous year (rank 5 → 3 is +2), null when it was not ranked then.
/// <see cref="Qualifier"/>: the figure is a bound or an approximation. <see cref="UncertainAgainst"/>: the ranked
/// provinces whose order against this one is not known because one of the two figures is qualified (null: none).
/// </summary>
public sealed record RankingRow(
    string Province,
    double? Value,
    int? Rank,
    int? PreviousRank,
    int? RankChange,
    Qualifier? Qualifier = null,
    IReadOnlyList<string>? UncertainAgainst = null)
{
    public bool RankUncertain => UncertainAgainst is { Count: > 0 };
}
