using Analytics.Domain;
using Analytics.Domain.Quality;

namespace Analytics.Presentation.Localization;

/// <summary>
/// A figure's most severe quality flag (docs/quality.md) as pages, downloads, maps and reports show it: the rule,
/// severity and follow-up state by code, and the reason already in the reader's language. The one place a flag
/// becomes words, so a figure carries the same mark wherever it is shown.
/// </summary>
public sealed record FigureFlag(string Rule, string Severity, string State, string Reason)
{
    public const string Symbol = "⚑";

    /// <summary>The mark beside the figure: the flag and its severity ("⚑ cao", "⚑ high").</summary>
    public string Mark(Language language) =>
        $"{Symbol} {(QualitySeverities.TryParse(Severity, out var s) ? In(s.Words(), language) : Severity)}";

    /// <summary>What the mark means, as a tooltip or footnote: the rule, the follow-up state and the reason.</summary>
    public string Explanation(Language language) =>
        $"{(QualityRules.TryParse(Rule, out var rule) ? In(rule.Words(), language) : Rule)} " +
        $"({(QualityStates.TryParse(State, out var state) ? In(state.Words(), language) : State)}): {Reason}";

    /// <summary>Mark and explanation in one cell of a download.</summary>
    public string Cell(Language language) => $"{Mark(language)}, {Explanation(language)}";

    private static string In(Words words, Language language) => language == Language.En ? words.En : words.Vi;
}
