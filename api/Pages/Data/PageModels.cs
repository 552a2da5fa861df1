using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Sources;
using Analytics.Presentation.Localization;

namespace Analytics.Api.Pages.Data;

/// <summary>An indicator in the chooser: its theme (the GSO folder or the provincial reports) and both names.</summary>
public sealed record IndicatorChoice(string Code, string Theme, string NameVi, string NameEn);

/// <summary>
/// One unit's row as the query ranked it. <see cref="Derived"/>: the value follows from its members' figures (the row's
/// origin), with <see cref="Row"/>'s method, members and notes; <see cref="WhyUnranked"/> is the query's reason.
/// </summary>
public sealed record RankingLine(
    int? Rank, AdministrativeUnit Unit, double? Value, int? RankChange, bool Derived, IReadOnlyList<YearValue> Recent, string? WhyUnranked,
    RankingRowDto Row);

/// <summary>The quality page: one page of flags, the indicators to choose from, and the state shown (<c>all</c> for every state).</summary>
public sealed record QualityModel(QualityPageDto Page, IReadOnlyList<IndicatorChoice> Choices, string State)
{
    public const int PageSize = 100;
}

public sealed record RankingsModel(
    IndicatorDefinition Indicator, IReadOnlyList<IndicatorChoice> Choices, IReadOnlyList<string> Regions,
    int Year, ObservationKind Kind, string? Region, Geography Geography,
    RankingDto Ranking, IReadOnlyList<RankingLine> Ranked, IReadOnlyList<RankingLine> Unranked)
{
    /// <summary>The 34 units' regions are the region of the province hosting the seat: an approximation.</summary>
    public bool RegionsApproximate => Geography == Geography.Vn34;

    /// <summary>The ranking's decimals: the catalog's, raised while two different values would print alike.</summary>
    public int? Decimals => DisplayPrecision.ForColumn(Ranked.Where(l => l.Value is not null).Select(l => l.Value!.Value), Indicator.Decimals);
}

/// <summary>A unit's profile (the profile query's answer) with the unit's successor and members for the mergers section.</summary>
public sealed record ProfileModel(AdministrativeUnit Unit, AdministrativeUnit? Successor, IReadOnlyList<AdministrativeUnit> Members, ProfileDto Profile,
    SourceRegistry Sources);

public sealed record SeriesModel(
    AdministrativeUnit Unit, IndicatorDefinition Indicator, SeriesDto Series, ForecastDto? Forecast, int TargetYear, SourceRegistry Sources);

public sealed record AttainmentLine(AdministrativeUnit Unit, IndicatorDefinition Indicator, AttainmentStatus Status, ForecastDto Forecast);

public sealed record AttainmentModel(
    int Year, string? Region, Geography Geography, IReadOnlyList<string>? Notes, IReadOnlyList<string> Regions,
    IReadOnlyList<(string Region, IReadOnlyDictionary<string, int> Counts)> ByRegion, IReadOnlyDictionary<string, int> Totals,
    IReadOnlyList<AttainmentLine> Attention, string Source = "unit", IReadOnlyList<MemberTargetGroupDto>? MemberTargets = null,
    IReadOnlyList<NationalTargetDto>? NationalTargets = null, IReadOnlyList<AttainmentLine>? All = null)
{
    /// <summary>Targets the member provinces set before the merger, counted over every group.</summary>
    public int MemberTargetCount => MemberTargets?.Sum(g => g.Members.Count) ?? 0;
}
