using Analytics.Domain;
using Analytics.Domain.Geography;
using Orleans.Serialization.Cloning;

namespace Analytics.Surrogates;

// The domain (domain/) is plain C# and carries no Orleans attributes, so its records cross grain calls and reach grain
// storage through these surrogates: a [GenerateSerializer] stand-in with the same fields and [Id]s, and a converter.
// The records are immutable, so each converter is also its record's copier and hands the same instance to a grain
// on the same silo, as [Immutable] did (no deep copy on the ranking and ingest paths).

[GenerateSerializer, Immutable]
public readonly record struct AdministrativeUnitSurrogate(
    [property: Id(0)] string Geography,
    [property: Id(1)] string Code,
    [property: Id(2)] string NameVi,
    [property: Id(3)] string NameEn,
    [property: Id(4)] string Region,
    [property: Id(5)] bool RegionIsApproximate,
    [property: Id(6)] DateOnly? ValidFrom,
    [property: Id(7)] DateOnly? ValidTo,
    [property: Id(8)] string? SuccessorCode,
    [property: Id(9)] IReadOnlyList<string> Members,
    [property: Id(10)] IReadOnlyList<RenamingSurrogate> Renamings,
    [property: Id(11)] string TerritoryCode);

[GenerateSerializer, Immutable]
public readonly record struct RenamingSurrogate(
    [property: Id(0)] DateOnly On,
    [property: Id(1)] string NameVi,
    [property: Id(2)] string NameEn);

[RegisterConverter, RegisterCopier]
public sealed class AdministrativeUnitConverter : ShallowCopier<AdministrativeUnit>, IConverter<AdministrativeUnit, AdministrativeUnitSurrogate>
{
    public AdministrativeUnit ConvertFromSurrogate(in AdministrativeUnitSurrogate s) => new()
    {
        Geography = Geography.TryParse(s.Geography, out var g) ? g : throw new InvalidOperationException($"Unknown geography '{s.Geography}'."),
        Code = s.Code,
        NameVi = s.NameVi,
        NameEn = s.NameEn,
        Region = new UnitRegion(s.Region, s.RegionIsApproximate),
        ValidFrom = s.ValidFrom,
        ValidTo = s.ValidTo,
        SuccessorCode = s.SuccessorCode,
        Members = s.Members,
        Renamings = [.. s.Renamings.Select(r => new Renaming(r.On, r.NameVi, r.NameEn))],
        TerritoryCode = s.TerritoryCode,
    };

    public AdministrativeUnitSurrogate ConvertToSurrogate(in AdministrativeUnit u) => new(
        u.Geography.Code, u.Code, u.NameVi, u.NameEn, u.Region.Name, u.Region.IsApproximate, u.ValidFrom, u.ValidTo, u.SuccessorCode,
        u.Members, [.. u.Renamings.Select(r => new RenamingSurrogate(r.On, r.NameVi, r.NameEn))], u.TerritoryCode);
}

[GenerateSerializer, Immutable]
public readonly record struct IndicatorDefinitionSurrogate(
    [property: Id(0)] string Code,
    [property: Id(1)] string NameVi,
    [property: Id(2)] string NameEn,
    [property: Id(3)] string Unit,
    [property: Id(4)] Direction Direction,
    [property: Id(5)] double? Min,
    [property: Id(6)] double? Max,
    [property: Id(7)] Aggregation Aggregation,
    [property: Id(8)] string? Source,
    [property: Id(9)] int? Decimals);

[RegisterConverter, RegisterCopier]
public sealed class IndicatorDefinitionConverter : ShallowCopier<IndicatorDefinition>, IConverter<IndicatorDefinition, IndicatorDefinitionSurrogate>
{
    public IndicatorDefinition ConvertFromSurrogate(in IndicatorDefinitionSurrogate s) =>
        new(s.Code, s.NameVi, s.NameEn, s.Unit, s.Direction, s.Min, s.Max, s.Aggregation, s.Source, s.Decimals);

