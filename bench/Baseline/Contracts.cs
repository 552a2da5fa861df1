namespace Analytics.Baseline;

// The product's HTTP shapes (api/Endpoints/*), restated here so the baseline shares no code with the product:
// the benchmark compares the two answers field by field.

// Context: no better or worse; listed largest first, as the product does.
public enum Direction { HigherIsBetter, LowerIsBetter, Context }

public enum ObservationKind { Actual, Estimate, Plan, Target, Baseline }

public sealed record ProvinceDto(
    string Code, string NameVi, string NameAscii, string Region, DateOnly? ValidFrom, DateOnly? ValidTo, string? SuccessorCode)
{
    /// <summary>
    /// Whether the province reports figures for the year: it existed at the year's end (Hà Tây, gone on 2008-07-31,
    /// reports none for 2008), except that the 63 report the whole of 2025, their geography's last year.
    /// </summary>
    public bool ExistedIn(int year) =>
        (ValidFrom is null || ValidFrom.Value.Year <= year)
        && (ValidTo is not { } to || to >= new DateOnly(Math.Max(year, 1), 12, 31) || to == LastDayOfThe63); // year 0: no figures at all

    private static readonly DateOnly LastDayOfThe63 = new(2025, 6, 30);
}

public sealed record IndicatorDto(
    string Code, string NameVi, string NameEn, string Unit, Direction Direction, double? Min, double? Max, string Aggregation, string? Source)
{
    public bool Accepts(double value) => (Min is not { } lo || value >= lo) && (Max is not { } hi || value <= hi);
}

public sealed record DefineResult(int Received, int Defined);

public sealed record IngestResult(int Received, int Inserted, int Unchanged, int Revised);

public sealed record RankingRowDto(
    int? Rank, string Province, string ProvinceName, string Region, double? Value, int? PreviousRank, int? RankChange,
    string? Status = null, double? Probability = null);

public sealed record RankingDto(
    string Indicator, string IndicatorName, string Unit, Direction Direction, int Year, ObservationKind Kind,
    string? Region, int Ranked, int Unranked, IReadOnlyList<RankingRowDto> Rows, string By = "value");

public sealed record RevisionDto(double Value, string? Source, string? Quote, DateTimeOffset IngestedAt, DateTimeOffset ReplacedAt);

public sealed record SeriesPointDto(
    int Year, int? Quarter, ObservationKind Kind, double Value, string? Unit, string? Source, string? Quote,
    DateTimeOffset IngestedAt, IReadOnlyList<RevisionDto> Revisions);

/// <summary>Version is the time of the series' last change in microseconds since 1970 (the product counts changes; both only grow).</summary>
public sealed record SeriesDto(
    string Province, string ProvinceName, string Indicator, string IndicatorName, string Unit, long Version,
    IReadOnlyList<SeriesPointDto> Observations);

/// <summary>One checked observation, ready to store. Quarter 0 is a yearly figure (the key column cannot be null).</summary>
public readonly record struct ObservationRow(
    string Province, string Indicator, short Year, short Quarter, ObservationKind Kind, double Value, string? Unit, string? Source, string? Quote);

public sealed record RowError(int Row, string Field, string Reason);
