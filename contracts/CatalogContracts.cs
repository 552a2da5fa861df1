using Analytics.Domain;

namespace Analytics.Contracts;

/// <summary><c>GET /api/provinces</c>: a province or centrally-run city as the API shows it.</summary>
public sealed record ProvinceDto(
    string Code, string NameVi, string NameAscii, string Region,
    DateOnly? ValidFrom, DateOnly? ValidTo, string? SuccessorCode)
{
    public static ProvinceDto From(Province p) => new(p.Code, p.NameVi, p.NameAscii, p.Region, p.ValidFrom, p.ValidTo, p.SuccessorCode);

    public Province ToProvince() => new(Code, NameVi, NameAscii, Region, ValidFrom, ValidTo, SuccessorCode);
}

/// <summary><c>GET /api/provinces/{province}</c>: the province and the indicators it has series for.</summary>
public sealed record ProvinceDetailDto(ProvinceDto Province, IReadOnlyList<string> Indicators);

/// <summary><c>GET /api/indicators</c> and the body of <c>POST /api/indicators</c>: an indicator's definition.</summary>
public sealed record IndicatorDto(
    string Code, string NameVi, string NameEn, string Unit, Direction Direction,
    double? Min, double? Max, Aggregation Aggregation, string? Source)
{
    public static IndicatorDto From(IndicatorDefinition d) => new(d.Code, d.NameVi, d.NameEn, d.Unit, d.Direction, d.Min, d.Max, d.Aggregation, d.Source);

    public IndicatorDefinition ToDefinition() => new(Code, NameVi, NameEn, Unit, Direction, Min, Max, Aggregation, Source);
}

/// <summary>What <c>POST /api/indicators</c> did: definitions received, and how many were new or changed.</summary>
public readonly record struct DefineResult(int Received, int Defined);

/// <summary>One problem of a rejected batch, as the <c>errors</c> of its ProblemDetails list it.</summary>
public sealed record RowErrorDto(int Row, string Field, string Reason)
{
    public static RowErrorDto From(RowError e) => new(e.Row, e.Field, e.Reason);
}
