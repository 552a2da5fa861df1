using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>A national target that applies to every province, with where it is written, word for word.</summary>
public sealed record NationalTargetDto(
    string Indicator, int Year, string Comparator, double Value, string Document, string TitleVi, string TitleEn, string Issuer,
    DateOnly Date, string Clause, string Quote, string SourceUrl);

/// <summary>
/// The targets a merged unit's member provinces set for a year, grouped under the unit of the 34: each member's target,
/// status and probability. <see cref="UnitStatus"/> is set only where every member set a target and the indicator's rule
/// combines them (<see cref="How"/>: <c>combined</c>, the members' targets and histories carried into the unit and
/// projected as one series); else <see cref="How"/> says why not: <c>members-incomplete</c> or <c>not-combinable</c>.
/// </summary>
public sealed record MemberTargetGroupDto(
    string Unit, string UnitName, string Region, string Indicator, string IndicatorNameVi, string IndicatorNameEn, string Aggregation,
    int MembersTotal, IReadOnlyList<MemberTargetDto> Members, string How, AttainmentStatus? UnitStatus, double? UnitTarget, double? UnitProbability);

/// <summary>One member's target of a year and how it is doing against it (its own series' forecast).</summary>
public sealed record MemberTargetDto(string Code, string Name, double Target, AttainmentStatus Status, double? Probability, int? LastYear, double? LastValue,
    double? Projected);

/// <summary>
/// <c>GET /api/review/{year}</c>: every target set for a year that has passed or is passing, looked back on: the last
/// actual known and its year, the forecast made before the target year (one issued before 1 January of the year, else a
/// back-dated one: the same model projecting only the figures of the years before), and the outcome.
/// </summary>
public sealed record ReviewDto(int Year, Geography Geography, string Source, int Targets, IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<ReviewRowDto> Rows, IReadOnlyList<NationalTargetDto> NationalTargets);

/// <summary>
/// One target looked back on. <see cref="Unit"/> is the unit of the geography asked; in the 34 a member province's target
/// names its unit in <see cref="MemberOf"/>. <see cref="ForecastOrigin"/>: <c>issued</c> (from the series' forecast
/// history) or <c>back-dated</c>. <see cref="Outcome"/>: <c>met</c>, <c>missed</c> or <c>not-reported</c>.
/// </summary>
public sealed record ReviewRowDto(
    string Unit, string UnitName, string? MemberOf, string? MemberOfName, string Indicator, string IndicatorNameVi, string IndicatorNameEn,
    string TargetSource, string? TargetDocument, double Target, int? LastYear, double? LastValue, ObservationKind? LastKind,
    int? ForecastDataTo, double? ForecastPoint, double? ForecastProbability, string? ForecastOrigin, DateTimeOffset? ForecastIssuedAt,
    double? Actual, string Outcome);
