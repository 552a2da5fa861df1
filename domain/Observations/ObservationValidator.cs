using System.Globalization;
using Analytics.Domain.Geography;
using GeographyOf = Analytics.Domain.Geography.Geography;

namespace Analytics.Domain;

/// <summary>What is wrong with one field of one row, in words an analyst can act on.</summary>
public sealed record RowError(int Row, string Field, string Reason)
{
    public override string ToString() => $"row {Row}, {Field}: {Reason}";
}

/// <summary>
/// A checked batch. Ingest applies <see cref="Observations"/> only when <see cref="IsValid"/>: a batch is all or
/// nothing. The valid rows of an invalid batch are still listed so a dry run can say how much would load.
/// <see cref="Rows"/> holds, for each observation, the input row it came from (so a warning can name its line).
/// </summary>
public sealed record ValidatedBatch(IReadOnlyList<Observation> Observations, IReadOnlyList<RowError> Errors, IReadOnlyList<ObservationInput>? Rows = null)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks a whole batch of parsed rows and reports every problem, not just the first, so an upload is fixed in one
/// round: unknown province or indicator, a unit that did not hold figures in the row's year (a merged province after
/// its merger, named with its successor; a code that means two territories in 2025 without a geography, named with
/// both readings; see <see cref="Gazetteer.Resolve"/>), missing fields, numbers that are not finite numbers, impossible years and
/// quarters, unknown kinds, qualifiers that are not one of the five, values outside the indicator's bounds, and two rows that give the same figure
/// (province, indicator, year, quarter, kind) different values. Identical repeats collapse to one observation, so
/// importing a file twice, or a file that repeats itself, changes nothing.
/// </summary>
public static class ObservationValidator
{
    /// <summary>The accepted years (<see cref="Years"/>), under the names the readers use.</summary>
    public const int MinYear = Years.First;
    public const int MaxYear = Years.Last;

