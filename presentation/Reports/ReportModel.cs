using Analytics.Presentation.Charts;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;
using Analytics.Domain.Geography;
using Analytics.Domain;

namespace Analytics.Presentation.Reports;

// The planning reports' model: plain records filled by the query layer (api/Queries/ReportQueries.cs) with figures
// it has already computed. The renderers (ReportHtml, ReportWorkbook, ReportPdf) only format and lay out; none of
// them ranks, forecasts or decides a status.

/// <summary>A unit of either geography. <paramref name="NameEn"/> is the name without diacritics (English text).</summary>
public sealed record ReportUnit(string Code, string NameVi, string NameEn, Geography Geography)
{
    public string Name(Language language) => language == Language.En ? NameEn : NameVi;
}

/// <summary>An indicator as the report names it, with how many decimals its figures are shown with.</summary>
public sealed record ReportIndicator(string Code, string NameVi, string NameEn, string UnitOfMeasure, bool HigherIsBetter, int Decimals = 1)
{
    public string Name(Language language) => language == Language.En ? NameEn : NameVi;
}

/// <summary>
/// The forecasting model's measured skill on held-out years: a rolling-origin back-test (docs/forecasting.md), its origin,
/// how many series and points it scored, the production method's MASE relative to the naive method, and how often
/// the 80% and 95% intervals held the actual.
/// </summary>
/// <c>RelMae</c> is the geometric mean over series of the error relative to naive's; <c>LeaveTablesOut</c>: scored on
/// tables the model was not fitted on.
public sealed record ModelSkill(int Origin, string Horizons, int Series, int Points, double MaseVsNaive, double Coverage80, double Coverage95, string Dataset,
    double? RelMae = null, bool LeaveTablesOut = false);

/// <summary>What every report states on its cover: scope, when the data and the model are from, and how good the model is.</summary>
public sealed record ReportCover(
    int TargetYear,
    Geography Geography,
    DateTimeOffset? DataAsOf,
    string? ModelVersion,
    DateTimeOffset? ModelTrainedAt,
    ModelSkill? Skill,
    DateTimeOffset GeneratedAt);

public sealed record ReportInterval(double Lower, double Upper);

/// <summary>The range of the other methods' projections for the target year.</summary>
public sealed record MethodSpread(double Low, double High);

/// <summary>How many indicators (or units) are in one status.</summary>
public sealed record StatusCount(AttainmentStatus Status, int Count);

/// <summary>Another forecasting method's projection for the target year (the spread around the served one).</summary>
public sealed record MethodProjection(string Method, double Value);

/// <summary>
/// The method's back-test record for series like this one (<c>Length</c>: a band of figures such as "2" or "7–9",
/// <c>Horizon</c> years ahead): error relative to naive's, and how often the 80% interval held the actual.
/// </summary>
public sealed record ProjectionAccuracy(string Length, int Horizon, double RelativeError, double Coverage80);

/// <summary>
/// One series' projection for the target year and its attainment: last figure, target, projected value with 80% and
/// 95% intervals, probability of meeting the target, the yearly change needed against the change observed, status.
/// <paramref name="LastFlag"/>: the last figure's most severe quality flag (confirmed or explained: the forecast leaves out
/// a figure flagged and not confirmed).
/// </summary>
public sealed record Projection(
    int TargetYear,
    int? LastYear,
    double? LastValue,
    double? Target,
    double? Projected,
    ReportInterval? Interval80,
    ReportInterval? Interval95,
    double? Probability,
    double? RequiredYearlyChange,
    double? ObservedYearlyChange,
    AttainmentStatus Status,
    string? Reason,
    string? Method,
    IReadOnlyList<MethodProjection> OtherMethods,
    bool Derived = false,
    ProjectionAccuracy? Accuracy = null,
    FigureFlag? LastFlag = null)
{
    /// <summary>Lowest and highest of the other methods' projections, or null when there are none.</summary>
    public MethodSpread? Spread => OtherMethods.Count == 0
        ? null
        : new(OtherMethods.Min(m => m.Value), OtherMethods.Max(m => m.Value));
}

/// <summary>
/// A unit's rank on one indicator among all units of its geography, for the year of the ranking; <paramref name="Qualifier"/>
/// (&gt; ≥ &lt; ≤ ≈) and <paramref name="Flag"/> (its most severe quality flag) are the value's, as the ranking has them.
/// </summary>
public sealed record UnitRank(int? Rank, int RankedUnits, int? Year, double? Value, bool Derived = false, string? Qualifier = null, FigureFlag? Flag = null);

