namespace Analytics.Domain;

/// <summary>A province or centrally-run city, as in data/provinces.csv (GSO code, names, region, validity, successor).</summary>
public sealed record Province(
    string Code,
    string NameVi,
    string NameAscii,
    string Region,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? SuccessorCode);
