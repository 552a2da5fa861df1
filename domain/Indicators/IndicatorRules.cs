using System.Text.RegularExpressions;

namespace Analytics.Domain;

/// <summary>What makes an indicator definition acceptable; the API rejects a whole batch of definitions on any error.</summary>
public static partial class IndicatorRules
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    public static IReadOnlyList<RowError> Check(IReadOnlyList<IndicatorDefinition> definitions)
    {
        var errors = new List<RowError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var row = i + 1;
            var d = definitions[i];
            if (string.IsNullOrWhiteSpace(d.Code) || !CodePattern().IsMatch(d.Code))
                errors.Add(new RowError(row, "code", $"code '{d.Code}' must be kebab-case letters and digits, e.g. internet-users-rate"));
            else if (seen.TryGetValue(d.Code, out var first))
                errors.Add(new RowError(row, "code", $"code '{d.Code}' is defined twice (first at row {first})"));
            else
                seen[d.Code] = row;
            if (string.IsNullOrWhiteSpace(d.NameEn)) errors.Add(new RowError(row, "nameEn", "an English name is required"));
            if (string.IsNullOrWhiteSpace(d.NameVi)) errors.Add(new RowError(row, "nameVi", "a Vietnamese name is required"));
            // An empty unit is allowed, as in indicators.csv: GSO tables state few units and GsoTableReader leaves the
            // rest empty rather than guess, and `./analytics import --gso` defines those indicators through this API.
            if (d.Unit is null) errors.Add(new RowError(row, "unit", "unit is missing (send \"\" when the source states none)"));
            if (d.Min is { } lo && !double.IsFinite(lo)) errors.Add(new RowError(row, "min", "min must be a finite number"));
            if (d.Max is { } hi && !double.IsFinite(hi)) errors.Add(new RowError(row, "max", "max must be a finite number"));
            if (d is { Min: { } a, Max: { } b } && a > b) errors.Add(new RowError(row, "max", $"max {b} is below min {a}"));
        }
        return errors;
    }
}
