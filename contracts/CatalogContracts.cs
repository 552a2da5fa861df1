using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Contracts;

/// <summary>
/// <c>GET /api/provinces</c>: a unit of one geography as the API shows it. A province of the 63 that ended shows its
/// successor and dates; a unit of the 34 its members. Regions of the 34 are the region of the seat's province, an
/// approximation (<see cref="RegionApproximate"/>) until a published grouping exists. <see cref="TerritoryCode"/> is
/// the key its figures are stored under ("vn34-68" for the new Lâm Đồng), usable wherever a province is asked for.
/// </summary>
public sealed record ProvinceDto(
    string Code, string NameVi, string NameAscii, string Region,
    DateOnly? ValidFrom, DateOnly? ValidTo, string? SuccessorCode,
    Geography Geography, string? NameEn = null, bool RegionApproximate = false, string? TerritoryCode = null,
    UnitRefDto? Successor = null, IReadOnlyList<UnitRefDto>? Members = null, IReadOnlyList<RenamingDto>? Renamings = null)
{
    public static ProvinceDto From(AdministrativeUnit u, Gazetteer gazetteer) => new(
        u.Code, u.NameVi, u.NameAscii, u.Region.Name, u.ValidFrom, u.ValidTo, u.SuccessorCode,
        u.Geography, u.NameEn, u.Region.IsApproximate, u.TerritoryCode,
        gazetteer.SuccessorOf(u) is { } next ? UnitRefDto.From(next) : null,
        [.. gazetteer.MembersOf(u).Select(UnitRefDto.From)],
        [.. u.Renamings.Select(r => new RenamingDto(r.On, r.NameVi, r.NameEn))]);

    /// <summary>The unit again, as the command line checks files against the cluster's geographies.</summary>
    public AdministrativeUnit ToUnit() => new()
    {
        Geography = Geography,
        Code = Code,
        NameVi = NameVi,
        NameEn = NameEn ?? NameAscii,
        Region = new UnitRegion(Region, RegionApproximate),
        ValidFrom = ValidFrom,
        ValidTo = ValidTo,
        SuccessorCode = SuccessorCode,
        Members = [.. (Members ?? []).Select(m => m.Code)],
        Renamings = [.. (Renamings ?? []).Select(r => new Renaming(r.On, r.NameVi, r.NameEn))],
        TerritoryCode = TerritoryCode ?? Code,
    };
}

/// <summary>A unit named in another's answer: its geography, code and name.</summary>
public sealed record UnitRefDto(Geography Geography, string Code, string Name, DateOnly? ExistsFrom = null, DateOnly? ExistsTo = null)
{
    public static UnitRefDto From(AdministrativeUnit u) => new(u.Geography, u.Code, u.NameVi, u.From, u.To);
}

public sealed record RenamingDto(DateOnly On, string NameVi, string NameEn);

/// <summary>
/// <c>GET /api/provinces/{province}</c>: the unit found, the indicators it has series for, and in <see cref="Found"/> which
/// unit the code or name was read as ("Lâm Đồng (68) of the 34 units, from 2025-07-01 (members 60, 67, 68)").
/// </summary>
public sealed record ProvinceDetailDto(ProvinceDto Province, IReadOnlyList<string> Indicators, string? Found = null);

/// <summary>
/// <c>GET /api/indicators</c> and the body of <c>POST /api/indicators</c>: an indicator's definition. <see cref="Decimals"/>
/// (display precision, 0..6) is the one field a definition may omit: without it values show as many decimals as they need.
/// </summary>
public sealed record IndicatorDto(
    string Code, string NameVi, string NameEn, string Unit, Direction Direction,
    double? Min, double? Max, Aggregation Aggregation, string? Source, int? Decimals = null)
{
    public static IndicatorDto From(IndicatorDefinition d) => new(d.Code, d.NameVi, d.NameEn, d.Unit, d.Direction, d.Min, d.Max, d.Aggregation, d.Source, d.Decimals);

    public IndicatorDefinition ToDefinition() => new(Code, NameVi, NameEn, Unit, Direction, Min, Max, Aggregation, Source, Decimals);
}

/// <summary>What <c>POST /api/indicators</c> did: definitions received, and how many were new or changed.</summary>
public readonly record struct DefineResult(int Received, int Defined);

/// <summary>One problem of a rejected batch, as the <c>errors</c> of its ProblemDetails list it.</summary>
public sealed record RowErrorDto(int Row, string Field, string Reason)
{
    public static RowErrorDto From(RowError e) => new(e.Row, e.Field, e.Reason);
}
