using Analytics.Domain;
using Analytics.Domain.Quality;
using Orleans.Concurrency;

namespace Analytics.Quality;

/// <summary>
/// The stewards' follow-up marks on flagged figures, in one grain: marks are made by hand (or by a batch's
/// <c>confirmed</c> column), a few per flagged figure at most, so one small state holds them all and a question about
/// every indicator is one call. A figure has one mark; a new mark replaces it (the audit trail keeps every one).
/// </summary>
public interface IQualityMarksGrain : IGrainWithStringKey
{
    const string Key = "all";

    /// <summary>Marks held at most: setting one more (on a figure not yet marked) is refused.</summary>
    const int MaxMarks = 50_000;

    /// <summary>Sets the marks (each replaces the figure's earlier one); false, and nothing set, when they would not fit.</summary>
    Task<bool> SetAsync(IReadOnlyList<QualityMark> marks);

    /// <summary>The marks on one indicator's figures, or on every indicator's when <paramref name="indicator"/> is null.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<QualityMark>> GetAsync(string? indicator);
}

/// <summary>
/// A steward's mark on one figure (territory code as stored, indicator, year, kind): its state, why, who and when,
/// the value it was about and the flags it answered, so a flag since corrected by a new figure is still shown for
/// what it was.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QualityMark(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] int Year,
    [property: Id(3)] ObservationKind Kind,
    [property: Id(4)] QualityState State,
    [property: Id(5)] string? Reason,
    [property: Id(6)] double Value,
    [property: Id(7)] string? By,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string? AuditId,
    [property: Id(10)] IReadOnlyList<MarkedFlag> Flags)
{
    public FigureRef Figure => new(Province, Indicator, Year);
}

/// <summary>A flag as it stood when its figure was marked.</summary>
[GenerateSerializer, Immutable]
public sealed record MarkedFlag(
    [property: Id(0)] QualityRule Rule,
    [property: Id(1)] QualitySeverity Severity,
    [property: Id(2)] double Score,
    [property: Id(3)] double Threshold,
    [property: Id(4)] double? ExpectedLow,
    [property: Id(5)] double? ExpectedHigh,
    [property: Id(6)] string ReasonVi,
    [property: Id(7)] string ReasonEn);
