using Analytics.Domain;

namespace Analytics.Contracts;

/// <summary>
/// A province's place. By value: Value is the figure. By attainment: Value is the attainment ratio (share of the
/// target projected for the year, direction-aware), with the probability and status beside it.
/// </summary>
public sealed record RankingRowDto(
    int? Rank, string Province, string ProvinceName, string Region, double? Value, int? PreviousRank, int? RankChange,
    AttainmentStatus? Status = null, double? Probability = null);

/// <summary><c>GET /api/rankings/{indicator}</c>: provinces ordered by value or by attainment, ranked rows first.</summary>
public sealed record RankingDto(
    string Indicator, string IndicatorName, string Unit, Direction Direction, int Year, ObservationKind Kind,
    string? Region, int Ranked, int Unranked, IReadOnlyList<RankingRowDto> Rows, string By = "value");