    public IndicatorDefinitionSurrogate ConvertToSurrogate(in IndicatorDefinition d) =>
        new(d.Code, d.NameVi, d.NameEn, d.Unit, d.Direction, d.Min, d.Max, d.Aggregation, d.Source, d.Decimals);
}

[GenerateSerializer, Immutable]
public readonly record struct ObservationSurrogate(
    [property: Id(0)] string Province,
    [property: Id(1)] string Indicator,
    [property: Id(2)] int Year,
    [property: Id(3)] int? Quarter,
    [property: Id(4)] ObservationKind Kind,
    [property: Id(5)] double Value,
    [property: Id(6)] string? Unit,
    [property: Id(7)] string? Source,
    [property: Id(8)] string? Quote,
    // Added with qualified figures, as its symbol; observations sent before it read as exact.
    [property: Id(9)] string? Qualifier);

[RegisterConverter, RegisterCopier]
public sealed class ObservationConverter : ShallowCopier<Observation>, IConverter<Observation, ObservationSurrogate>
{
    public Observation ConvertFromSurrogate(in ObservationSurrogate s) =>
        new(s.Province, s.Indicator, s.Year, s.Quarter, s.Kind, s.Value, s.Unit, s.Source, s.Quote, Qualifiers.FromSymbol(s.Qualifier));

    public ObservationSurrogate ConvertToSurrogate(in Observation o) =>
        new(o.Province, o.Indicator, o.Year, o.Quarter, o.Kind, o.Value, o.Unit, o.Source, o.Quote, o.Qualifier?.ToSymbol());
}

[GenerateSerializer, Immutable]
public readonly record struct ObservationKeySurrogate(
    [property: Id(0)] int Year,
    [property: Id(1)] int? Quarter,
    [property: Id(2)] ObservationKind Kind);

[RegisterConverter, RegisterCopier]
public sealed class ObservationKeyConverter : ShallowCopier<ObservationKey>, IConverter<ObservationKey, ObservationKeySurrogate>
{
    public ObservationKey ConvertFromSurrogate(in ObservationKeySurrogate s) => new(s.Year, s.Quarter, s.Kind);

    public ObservationKeySurrogate ConvertToSurrogate(in ObservationKey k) => new(k.Year, k.Quarter, k.Kind);
}

[GenerateSerializer, Immutable]
public readonly record struct SeriesPointSurrogate(
    [property: Id(0)] int Year,
    [property: Id(1)] int? Quarter,
    [property: Id(2)] ObservationKind Kind,
    [property: Id(3)] double Value,
    [property: Id(4)] string? Unit,
    [property: Id(5)] string? Source,
    [property: Id(6)] string? Quote,
    [property: Id(7)] DateTimeOffset IngestedAt,
    [property: Id(8)] IReadOnlyList<Revision> Revisions,
    // Added with the audit trail; state stored before it reads as null.
    [property: Id(9)] string? AuditId,
    // Added with compaction; state stored before it reads as 0.
    [property: Id(10)] int CompactedRevisions,
    // Added with withdrawals; state stored before it reads as not withdrawn.
    [property: Id(11)] string? WithdrawnReason,
    [property: Id(12)] DateTimeOffset? WithdrawnAt,
    [property: Id(13)] string? WithdrawnAuditId,
    // Added with qualified figures, as its symbol; state stored before it reads as exact.
    [property: Id(14)] string? Qualifier);

[RegisterConverter, RegisterCopier]
public sealed class SeriesPointConverter : ShallowCopier<SeriesPoint>, IConverter<SeriesPoint, SeriesPointSurrogate>
{
    public SeriesPoint ConvertFromSurrogate(in SeriesPointSurrogate s) =>
        new(s.Year, s.Quarter, s.Kind, s.Value, s.Unit, s.Source, s.Quote, s.IngestedAt, s.Revisions, s.AuditId, s.CompactedRevisions,
            s.WithdrawnAt is { } at ? new Withdrawal(s.WithdrawnReason ?? "", at, s.WithdrawnAuditId) : null, Qualifiers.FromSymbol(s.Qualifier));

