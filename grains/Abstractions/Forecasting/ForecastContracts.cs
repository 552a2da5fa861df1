using Analytics.Domain;
using Orleans.Concurrency;

namespace Analytics.Forecasting;

/// <summary>
/// The cluster's forecasting model: trained across every series, off the request path, and retrained after
/// ingests (debounced) or on demand. Forecasts are computed here and cached by the series grains.
/// </summary>
public interface IForecastModelGrain : IGrainWithStringKey
{
    const string Key = "global";

    [AlwaysInterleave]
    Task<ModelInfo> GetInfoAsync();

    /// <summary>
    /// New figures arrived: retrain once they stop arriving for a moment. One-way: an ingest that has applied its
    /// figures must not fail because the model grain is moving after a silo crash.
    /// </summary>
    [AlwaysInterleave, OneWay]
    Task NotifyDataChangedAsync();

    /// <summary>Trains now and answers when the new model serves forecasts; requests keep using the old one meanwhile.</summary>
    /// <remarks>A training of 100,000 series under load takes about 30 s here, the default response timeout; the
    /// caller (an operator's POST /api/models/retrain) waits for it rather than being told the cluster failed.</remarks>
    [AlwaysInterleave, ResponseTimeout("00:10:00")]
    Task<ModelInfo> RetrainAsync();

    [AlwaysInterleave]
    Task<ForecastResult> ForecastAsync(ForecastInput input);
}

[GenerateSerializer, Immutable]
public sealed record ModelInfo(
    [property: Id(0)] string? Version,
    [property: Id(1)] DateTimeOffset? TrainedAt,
    [property: Id(2)] double? TrainingSeconds,
    [property: Id(3)] int SeriesUsed,
    [property: Id(4)] bool Training,
    [property: Id(5)] DateTimeOffset? DataChangedAt,
    [property: Id(6)] string? LastError,
    [property: Id(7)] double? ForecastAllSeconds = null,
    [property: Id(8)] DateTimeOffset? DataAsOf = null,
    [property: Id(9)] AttainmentRules? Rules = null,
    [property: Id(10)] PublishedSkill? Skill = null,
    [property: Id(11)] IReadOnlyList<LeftOutFigures>? LeftOut = null,
    [property: Id(12)] string? LeftOutStamp = null);

/// <summary>
/// Figures the last training left out because a quality rule flags them and no steward confirmed them
/// (<see cref="Analytics.Domain.Quality.TrainingExclusions"/>): how many under one rule (its code).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LeftOutFigures([property: Id(0)] string Rule, [property: Id(1)] int Figures);

/// <summary>
/// The production method's skill as the back-test shipped with the product measured it (ml/PublishedBacktest): what to
/// expect on data the model was not fitted on, quoted on every report's cover.
/// </summary>
/// <param name="MaseVsNaive">The production method's MASE over the naive method's.</param>
/// <param name="RelMae">Geometric mean over series of the error relative to naive's; null in reports older than it.</param>
/// <param name="LeaveTablesOut">Scored on whole tables the model was not fitted on (else in-sample).</param>
[GenerateSerializer, Immutable]
public sealed record PublishedSkill(
    [property: Id(0)] int Origin,
    [property: Id(1)] int FirstHorizon,
    [property: Id(2)] int LastHorizon,
    [property: Id(3)] int Series,
    [property: Id(4)] int Points,
    [property: Id(5)] double MaseVsNaive,
    [property: Id(6)] double Coverage80,
    [property: Id(7)] double Coverage95,
    [property: Id(8)] double? RelMae,
    [property: Id(9)] bool LeaveTablesOut);

/// <summary>
/// The thresholds the forecaster decides statuses with (ml/Attainment.cs, AttainmentAssessor), so that reports can
/// state them without restating numbers of their own.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AttainmentRules(
    [property: Id(0)] double OnTrackProbability,
    [property: Id(1)] double AtRiskProbability,
    [property: Id(2)] double RegressionTolerance,
    [property: Id(3)] int PaceWindowYears);

/// <summary>
/// What the model needs of one series: its yearly history, its target, and its indicator's definition (its display
/// precision, <paramref name="Decimals"/>, is the one the status line writes its figures in).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ForecastInput(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] IReadOnlyList<int> Years,
    [property: Id(3)] IReadOnlyList<double> Values,
    [property: Id(4)] double? Min,
    [property: Id(5)] double? Max,
    [property: Id(6)] Direction Direction,
    [property: Id(7)] int TargetYear,
    [property: Id(8)] double? Target,
    [property: Id(9)] int? Decimals = null);

/// <summary>
/// A projection for the target year with 80% and 95% intervals and, when the series has a target, its attainment.
/// <paramref name="FlaggedLeftOut"/>: the years of the series' history left out because a quality rule flags their figure
/// and no steward confirmed it (as training leaves them out).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ForecastResult(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] int TargetYear,
    [property: Id(3)] string Method,
    [property: Id(4)] string ModelVersion,
    [property: Id(5)] DateTimeOffset ModelTrainedAt,
    [property: Id(6)] int? LastYear,
    [property: Id(7)] double? LastValue,
    [property: Id(8)] double? Point,
    [property: Id(9)] PredictionInterval? Interval80,
    [property: Id(10)] PredictionInterval? Interval95,
    [property: Id(11)] AttainmentAssessment? Attainment,
    [property: Id(12)] string? Note,
    [property: Id(13)] IReadOnlyDictionary<string, double>? OtherMethods,
    [property: Id(14)] string? NoteVi = null,
    [property: Id(15)] ForecastAccuracy? Accuracy = null,
    [property: Id(16)] IReadOnlyList<int>? FlaggedLeftOut = null);

/// <summary>
/// How good production was, in its back-test, for series like this one: series of this many figures (a length band)
/// forecast this many years ahead. Error against naive's (below 1: better than repeating the last figure) and how often
/// its 80% and 95% intervals held the actual.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ForecastAccuracy(
    [property: Id(0)] string Length,
    [property: Id(1)] int Horizon,
    [property: Id(2)] int Cases,
    [property: Id(3)] double RelativeError,
    [property: Id(4)] double Coverage80,
    [property: Id(5)] double Coverage95);

[GenerateSerializer, Immutable]
public readonly record struct PredictionInterval([property: Id(0)] double Lower, [property: Id(1)] double Upper);

/// <summary>
/// Whether a target will be met (ml/Attainment.cs, AttainmentAssessor, has the thresholds). Yearly changes are in the
/// indicator's unit per year: what is needed from the last figure, against the pace of the last (up to) five years.
/// Status is null when the series has no figures to judge from.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AttainmentAssessment(
    [property: Id(0)] double Target,
    [property: Id(1)] double? Projected,
    [property: Id(2)] double? Ratio,
    [property: Id(3)] double? Probability,
    [property: Id(4)] double? RequiredYearlyChange,
    [property: Id(5)] double? ObservedYearlyChange,
    [property: Id(6)] double? RequiredYearlyGrowthRate,
    [property: Id(7)] double? ObservedYearlyGrowthRate,
    [property: Id(8)] AttainmentStatus? Status,
    [property: Id(9)] string Reason,
    [property: Id(10)] string? ReasonVi = null);
