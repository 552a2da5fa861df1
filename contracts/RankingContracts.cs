using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>
/// A unit's place. By value: Value is the figure. By attainment: Value is the attainment ratio (share of the
/// target projected for the year, direction-aware), with the probability and status beside it.
/// <see cref="Origin"/> says whether the figure was reported for the unit (<c>reported</c>) or derived from its members'
/// figures (<c>derived</c>, a unit of the 34 before the merger) by <see cref="Method"/>, with each member's value (and
/// population with its year, for population-weighted means); <see cref="Missing"/> names members without a figure and
/// <see cref="Reason"/> says why a unit has no value. <see cref="RegionApproximate"/>: the region of the seat, for the 34.
/// <see cref="Qualifier"/>: the figure is a bound or an approximation (&gt;, ≥, &lt;, ≤, ≈). <see cref="RankUncertain"/>: the
/// rank rests on such a figure (this one's or another's), so its order against <see cref="UncertainAgainst"/> (unit codes)
/// is not known; <see cref="RankNote"/> says so in words. The rank itself is that of the stored value.
/// </summary>
public sealed record RankingRowDto(
    int? Rank, string Province, string ProvinceName, string Region, double? Value, int? PreviousRank, int? RankChange,
    AttainmentStatus? Status = null, double? Probability = null,
    FigureOrigin Origin = FigureOrigin.Reported, string? Method = null, IReadOnlyList<CarriedMemberDto>? Members = null,
    IReadOnlyList<UnitRefDto>? Missing = null, IReadOnlyList<string>? Notes = null, string? Reason = null, bool RegionApproximate = false,
    string? Qualifier = null, bool RankUncertain = false, IReadOnlyList<string>? UncertainAgainst = null, string? RankNote = null,
    FigureQualityDto? Quality = null);

/// <summary>
/// One member's part in a derived figure: its value (with its qualifier, "&gt;", "≈", … when a bound or an approximation),
/// and for a population-weighted mean its population and that population's year.
/// </summary>
public sealed record CarriedMemberDto(string Code, string Name, double? Value, double? Population = null, int? PopulationYear = null, string? Qualifier = null);

/// <summary>
/// <c>GET /api/rankings/{indicator}</c>: the units of one geography (<c>vn-63</c> or <c>vn-34</c>) ordered by value or by
/// attainment, ranked rows first; <see cref="Notes"/> say what the reader must know (approximate regions, derived figures).
/// <see cref="LeftOut"/>: with <c>quality=exclude</c>, how many figures with an open quality flag were left out of the
/// ranking (listed among the unranked rows with the reason); null when nothing was asked to be left out.
/// </summary>
public sealed record RankingDto(
    string Indicator, string IndicatorName, string Unit, Direction Direction, int Year, ObservationKind Kind,
    string? Region, int Ranked, int Unranked, IReadOnlyList<RankingRowDto> Rows, string By,
    Geography Geography, string? Aggregation = null, IReadOnlyList<string>? Notes = null, int? LeftOut = null);