/// <summary>
/// Where a figure comes from: the document and the quote it was read from; whether it is a bound or an approximation
/// (<paramref name="Qualifier"/>) and the most severe quality flag on it.
/// </summary>
public sealed record SourceQuote(string IndicatorCode, int Year, ObservationKind Kind, double Value, string Source, string? Quote, bool Derived = false,
    string? Qualifier = null, FigureFlag? Flag = null);

/// <summary>
/// One indicator of a province report: projection, chart data, rank and sources; <paramref name="CarryMethod"/> is the rule
/// its derived figures were carried by (sum, mean, population-weighted), shown beside each "derived" mark.
/// </summary>
public sealed record IndicatorSection(
    ReportIndicator Indicator,
    Projection Projection,
    IReadOnlyList<SeriesFigure> Figures,
    IReadOnlyList<FanYear> Fan,
    UnitRank? Rank,
    IReadOnlyList<SourceQuote> Sources,
    string? CarryMethod = null);

/// <summary>A member of a merged unit (a 63-province that became part of one of the 34 units).</summary>
public sealed record MergedMember(string Code, string NameVi, string NameEn);

/// <summary>
/// A unit formed on 2025-07-01 from several provinces: its members and, per aggregation rule, how their figures
/// were carried into the unit's own series (sum, mean, population-weighted mean).
/// </summary>
public sealed record MergedUnit(DateOnly ValidFrom, IReadOnlyList<MergedMember> Members, IReadOnlyList<MethodNote> HowCarried,
    IReadOnlyList<CarriedValue>? Figures = null);

/// <summary>How figures were carried by one aggregation rule, said once, with the indicators (by name) it was applied to.</summary>
public sealed record MethodNote(string Rule, string Description, IReadOnlyList<string> Indicators);

/// <summary>
/// One indicator's latest figure for the unit (its own, or carried from its members with <paramref name="Coverage"/> such as
/// "3 of 3 members") and its rank among the units of its geography that year; its qualifier and quality flag.
/// </summary>
public sealed record UnitFigure(ReportIndicator Indicator, int Year, ObservationKind Kind, double Value, bool Derived, string? Coverage,
    int? Rank, int? Ranked, string? Qualifier = null, FigureFlag? Flag = null);

/// <summary>One member's target of the year (set before the merger), its status and probability from its own series.</summary>
public sealed record MemberTarget(string Code, string Name, double Target, AttainmentStatus Status, double? Probability, int? LastYear, double? LastValue,
    double? Projected);

/// <summary>
/// The members' targets of one indicator grouped under the merged unit; <paramref name="UnitStatus"/> only where every member set
/// a target and the rule combines them (<paramref name="How"/>: combined, members-incomplete or not-combinable).
/// </summary>
public sealed record MemberTargetGroup(ReportIndicator Indicator, int MembersTotal, IReadOnlyList<MemberTarget> Members, string How,
    AttainmentStatus? UnitStatus, double? UnitProbability);

/// <summary>
/// A target of a passed year looked back on: the last actual before it, the forecast made before the year (issued or
/// back-dated), the year's figure and the outcome (met, missed, not-reported). <paramref name="SetBy"/> names who set it: the
/// member province of a merged unit, or the national document and clause. <paramref name="Member"/>: the member whose
/// figures these are, when not the unit's own; <paramref name="LastFlag"/> and <paramref name="ActualFlag"/>: the two
/// figures' most severe quality flags.
/// </summary>
public sealed record ReviewLine(ReportIndicator Indicator, string? SetBy, double Target, int? LastYear, double? LastValue,
    double? ForecastPoint, double? ForecastProbability, string? ForecastOrigin, double? Actual, string Outcome,
    string? Member = null, FigureFlag? LastFlag = null, FigureFlag? ActualFlag = null);

/// <summary>
/// A national target of the horizon year that applies to the unit: the document, its clause and verbatim quote, and the
/// unit's projection against it (null when the unit has no figure of the indicator).
/// </summary>
public sealed record NationalGoal(ReportIndicator Indicator, string Comparator, double Target, string Document, string Title, string Date,
    string Clause, string Quote, string SourceUrl, Projection? Projection);

/// <summary>
/// What a planner of a merged unit reads beyond its own targets: its members' targets of the year, its latest figures with
/// ranks, the passed year looked back on, and the national targets of the horizon year.
/// </summary>
public sealed record PlanningOutlook(
    IReadOnlyList<MemberTargetGroup> MemberTargets,
    IReadOnlyList<UnitFigure> Figures,
    int ReviewYear,
    IReadOnlyList<ReviewLine> Review,
    int HorizonYear,
    IReadOnlyList<NationalGoal> National)
{
    /// <summary>How many member targets are in each status; every status present, zero included.</summary>
    public IReadOnlyList<StatusCount> MemberStatusCounts =>
        [.. Enum.GetValues<AttainmentStatus>().Select(s => new StatusCount(s, MemberTargets.Sum(g => g.Members.Count(m => m.Status == s))))];
}

