using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>
/// One flag on a stored figure (<c>GET /api/quality</c>): the unit (code and name in its geography, and the territory
/// code the figure is stored under, which <c>POST /api/quality/marks</c> also takes), the indicator, year, kind and
/// value, what the rule found (score against threshold, expected range, reason in the reader's language) and where
/// its follow-up stands (<c>open</c>, <c>reviewed</c>, <c>confirmed</c>, <c>corrected</c>) with the mark that set it.
/// </summary>
public sealed record QualityItemDto(
    string Province, string ProvinceName, Geography Geography, string Territory,
    string Indicator, string IndicatorName, int Year, ObservationKind Kind, double Value,
    string Rule, string RuleName, string Severity, double Score, double Threshold, double? ExpectedLow, double? ExpectedHigh,
    string Reason, string State, QualityMarkDto? Mark);

/// <summary>Who marked the figure, when, why, and the value the mark was about; <c>auditId</c> is its audit entry.</summary>
public sealed record QualityMarkDto(string State, string? Reason, string? By, DateTimeOffset At, double Value, string? AuditId);

/// <summary>
/// A page of flags, most severe first; <see cref="Total"/> and <see cref="ByRule"/> count every flag that matches the
/// filters, not only this page's. <see cref="Next"/> is the <c>after</c> of the next page, null on the last.
/// </summary>
public sealed record QualityPageDto(int Total, IReadOnlyList<QualityCountDto> ByRule, IReadOnlyList<QualityItemDto> Items, string? Next);

public sealed record QualityCountDto(string Rule, string RuleName, int Count);

/// <summary>
/// <c>POST /api/quality/marks</c>: a flagged figure (province as a code, a name or a territory code such as
/// <c>vn34-68</c>, with <c>geography</c> where a code means two units) and its new state: <c>reviewed</c>,
/// <c>confirmed</c> (a reason is required) or <c>open</c>. <c>kind</c> (actual or estimate) defaults to the flagged one.
/// </summary>
public sealed record QualityMarkRequest(
    string? Province, string? Indicator, int? Year, string? State, string? Reason = null, string? Kind = null, string? Geography = null);

/// <summary>The mark as set, with its audit entry.</summary>
public sealed record QualityMarkResult(string Territory, string Indicator, int Year, ObservationKind Kind, string State, string? Reason, string AuditId);

/// <summary>
/// A quality flag on a figure where it is shown: the rule, its severity, the follow-up state and the reason in the
/// reader's language (the pages show it as a tooltip). A ranking row carries its figure's most severe flag, a series
/// point every flag; null when the figure is not flagged.
/// </summary>
public sealed record FigureQualityDto(string Rule, string Severity, string State, string Reason);
