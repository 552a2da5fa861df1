using Analytics.Domain;

namespace Analytics.Presentation.Localization;

/// <summary>
/// The forecasting methods under the names a reader reads (the domain's <see cref="ForecastMethodWords"/>). The API, the
/// CLI and docs/forecasting.md name a method by its identifier (<c>damped-trend</c>); a page, report or export shows these
/// words, with the identifier kept only where an analyst copies it (a tooltip). A method not listed is shown by its identifier.
/// </summary>
public static class ForecastMethodNames
{
    /// <summary>The method's name in <paramref name="language"/>; the identifier itself when the method has no name here.</summary>
    public static string Of(string? method, Language language) =>
        method is null ? "–"
        : ForecastMethodWords.Of(method) is { } n ? (language == Language.En ? n.En : n.Vi)
        : method;
}
