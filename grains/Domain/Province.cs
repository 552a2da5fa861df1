namespace Analytics.Domain;

/// <summary>A province or centrally-run city, as in data/provinces.csv (GSO code, names, region, validity, successor).</summary>
[GenerateSerializer, Immutable]
public sealed record Province(
    [property: Id(0)] string Code,
    [property: Id(1)] string NameVi,
    [property: Id(2)] string NameAscii,
    [property: Id(3)] string Region,
    [property: Id(4)] DateOnly? ValidFrom,
    [property: Id(5)] DateOnly? ValidTo,
    [property: Id(6)] string? SuccessorCode);