/// <summary>A member's part in a derived figure: its value and, for a population-weighted mean, the population used and its year.</summary>
public sealed record CarriedMemberValue(string Code, string Name, double? Value, double? Population = null, int? PopulationYear = null);

/// <summary>
/// A figure of a merged unit derived from its members: the rule (sum, mean, population-weighted), the members' values,
/// and the notes the carry left (a missing member, a population taken from the nearest year).
/// </summary>
public sealed record CarriedValue(string IndicatorCode, int Year, ObservationKind Kind, double Value, string Method,
    IReadOnlyList<CarriedMemberValue> Members, IReadOnlyList<string> Notes);

/// <summary>A forecast the product issued for a target year before that year's actual was known.</summary>
public sealed record EarlierForecast(DateTimeOffset IssuedAt, string ModelVersion, int? LastYear, double Point, ReportInterval? Interval80, ReportInterval? Interval95);

/// <summary>
/// A target year that has passed with its actual in: achieved or missed, and every forecast issued before the actual
/// arrived with its error (forecast − actual); <paramref name="ActualFlag"/>: the actual's most severe quality flag.
/// </summary>
public sealed record TrackRecordEntry(
    ReportUnit Unit,
    ReportIndicator Indicator,
    int TargetYear,
    double? Target,
    double Actual,
    DateTimeOffset? ActualArrivedAt,
    bool? Achieved,
    IReadOnlyList<EarlierForecast> Forecasts,
    FigureFlag? ActualFlag = null)
{
    public static double Error(EarlierForecast forecast, double actual) => forecast.Point - actual;
}

/// <summary>
/// How statuses are decided and intervals calibrated. The thresholds are the ones the forecaster uses
/// (ml/Attainment.cs, AttainmentAssessor), passed in by the query layer so the appendix cannot drift from the code.
/// <see cref="TrainingLeftOut"/>: the model's own words on the flagged figures its training left out.
/// </summary>
public sealed record Methodology(
    double OnTrackProbability,
    double AtRiskProbability,
    double RegressionTolerance,
    int PaceWindowYears,
    ModelSkill? Skill,
    string? TrainingLeftOut = null);

/// <summary>One unit, either geography, against the targets set for one year.</summary>
public sealed record ProvinceReport(
    ReportCover Cover,
    ReportUnit Unit,
    IReadOnlyList<IndicatorSection> Indicators,
    MergedUnit? Merge,
    IReadOnlyList<TrackRecordEntry> TrackRecord,
    Methodology Methodology,
    PlanningOutlook? Outlook = null)
{
    /// <summary>How many indicators are in each status; every status present, zero included.</summary>
    public IReadOnlyList<StatusCount> StatusCounts =>
        [.. Enum.GetValues<AttainmentStatus>().Select(s => new StatusCount(s, Indicators.Count(i => i.Projection.Status == s)))];
}

/// <summary>One unit's line in an indicator report: latest ranked value and rank, and its projection.
/// <paramref name="Method"/> is the carry rule of a derived value (sum, mean, population-weighted); <paramref name="Qualifier"/> and
/// <paramref name="Flag"/> are the value's, as the ranking has them.</summary>
public sealed record IndicatorReportRow(ReportUnit Unit, int? Rank, double? Value, int? ValueYear, bool Derived, Projection? Projection, string? Method = null,
    string? Qualifier = null, FigureFlag? Flag = null);

/// <summary>One indicator over all units of a geography: ranking, map, projections sorted by probability.</summary>
public sealed record IndicatorReport(
    ReportCover Cover,
    ReportIndicator Indicator,
    int? RankingYear,
    IReadOnlyList<IndicatorReportRow> Rows,
    IReadOnlyList<TrackRecordEntry> TrackRecord,
    Methodology Methodology)
{
    /// <summary>Units with a projection, most likely to meet the target first; units without a probability last.</summary>
    public IReadOnlyList<IndicatorReportRow> ByProbability =>
        [.. Rows.Where(r => r.Projection is not null)
            .OrderByDescending(r => r.Projection!.Probability ?? double.NegativeInfinity)
            .ThenBy(r => r.Unit.Code, StringComparer.Ordinal)];

    /// <summary>How many units with a projection are in each status; every status present, zero included.</summary>
    public IReadOnlyList<StatusCount> StatusCounts =>
        [.. Enum.GetValues<AttainmentStatus>().Select(s => new StatusCount(s, Rows.Count(r => r.Projection?.Status == s)))];

    /// <summary>Ranked units first, by rank; then the others by code.</summary>
    public IReadOnlyList<IndicatorReportRow> ByRank =>
        [.. Rows.OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Unit.Code, StringComparer.Ordinal)];
}