    public SeriesPointSurrogate ConvertToSurrogate(in SeriesPoint p) =>
        new(p.Year, p.Quarter, p.Kind, p.Value, p.Unit, p.Source, p.Quote, p.IngestedAt, p.Revisions, p.AuditId, p.CompactedRevisions,
            p.Withdrawn?.Reason, p.Withdrawn?.At, p.Withdrawn?.AuditId, p.Qualifier?.ToSymbol());
}

[GenerateSerializer, Immutable]
public readonly record struct RevisionSurrogate(
    [property: Id(0)] double Value,
    [property: Id(1)] string? Source,
    [property: Id(2)] string? Quote,
    [property: Id(3)] DateTimeOffset IngestedAt,
    [property: Id(4)] DateTimeOffset ReplacedAt,
    // Added with the audit trail; state stored before it reads as null.
    [property: Id(5)] string? AuditId,
    [property: Id(6)] string? ReplacedByAuditId,
    // Added with qualified figures, as its symbol; state stored before it reads as exact.
    [property: Id(7)] string? Qualifier);

[RegisterConverter, RegisterCopier]
public sealed class RevisionConverter : ShallowCopier<Revision>, IConverter<Revision, RevisionSurrogate>
{
    public Revision ConvertFromSurrogate(in RevisionSurrogate s) =>
        new(s.Value, s.Source, s.Quote, s.IngestedAt, s.ReplacedAt, s.AuditId, s.ReplacedByAuditId, Qualifiers.FromSymbol(s.Qualifier));

    public RevisionSurrogate ConvertToSurrogate(in Revision r) =>
        new(r.Value, r.Source, r.Quote, r.IngestedAt, r.ReplacedAt, r.AuditId, r.ReplacedByAuditId, r.Qualifier?.ToSymbol());
}

[GenerateSerializer, Immutable]
public readonly record struct UpsertCountsSurrogate(
    [property: Id(0)] int Inserted,
    [property: Id(1)] int Unchanged,
    [property: Id(2)] int Revised);

[RegisterConverter, RegisterCopier]
public sealed class UpsertCountsConverter : ShallowCopier<UpsertCounts>, IConverter<UpsertCounts, UpsertCountsSurrogate>
{
    public UpsertCounts ConvertFromSurrogate(in UpsertCountsSurrogate s) => new(s.Inserted, s.Unchanged, s.Revised);

    public UpsertCountsSurrogate ConvertToSurrogate(in UpsertCounts c) => new(c.Inserted, c.Unchanged, c.Revised);
}

[GenerateSerializer, Immutable]
public readonly record struct SeriesSummarySurrogate(
    [property: Id(0)] string Province,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<YearValue> Values);

[RegisterConverter, RegisterCopier]
public sealed class SeriesSummaryConverter : ShallowCopier<SeriesSummary>, IConverter<SeriesSummary, SeriesSummarySurrogate>
{
    public SeriesSummary ConvertFromSurrogate(in SeriesSummarySurrogate s) => new(s.Province, s.Version, s.Values);

    public SeriesSummarySurrogate ConvertToSurrogate(in SeriesSummary s) => new(s.Province, s.Version, s.Values);
}

[GenerateSerializer, Immutable]
public readonly record struct YearValueSurrogate(
    [property: Id(0)] int Year,
    [property: Id(1)] ObservationKind Kind,
    [property: Id(2)] double Value,
    // Added with qualified figures, as its symbol; summaries stored before it read as exact.
    [property: Id(3)] string? Qualifier);

[RegisterConverter, RegisterCopier]
public sealed class YearValueConverter : ShallowCopier<YearValue>, IConverter<YearValue, YearValueSurrogate>
{
    public YearValue ConvertFromSurrogate(in YearValueSurrogate s) => new(s.Year, s.Kind, s.Value, Qualifiers.FromSymbol(s.Qualifier));

    public YearValueSurrogate ConvertToSurrogate(in YearValue v) => new(v.Year, v.Kind, v.Value, v.Qualifier?.ToSymbol());
}

