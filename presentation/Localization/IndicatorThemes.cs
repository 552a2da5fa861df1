using Analytics.Domain;

namespace Analytics.Presentation.Localization;

/// <summary>
/// The theme an indicator is listed under in a chooser, and the theme as a heading in the reader's language: GSO
/// indicators carry their table's path with the theme folder first; the rest come from the provincial reports.
/// </summary>
public static class IndicatorThemes
{
    public const string ProvincialReports = "Provincial reports";

    public static string Of(IndicatorDefinition d) =>
        d.Source is { } s && s.Contains('/') ? s[..s.IndexOf('/')] : ProvincialReports;

    /// <summary>GSO's folder names are English, so Vietnamese readers get GSO's Vietnamese titles.</summary>
    public static string Heading(string theme, Language language)
    {
        var english = language == Language.En;
        if (theme == ProvincialReports)
            return english ? "Provincial digital-transformation reports" : "Báo cáo chuyển đổi số của các tỉnh";
        var name = theme.StartsWith("GSO: ", StringComparison.Ordinal) ? theme[5..] : theme;
        if (english) return "GSO — " + name;
        return "TCTK — " + name switch
        {
            "Agriculture, Forestry and Fishery" => "Nông, lâm nghiệp và thủy sản",
            "Population and Employment" => "Dân số và lao động",
            "Education" => "Giáo dục",
            "Health, Culture and Living Standard" => "Y tế, văn hóa và mức sống",
            "Transport, Postal Services and Telecommunications" => "Vận tải, bưu chính và viễn thông",
            "Trade, Price and Tourism" => "Thương mại, giá cả và du lịch",
            "Industry" => "Công nghiệp",
            _ => name,
        };
    }
}
