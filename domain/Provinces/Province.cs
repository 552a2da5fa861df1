namespace Analytics.Domain;

/// <summary>A province or centrally-run city, as in data/provinces.csv (GSO code, names, region, validity, successor).</summary>
public sealed record Province(
    string Code,
    string NameVi,
    string NameAscii,
    string Region,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? SuccessorCode)
{
    /// <summary>The years the province existed in (Hà Tây until 2008; the provinces merged in 2025 until then).</summary>
    public YearSpan Lifetime => new(ValidFrom?.Year, ValidTo?.Year);

    /// <summary>The one rule for "which provinces existed in a year": rankings and tables of that year list only these.</summary>
    public bool ExistedIn(int year) => Lifetime.Contains(year);
}