[GenerateSerializer, Immutable]
public readonly record struct RankingQuerySurrogate(
    [property: Id(0)] int? Year,
    [property: Id(1)] ObservationKind Kind,
    [property: Id(2)] IReadOnlyList<string> Provinces,
    [property: Id(3)] int? Top,
    [property: Id(4)] IReadOnlyList<YearSpan>? Lifetimes);

[RegisterConverter, RegisterCopier]
public sealed class RankingQueryConverter : ShallowCopier<RankingQuery>, IConverter<RankingQuery, RankingQuerySurrogate>
{
    public RankingQuery ConvertFromSurrogate(in RankingQuerySurrogate s) => new(s.Year, s.Kind, s.Provinces, s.Top, s.Lifetimes);

    public RankingQuerySurrogate ConvertToSurrogate(in RankingQuery q) => new(q.Year, q.Kind, q.Provinces, q.Top, q.Lifetimes);
}

[GenerateSerializer, Immutable]
public readonly record struct RankingSurrogate(
    [property: Id(0)] string Indicator,
    [property: Id(1)] int Year,
    [property: Id(2)] ObservationKind Kind,
    [property: Id(3)] Direction Direction,
    [property: Id(4)] IReadOnlyList<RankingRow> Rows);

[RegisterConverter, RegisterCopier]
public sealed class RankingConverter : ShallowCopier<Ranking>, IConverter<Ranking, RankingSurrogate>
{
    public Ranking ConvertFromSurrogate(in RankingSurrogate s) => new(s.Indicator, s.Year, s.Kind, s.Direction, s.Rows);

    public RankingSurrogate ConvertToSurrogate(in Ranking r) => new(r.Indicator, r.Year, r.Kind, r.Direction, r.Rows);
}

[GenerateSerializer, Immutable]
public readonly record struct RankingRowSurrogate(
    [property: Id(0)] string Province,
    [property: Id(1)] double? Value,
    [property: Id(2)] int? Rank,
    [property: Id(3)] int? PreviousRank,
    [property: Id(4)] int? RankChange,
    // Added with qualified figures.
    [property: Id(5)] string? Qualifier,
    [property: Id(6)] IReadOnlyList<string>? UncertainAgainst);

[RegisterConverter, RegisterCopier]
public sealed class RankingRowConverter : ShallowCopier<RankingRow>, IConverter<RankingRow, RankingRowSurrogate>
{
    public RankingRow ConvertFromSurrogate(in RankingRowSurrogate s) =>
        new(s.Province, s.Value, s.Rank, s.PreviousRank, s.RankChange, Qualifiers.FromSymbol(s.Qualifier), s.UncertainAgainst);

    public RankingRowSurrogate ConvertToSurrogate(in RankingRow r) =>
        new(r.Province, r.Value, r.Rank, r.PreviousRank, r.RankChange, r.Qualifier?.ToSymbol(), r.UncertainAgainst);
}

/// <summary>A series grain's persisted state. Mutable, so it is only ever serialized (to storage), never shared.</summary>
[GenerateSerializer]
public struct SeriesStateSurrogate
{
    [Id(0)] public Dictionary<ObservationKey, SeriesPoint> Points;
    [Id(1)] public long Version;
}

[RegisterConverter]
public sealed class SeriesStateConverter : IConverter<SeriesState, SeriesStateSurrogate>
{
    public SeriesState ConvertFromSurrogate(in SeriesStateSurrogate s) => new() { Points = s.Points, Version = s.Version };

    public SeriesStateSurrogate ConvertToSurrogate(in SeriesState state) => new() { Points = state.Points, Version = state.Version };
}

[GenerateSerializer, Immutable]
public readonly record struct YearSpanSurrogate([property: Id(0)] int? First, [property: Id(1)] int? Last);

[RegisterConverter, RegisterCopier]
public sealed class YearSpanConverter : ShallowCopier<YearSpan>, IConverter<YearSpan, YearSpanSurrogate>
{
    public YearSpan ConvertFromSurrogate(in YearSpanSurrogate s) => new(s.First, s.Last);

    public YearSpanSurrogate ConvertToSurrogate(in YearSpan y) => new(y.First, y.Last);
}
