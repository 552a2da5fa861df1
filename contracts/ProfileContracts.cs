using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>
/// <c>GET /api/provinces/{code}/profile</c>: every indicator the unit (or, for a unit of the 34 formed by a merger, one of
/// its members) has figures for, each with the unit's latest figure, its rank in the unit's geography that year, and its
/// target; <see cref="Methods"/> says once per aggregation rule how derived figures were carried, naming the indicators.
/// </summary>
/// <param name="Filled">Rows with a year and a figure: the unit's own or carried value, or its members' latest figures.</param>
/// <param name="WithUnitValue">Rows with a value for the unit itself (reported or carried).</param>
public sealed record ProfileDto(
    ProvinceDto Unit, int TargetYear, int Filled, int WithUnitValue, IReadOnlyList<ProfileRowDto> Rows, IReadOnlyList<MethodNoteDto> Methods,
    string? Found = null);

/// <summary>
/// One indicator of a profile. <see cref="Origin"/>: <c>reported</c> (the unit's own figure) or <c>derived</c> (carried from
/// its members, with <see cref="MembersCovered"/> of <see cref="MembersTotal"/>; <see cref="MissingMembers"/> names those
/// without the figure). Without a unit value, <see cref="MemberFigures"/> holds each member's own latest figure and
/// <see cref="NoUnitValue"/> says why there is none: <c>not-carried</c> (the rule is <c>none</c>, e.g. a rank among the
/// 63), <c>members-missing</c> (a member lacks the year's figure), <c>no-figure</c>, or <c>no-yearly-actual</c> (only plans, targets or quarterly figures: the latest of them is shown). <see cref="NoUnitValue"/> is also
/// set beside a unit value when the members have a later figure that cannot be carried. A unit of the 34's own (reported)
/// figure names its <see cref="Source"/> and <see cref="Quote"/>, as stored with it. <see cref="Qualifier"/>: the unit's own
/// figure is a bound or an approximation (&gt;, ≥, &lt;, ≤, ≈); <see cref="RankUncertain"/>: its rank rests on such a figure
/// and <see cref="RankNote"/> says against whom. <see cref="Quality"/>: the most severe quality flag on the unit's own
/// figure, with its follow-up state, as the ranking of that year shows it.
/// </summary>
public sealed record ProfileRowDto(
    string Indicator, string NameVi, string NameEn, string Unit, string Aggregation,
    int? Year, ObservationKind? Kind, double? Value, FigureOrigin? Origin, int? MembersCovered, int? MembersTotal, IReadOnlyList<string>? MissingMembers,
    int? PreviousYear, double? PreviousValue, int? Rank, int? Ranked, int? RankChange,
    IReadOnlyList<MemberFigureDto>? MemberFigures, string? NoUnitValue, int? NoUnitValueYear, IReadOnlyList<string>? NoUnitValueMissing, string? NoUnitValueReason,
    double? Target, FigureOrigin? TargetOrigin, AttainmentStatus? Status, double? Probability, string? Source = null, string? Quote = null,
    string? Qualifier = null, bool RankUncertain = false, string? RankNote = null, FigureQualityDto? Quality = null)
{
    /// <summary>Whether the row shows a year and a figure: the unit's, or its members'.</summary>
    public bool IsFilled => Value is not null || MemberFigures is { Count: > 0 };
}

/// <summary>A member province's own latest figure, by name and year (and quarter, for a quarterly figure).</summary>
public sealed record MemberFigureDto(string Code, string Name, int Year, ObservationKind Kind, double Value, int? Quarter = null);

/// <summary>How figures were carried by one aggregation rule, said once, with the indicators it was applied to, by name.</summary>
public sealed record MethodNoteDto(string Rule, string Description, IReadOnlyList<string> IndicatorsVi, IReadOnlyList<string> IndicatorsEn);