    /// <param name="currentYear">The year it is now (default: the UTC clock's); an actual or estimate after it is refused.</param>
    public static ValidatedBatch Validate(IReadOnlyList<ObservationInput> rows, Gazetteer gazetteer, IndicatorCatalog indicators,
        int? currentYear = null)
    {
        var thisYear = currentYear ?? DateTime.UtcNow.Year;
        var errors = new List<RowError>();
        var observations = new List<Observation>();
        var sourceRows = new List<ObservationInput>();
        var firstSeen = new Dictionary<(string, string, int, int?, ObservationKind), (int Row, double Value, Qualifier? Qualifier)>();

        foreach (var row in rows)
        {
            var before = errors.Count;
            void Fail(string field, string reason) => errors.Add(new RowError(row.Row, field, reason));

            // Bounded text first: a field over its limit is named with its length, never repeated in full.
            var overlong = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (field, text, limit) in BoundedFields(row))
            {
                if (InputLimits.TooLong(field, text, limit) is { } reason) { Fail(field, reason); overlong.Add(field); }
                else if (InputLimits.ControlCharacter(field, text, lineBreaks: field == "quote") is { } control) { Fail(field, control); overlong.Add(field); }
            }

            var provinceText = overlong.Contains("province") ? null : Required(row.Province, "province", Fail);
            GeographyOf? geography = null;
            if (Trimmed(row.Geography) is { } geographyText)
                geography = GeographyOf.TryParse(geographyText, out var named) ? named : null;
            if (Trimmed(row.Geography) is { } badText && geography is null)
                Fail("geography", Bilingual.T(
                    $"địa giới '{InputLimits.Echo(badText)}' không phải vn-63 (63 tỉnh, đến 2025-06-30) hoặc vn-34 (34 đơn vị, từ 2025-07-01)",
                    $"geography '{InputLimits.Echo(badText)}' is not vn-63 (the 63 provinces, until 2025-06-30) or vn-34 (the 34 units, from 2025-07-01)"));

            IndicatorDefinition? indicator = null;
            if (!overlong.Contains("indicator") && Required(row.Indicator, "indicator", Fail) is { } indicatorText && !indicators.TryGet(indicatorText, out indicator))
                Fail("indicator", Bilingual.T($"không có chỉ tiêu '{InputLimits.Echo(indicatorText)}'", $"unknown indicator '{InputLimits.Echo(indicatorText)}'"));

            var year = 0;
            if (Required(row.Year, "year", Fail) is { } yearText)
            {
                if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out year))
                    Fail("year", Bilingual.T($"năm '{InputLimits.Echo(yearText)}' không phải số nguyên", $"year '{InputLimits.Echo(yearText)}' is not a whole number"));
                else if (year is < MinYear or > MaxYear)
                    Fail("year", Bilingual.T($"năm {year} nằm ngoài {MinYear}..{MaxYear}", $"year {year} is outside {MinYear}..{MaxYear}"));
            }

            int? quarter = null;
            if (Trimmed(row.Quarter) is { } quarterText)
            {
                if (int.TryParse(quarterText, NumberStyles.None, CultureInfo.InvariantCulture, out var q) && q is >= 1 and <= 4)
                    quarter = q;
                else
                    Fail("quarter", Bilingual.T($"quý '{InputLimits.Echo(quarterText)}' không thuộc 1..4 (để trống với số liệu cả năm)",
                        $"quarter '{InputLimits.Echo(quarterText)}' is not 1..4 (leave it empty for a yearly figure)"));
            }

            var kind = default(ObservationKind);
            var kindRead = false;
            if (Required(row.Kind, "kind", Fail) is { } kindText && !(kindRead = ObservationKinds.TryParse(kindText, out kind)))
                Fail("kind", Bilingual.T($"loại '{InputLimits.Echo(kindText)}' không phải một trong actual, estimate, plan, target, baseline",
                    $"kind '{InputLimits.Echo(kindText)}' is not one of actual, estimate, plan, target, baseline"));
            if (kindRead && kind is ObservationKind.Actual or ObservationKind.Estimate && year > thisYear && year <= MaxYear)
                // A measured figure cannot lie in the future; one such row (a 2090 "actual") once moved a whole model.
                Fail("year", Bilingual.T($"số liệu {kind.ToCode()} cho năm {year} sau năm hiện tại {thisYear} (số liệu tương lai là kế hoạch hoặc mục tiêu)",
                    $"an {kind.ToCode()} for {year} is after the current year {thisYear} (future figures are plans or targets)"));

            // The unit a figure is for depends on its year (and quarter, and the geography column in 2025).
            AdministrativeUnit? province = null;
            if (provinceText is not null)
            {
                var yearKnown = year is >= MinYear and <= MaxYear && !errors.Skip(before).Any(e => e.Field is "year" or "quarter" or "geography");
                var restated = IsMarked(row.Restated);
                if (restated && geography != GeographyOf.Vn34)
                    Fail("restated", Bilingual.T(
                        $"số liệu tính lại là số liệu của một đơn vị trong 34 đơn vị cho năm trước khi sắp xếp: ghi địa giới {GeographyOf.Vn34.Code}",
                        $"a restated figure is one of a unit of the 34 for a year before the merger: give geography {GeographyOf.Vn34.Code}"));
                var resolution = gazetteer.Resolve(provinceText, yearKnown ? year : null, geography, yearKnown ? quarter : null,
                    restated && geography == GeographyOf.Vn34);
                if (resolution.IsResolved) province = resolution.Unit;
                else if (yearKnown || resolution.Readings.Count == 0) Fail("province", resolution.Refusal!);
            }

            var value = double.NaN;
            if (Required(row.Value, "value", Fail) is { } valueText)
            {
                if (!double.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                        CultureInfo.InvariantCulture, out value))
                {
                    // Vietnamese documents write 86,2 for 86.2 and 1.846.000 for 1846000; say so rather than just "bad".
                    Fail("value", valueText.Contains(',')
                        ? Bilingual.T($"giá trị '{InputLimits.Echo(valueText)}' không phải số (dùng '.' làm dấu thập phân, không dùng dấu phân cách hàng nghìn)",
                            $"value '{InputLimits.Echo(valueText)}' is not a number (use '.' as the decimal mark and no thousands separators)")
                        : Bilingual.T($"giá trị '{InputLimits.Echo(valueText)}' không phải số", $"value '{InputLimits.Echo(valueText)}' is not a number"));
                    value = double.NaN;
                }
                else if (!double.IsFinite(value))
                {
                    // "NaN", "Infinity" and overflowing literals parse as doubles but are not figures.
                    Fail("value", Bilingual.T($"giá trị '{InputLimits.Echo(valueText)}' không phải số hữu hạn", $"value '{InputLimits.Echo(valueText)}' is not a finite number"));
                }
                else if (indicator is not null && !indicator.Accepts(value))
                {
                    Fail("value", OutOfBounds(value, indicator));
                }
            }

            Qualifier? qualifier = null;
            if (!overlong.Contains("qualifier") && Trimmed(row.Qualifier) is { } qualifierText)
            {
                if (Qualifiers.TryParse(qualifierText, out var q)) qualifier = q;
                else
                    Fail("qualifier", Bilingual.T(
                        $"dấu '{InputLimits.Echo(qualifierText)}' không phải một trong >, ≥, <, ≤, ≈ (hoặc >=, <=, ~); để trống khi số liệu là số chính xác",
                        $"qualifier '{InputLimits.Echo(qualifierText)}' is not one of >, ≥, <, ≤, ≈ (or >=, <=, ~); leave it empty for an exact figure"));
            }

            if (overlong.Count > 0 || errors.Count > before || province is null || indicator is null) continue;

            var key = (province.TerritoryCode, indicator.Code, year, quarter, kind);
            if (firstSeen.TryGetValue(key, out var first))
            {
                if (first.Value != value || first.Qualifier != qualifier)
                {
                    var figure = $"({province.TerritoryCode}, {indicator.Code}, {new ReportingPeriod(year, quarter)}, {kind.ToCode()})";
                    var shown = first.Qualifier.Shown(Number(first.Value));
                    Fail("value", Bilingual.T($"mâu thuẫn với dòng {first.Row}: cùng {figure} với giá trị {shown}",
                        $"conflicts with row {first.Row}: same {figure} with value {shown}"));
                }
                continue; // an identical repeat is the same figure: keep the first
            }
            firstSeen[key] = (row.Row, value, qualifier);
            // Stored under the territory: "vn34-68" for the new Lâm Đồng, so the old and new units never share a series.
            sourceRows.Add(row);
            observations.Add(new Observation(province.TerritoryCode, indicator.Code, year, quarter, kind, value,
                Trimmed(row.Unit) ?? (indicator.Unit.Length > 0 ? indicator.Unit : null),
                Trimmed(row.Source), string.IsNullOrWhiteSpace(row.Quote) ? null : row.Quote, qualifier));
        }

        return new ValidatedBatch(observations, errors, sourceRows);
    }

    private static IEnumerable<(string Field, string? Text, int Limit)> BoundedFields(ObservationInput row) =>
    [
        ("province", row.Province, InputLimits.ProvinceTextLength),
        ("indicator", row.Indicator, InputLimits.CodeLength),
        ("unit", row.Unit, InputLimits.UnitLength),
        ("source", row.Source, InputLimits.SourceLength),
        ("quote", row.Quote, InputLimits.QuoteLength),
        ("geography", row.Geography, InputLimits.ProvinceTextLength),
        ("confirmed", row.Confirmed, InputLimits.QuoteLength),
        ("restated", row.Restated, InputLimits.QuoteLength),
        ("qualifier", row.Qualifier, InputLimits.CodeLength),
    ];

    /// <summary>A mark column is set by any text but an empty one or a plain no ("false", "no", "0", "không").</summary>
    private static bool IsMarked(string? text) =>
        Trimmed(text) is { } t && !new[] { "false", "no", "0", "không" }.Contains(t, StringComparer.OrdinalIgnoreCase);

    private static string? Trimmed(string? text) => text?.Trim() is { Length: > 0 } s ? s : null;

    private static string? Required(string? text, string field, Action<string, string> fail)
    {
        var trimmed = Trimmed(text);
        if (trimmed is null) fail(field, Bilingual.T($"thiếu {field}", $"{field} is missing"));
        return trimmed;
    }

    private static string OutOfBounds(double value, IndicatorDefinition d) => (d.Min, d.Max) switch
    {
        ({ } lo, { } hi) => Bilingual.T($"giá trị {Number(value)} nằm ngoài {Number(lo)}..{Number(hi)} của {d.Code}", $"value {Number(value)} is outside {Number(lo)}..{Number(hi)} for {d.Code}"),
        ({ } lo, null) => Bilingual.T($"giá trị {Number(value)} nhỏ hơn mức tối thiểu {Number(lo)} của {d.Code}", $"value {Number(value)} is below the minimum {Number(lo)} for {d.Code}"),
        (null, { } hi) => Bilingual.T($"giá trị {Number(value)} lớn hơn mức tối đa {Number(hi)} của {d.Code}", $"value {Number(value)} is above the maximum {Number(hi)} for {d.Code}"),
        _ => Bilingual.T($"giá trị {Number(value)} không được chấp nhận cho {d.Code}", $"value {Number(value)} is not accepted for {d.Code}"),
    };

    private static string Number(double v) => v.ToString(CultureInfo.InvariantCulture);
}
