using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>
/// <c>GET /api/forecasts/{province}/{indicator}</c>: a projection for the target year with 80% and 95% intervals and, when the
/// series has a target, its attainment. <c>FlaggedLeftOut</c>: the years whose figure the forecast left out because a quality
/// rule flags it and no steward confirmed it (a note says so in the reader's language).
/// </summary>
public sealed record ForecastDto(
    string Province, string Indicator, int TargetYear, string Method, string ModelVersion, DateTimeOffset ModelTrainedAt,
    int? LastYear, double? LastValue, double? Point, IntervalDto? Interval80, IntervalDto? Interval95,
    AttainmentAssessmentDto? Attainment, string? Note, IReadOnlyDictionary<string, double>? OtherMethods,
    Geography Geography, FigureOrigin Origin = FigureOrigin.Reported, IReadOnlyList<string>? Notes = null, ForecastAccuracyDto? Accuracy = null,
    IReadOnlyList<int>? FlaggedLeftOut = null);

public readonly record struct IntervalDto(double Lower, double Upper);

/// <summary>
/// How good the method was in its back-test for series like this one: series of <c>Length</c> figures (a band such as
/// "2" or "7–9"), <c>Horizon</c> years ahead, over <c>Cases</c> forecasts: error relative to naive's (geometric mean;
/// below 1 is better than repeating the last figure) and how often the 80% and 95% intervals held the actual.
/// </summary>
public sealed record ForecastAccuracyDto(string Length, int Horizon, int Cases, double RelativeError, double Coverage80, double Coverage95);

/// <summary>Whether a target will be met; yearly changes in the indicator's unit per year. Status is null with no figures to judge from.</summary>
public sealed record AttainmentAssessmentDto(
    double Target, double? Projected, double? Ratio, double? Probability,
    double? RequiredYearlyChange, double? ObservedYearlyChange, double? RequiredYearlyGrowthRate, double? ObservedYearlyGrowthRate,
    AttainmentStatus? Status, string Reason);

/// <summary>One series with a target for the year, with its projection and status ("on-track", ..., "unknown" when there are no figures to judge from).</summary>
public sealed record AttainmentRowDto(
    string Province, string ProvinceName, string Region, string Indicator, AttainmentStatus Status, ForecastDto Forecast,
    Geography Geography, bool RegionApproximate = false);

/// <summary><c>GET /api/attainment</c>: every series with a target for the year, and how many are in each status.</summary>
public sealed record AttainmentDto(
    int Year, string? Indicator, string? Region, string? ModelVersion, int Series,
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<AttainmentRowDto> Rows, Geography Geography, IReadOnlyList<string>? Notes = null,
    string Source = "unit", IReadOnlyList<MemberTargetGroupDto>? MemberTargets = null, IReadOnlyList<NationalTargetDto>? NationalTargets = null);

/// <summary>
/// <c>GET /api/models/current</c>: the forecasting model in use, and what it was trained on. <see cref="LeftOut"/>: how
/// many figures the training left out because a quality rule flags them and no steward confirmed them, per rule in
/// <see cref="LeftOutByRule"/>, and <see cref="LeftOutNote"/> saying so in the reader's language; null before a training.
/// </summary>
public sealed record ModelInfoDto(
    string? Version, DateTimeOffset? TrainedAt, double? TrainingSeconds, int SeriesUsed, bool Training,
    DateTimeOffset? DataChangedAt, string? LastError, double? ForecastAllSeconds, DateTimeOffset? DataAsOf,
    AttainmentRulesDto? Rules = null, PublishedSkillDto? Skill = null,
    int? LeftOut = null, IReadOnlyList<QualityCountDto>? LeftOutByRule = null, string? LeftOutNote = null);

/// <summary>The thresholds statuses are decided with (ml/Attainment.cs): probabilities for on track and at risk, and the regression rule.</summary>
public sealed record AttainmentRulesDto(double OnTrackProbability, double AtRiskProbability, double RegressionTolerance, int PaceWindowYears);

/// <summary>
/// The production method's skill in the back-test shipped with the model (docs/forecasting.md): origin, horizons, how
/// many series and points it scored, MASE and MAE relative to the naive method, and how often the 80% and 95%
/// intervals held the actual; <c>LeaveTablesOut</c> when scored on whole tables the model was not fitted on.
/// </summary>
public sealed record PublishedSkillDto(int Origin, int FirstHorizon, int LastHorizon, int Series, int Points, double MaseVsNaive,
    double Coverage80, double Coverage95, double? RelMae, bool LeaveTablesOut);

/// <summary>
/// <c>GET /api/forecasts/{province}/{indicator}/history</c>: a forecast the series issued, when, from which model and
/// series version, and from which last figure; kept so that a target year's actual can be compared with what was said.
/// </summary>
public sealed record IssuedForecastDto(
    int TargetYear, DateTimeOffset IssuedAt, string ModelVersion, long SeriesVersion, string Method, int? LastYear,
    double Point, IntervalDto? Interval80, IntervalDto? Interval95, double? Probability);
