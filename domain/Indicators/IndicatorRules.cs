using System.Text.RegularExpressions;

namespace Analytics.Domain;

/// <summary>
/// What makes an indicator definition acceptable, in one place: the API rejects a whole batch of definitions on any
/// error (<see cref="Check"/>), and <see cref="IndicatorCatalog"/> refuses a definition whose code or bounds break
/// these rules (<see cref="StructuralProblem"/>).
/// </summary>
public static partial class IndicatorRules
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    /// <summary>Kebab-case letters and digits: <c>internet-users-rate</c>.</summary>
    public static bool IsValidCode(string? code) => !string.IsNullOrWhiteSpace(code) && CodePattern().IsMatch(code);

    /// <summary>Every rule one definition breaks, as (field, reason).</summary>
    public static IEnumerable<(string Field, string Reason)> Problems(IndicatorDefinition d)
    {
        if (InputLimits.TooLong("code", d.Code, InputLimits.CodeLength) is { } longCode) yield return ("code", longCode);
        else if (!IsValidCode(d.Code)) yield return ("code", $"code '{InputLimits.Echo(d.Code)}' must be kebab-case letters and digits, e.g. internet-users-rate");
        if (InputLimits.TooLong("nameEn", d.NameEn, InputLimits.NameLength) is { } longEn) yield return ("nameEn", longEn);
        if (InputLimits.TooLong("nameVi", d.NameVi, InputLimits.NameLength) is { } longVi) yield return ("nameVi", longVi);
        if (InputLimits.TooLong("unit", d.Unit, InputLimits.UnitLength) is { } longUnit) yield return ("unit", longUnit);
        if (InputLimits.TooLong("source", d.Source, InputLimits.SourceLength) is { } longSource) yield return ("source", longSource);
        foreach (var (field, text) in new[] { ("nameEn", d.NameEn), ("nameVi", d.NameVi), ("unit", d.Unit), ("source", d.Source) })
            if (InputLimits.ControlCharacter(field, text) is { } control) yield return (field, control);
        if (string.IsNullOrWhiteSpace(d.NameEn)) yield return ("nameEn", "an English name is required");
        if (string.IsNullOrWhiteSpace(d.NameVi)) yield return ("nameVi", "a Vietnamese name is required");
        // An empty unit is allowed, as in indicators.csv: GSO tables state few units and GsoTableReader leaves the
        // rest empty rather than guess, and `./analytics import --gso` defines those indicators through this API.
        if (d.Unit is null) yield return ("unit", "unit is missing (send \"\" when the source states none)");
        if (d.Min is { } lo && !double.IsFinite(lo)) yield return ("min", "min must be a finite number");
        if (d.Max is { } hi && !double.IsFinite(hi)) yield return ("max", "max must be a finite number");
        if (d is { Min: { } a, Max: { } b } && a > b) yield return ("max", $"max {b} is below min {a}");
        if (d.Decimals is < 0 or > IndicatorDefinition.MaxDecimals)
            yield return ("decimals", $"decimals must be 0..{IndicatorDefinition.MaxDecimals} (or null: as many as a value needs)");
    }

    /// <summary>The first broken rule no stored definition may break (code and bounds), or null.</summary>
    public static string? StructuralProblem(IndicatorDefinition d) =>
        Problems(d).Where(p => p.Field is "code" or "min" or "max").Select(p => p.Reason).FirstOrDefault();

    public static IReadOnlyList<RowError> Check(IReadOnlyList<IndicatorDefinition> definitions)
    {
        var errors = new List<RowError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var row = i + 1;
            var d = definitions[i];
            if (IsValidCode(d.Code) && !seen.TryAdd(d.Code, row))
                errors.Add(new RowError(row, "code", $"code '{InputLimits.Echo(d.Code)}' is defined twice (first at row {seen[d.Code]})"));
            errors.AddRange(Problems(d).Select(p => new RowError(row, p.Field, p.Reason)));
        }
        return errors;
    }
}
