using System.Globalization;

namespace Analytics.Domain;

/// <summary>What is wrong with one field of one row, in words an analyst can act on.</summary>
public sealed record RowError(int Row, string Field, string Reason)
{
    public override string ToString() => $"row {Row}, {Field}: {Reason}";
}

/// <summary>
/// A checked batch. Ingest applies <see cref="Observations"/> only when <see cref="IsValid"/>: a batch is all or
/// nothing. The valid rows of an invalid batch are still listed so a dry run can say how much would load.
/// </summary>
public sealed record ValidatedBatch(IReadOnlyList<Observation> Observations, IReadOnlyList<RowError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks a whole batch of parsed rows and reports every problem, not just the first, so an upload is fixed in one
/// round: unknown province or indicator, missing fields, numbers that are not finite numbers, impossible years and
/// quarters, unknown kinds, values outside the indicator's bounds, and two rows that give the same figure
/// (province, indicator, year, quarter, kind) different values. Identical repeats collapse to one observation, so
/// importing a file twice, or a file that repeats itself, changes nothing.
/// </summary>
public static class ObservationValidator
{
    /// <summary>The accepted years (<see cref="Years"/>), under the names the readers use.</summary>
    public const int MinYear = Years.First;
    public const int MaxYear = Years.Last;

    /// <param name="currentYear">The year it is now (default: the UTC clock's); an actual or estimate after it is refused.</param>
    public static ValidatedBatch Validate(IReadOnlyList<ObservationInput> rows, ProvinceDirectory provinces, IndicatorCatalog indicators,
        int? currentYear = null)
    {
        var thisYear = currentYear ?? DateTime.UtcNow.Year;
        var errors = new List<RowError>();
        var observations = new List<Observation>();
        var firstSeen = new Dictionary<(string, string, int, int?, ObservationKind), (int Row, double Value)>();

        foreach (var row in rows)
        {
            var before = errors.Count;
            void Fail(string field, string reason) => errors.Add(new RowError(row.Row, field, reason));

            Province? province = null;
            if (Required(row.Province, "province", Fail) is { } provinceText && !provinces.TryResolve(provinceText, out province))
                Fail("province", $"unknown province '{provinceText}'");

            IndicatorDefinition? indicator = null;
            if (Required(row.Indicator, "indicator", Fail) is { } indicatorText && !indicators.TryGet(indicatorText, out indicator))
                Fail("indicator", $"unknown indicator '{indicatorText}'");

            var year = 0;
            if (Required(row.Year, "year", Fail) is { } yearText)
            {
                if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out year))
                    Fail("year", $"year '{yearText}' is not a whole number");
                else if (year is < MinYear or > MaxYear)
                    Fail("year", $"year {year} is outside {MinYear}..{MaxYear}");
            }

            int? quarter = null;
            if (Trimmed(row.Quarter) is { } quarterText)
            {
                if (int.TryParse(quarterText, NumberStyles.None, CultureInfo.InvariantCulture, out var q) && q is >= 1 and <= 4)
                    quarter = q;
                else
                    Fail("quarter", $"quarter '{quarterText}' is not 1..4 (leave it empty for a yearly figure)");
            }

            var kind = default(ObservationKind);
            var kindRead = false;
            if (Required(row.Kind, "kind", Fail) is { } kindText && !(kindRead = ObservationKinds.TryParse(kindText, out kind)))
                Fail("kind", $"kind '{kindText}' is not one of actual, estimate, plan, target, baseline");
            if (kindRead && kind is ObservationKind.Actual or ObservationKind.Estimate && year > thisYear && year <= MaxYear)
                // A measured figure cannot lie in the future; one such row (a 2090 "actual") once moved a whole model.
                Fail("year", $"an {kind.ToCode()} for {year} is after the current year {thisYear} (future figures are plans or targets)");

            var value = double.NaN;
            if (Required(row.Value, "value", Fail) is { } valueText)
            {
                if (!double.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                        CultureInfo.InvariantCulture, out value))
                {
                    // Vietnamese documents write 86,2 for 86.2 and 1.846.000 for 1846000; say so rather than just "bad".
                    Fail("value", valueText.Contains(',')
                        ? $"value '{valueText}' is not a number (use '.' as the decimal mark and no thousands separators)"
                        : $"value '{valueText}' is not a number");
                    value = double.NaN;
                }
                else if (!double.IsFinite(value))
                {
                    // "NaN", "Infinity" and overflowing literals parse as doubles but are not figures.
                    Fail("value", $"value '{valueText}' is not a finite number");
                }
                else if (indicator is not null && !indicator.Accepts(value))
                {
                    Fail("value", OutOfBounds(value, indicator));
                }
            }

            if (errors.Count > before || province is null || indicator is null) continue;

            var key = (province.Code, indicator.Code, year, quarter, kind);
            if (firstSeen.TryGetValue(key, out var first))
            {
                if (first.Value != value)
                    Fail("value", $"conflicts with row {first.Row}: same ({province.Code}, {indicator.Code}, " +
                                  $"{(quarter is { } qq ? $"{year} Q{qq}" : year.ToString(CultureInfo.InvariantCulture))}, {kind.ToCode()}) " +
                                  $"with value {Number(first.Value)}");
                continue; // an identical repeat is the same figure: keep the first
            }
            firstSeen[key] = (row.Row, value);
            observations.Add(new Observation(province.Code, indicator.Code, year, quarter, kind, value,
                Trimmed(row.Unit) ?? (indicator.Unit.Length > 0 ? indicator.Unit : null),
                Trimmed(row.Source), string.IsNullOrWhiteSpace(row.Quote) ? null : row.Quote));
        }

        return new ValidatedBatch(observations, errors);
    }

    private static string? Trimmed(string? text) => text?.Trim() is { Length: > 0 } s ? s : null;

    private static string? Required(string? text, string field, Action<string, string> fail)
    {
        var trimmed = Trimmed(text);
        if (trimmed is null) fail(field, $"{field} is missing");
        return trimmed;
    }

    private static string OutOfBounds(double value, IndicatorDefinition d) => (d.Min, d.Max) switch
    {
        ({ } lo, { } hi) => $"value {Number(value)} is outside {Number(lo)}..{Number(hi)} for {d.Code}",
        ({ } lo, null) => $"value {Number(value)} is below the minimum {Number(lo)} for {d.Code}",
        (null, { } hi) => $"value {Number(value)} is above the maximum {Number(hi)} for {d.Code}",
        _ => $"value {Number(value)} is not accepted for {d.Code}",
    };

    private static string Number(double v) => v.ToString(CultureInfo.InvariantCulture);
}
