using Analytics.Forecasting;

namespace Analytics.Series;

/// <summary>
/// A forecast a series grain issued: for which target year, when, from which model and series version, and what it
/// said. Kept so that once the target year's actual arrives, the track record can show how far the forecasts made
/// before it were.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IssuedForecast(
    [property: Id(0)] int TargetYear,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] string ModelVersion,
    [property: Id(3)] long SeriesVersion,
    [property: Id(4)] string Method,
    [property: Id(5)] int? LastYear,
    [property: Id(6)] double Point,
    [property: Id(7)] PredictionInterval? Interval80,
    [property: Id(8)] PredictionInterval? Interval95,
    [property: Id(9)] double? Probability)
{
    /// <summary>The forecast as issued, or null when the result has no projection to keep.</summary>
    public static IssuedForecast? From(ForecastResult result, long seriesVersion, DateTimeOffset issuedAt) =>
        result.Point is { } point
            ? new(result.TargetYear, issuedAt, result.ModelVersion, seriesVersion, result.Method, result.LastYear, point,
                result.Interval80, result.Interval95, result.Attainment?.Probability)
            : null;
}

/// <summary>
/// The forecasts one series issued, key "{provinceCode}/{indicatorCode}" as the series'. A grain apart from the series
/// so that activating a series reads only its figures; the series grain records here each forecast it computes anew.
/// </summary>
public interface IForecastHistoryGrain : IGrainWithStringKey
{
    /// <summary>Keeps the forecast unless the same (target year, model version, series version) is already kept.</summary>
    Task RecordAsync(IssuedForecast forecast);

    /// <summary>The kept forecasts, oldest first; every target year when null.</summary>
    Task<IReadOnlyList<IssuedForecast>> GetAsync(int? targetYear);
}

/// <summary>
/// The persisted, bounded list of forecasts a series issued (a state of its own beside the series' figures). One
/// entry per (target year, model version, series version): asking again for a cached forecast, or after a restart,
/// adds nothing. At most <see cref="PerTargetYear"/> entries per target year; when full, the oldest entry of a model
/// version that has a newer entry goes first, so each model version keeps its latest forecast while it can.
/// </summary>
[GenerateSerializer]
public sealed class ForecastHistoryState
{
    public const int PerTargetYear = 12;

    [Id(0)] public List<IssuedForecast> Entries { get; set; } = [];

    /// <summary>Adds the forecast unless the same one is already kept; true when the state changed.</summary>
    public bool Record(IssuedForecast forecast)
    {
        if (Entries.Any(e => e.TargetYear == forecast.TargetYear && e.ModelVersion == forecast.ModelVersion && e.SeriesVersion == forecast.SeriesVersion))
            return false;
        Entries.Add(forecast);
        var sameYear = Entries.Where(e => e.TargetYear == forecast.TargetYear).OrderBy(e => e.IssuedAt).ToList();
        while (sameYear.Count > PerTargetYear)
        {
            var drop = sameYear.FirstOrDefault(e => sameYear.Any(n => n.ModelVersion == e.ModelVersion && n.IssuedAt > e.IssuedAt)) ?? sameYear[0];
            sameYear.Remove(drop);
            Entries.Remove(drop);
        }
        return true;
    }

    /// <summary>The kept forecasts, oldest first, optionally for one target year.</summary>
    public IReadOnlyList<IssuedForecast> For(int? targetYear) =>
        [.. Entries.Where(e => targetYear is null || e.TargetYear == targetYear).OrderBy(e => e.TargetYear).ThenBy(e => e.IssuedAt)];
}
