namespace Analytics.Domain;

/// <summary>
/// A target a national document sets for every province (a decision's or resolution's clause): the indicator it is
/// applied to, its year and value, and where it is written, word for word. A national target is compared with each
/// unit's own figures; it never becomes a figure of a unit.
/// </summary>
/// <param name="Comparator">As the document words it: "≥" (đạt, tối thiểu), "&gt;" (trên) or "=".</param>
/// <param name="Document">The document's number, e.g. "411/QĐ-TTg".</param>
/// <param name="Clause">Where in the document the target stands.</param>
/// <param name="Quote">The sentence that sets it, verbatim from <paramref name="SourceUrl"/>.</param>
public sealed record NationalTarget(
    string Indicator, int Year, string Comparator, double Value, string Document, string TitleVi, string TitleEn, string Issuer,
    DateOnly Date, string Clause, string Quote, string SourceUrl)
{
    /// <summary>Where a target may come from: the unit's own plans, or national documents that apply to every unit.</summary>
    public const string UnitSource = "unit";
    public const string NationalSource = "national";

    public static bool IsSource(string? text) => text is UnitSource or NationalSource;
}
