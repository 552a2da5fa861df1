using System.Globalization;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>
/// data/indicators.csv: one indicator definition per row, columns found by name (data/README.md). The optional
/// <c>note</c> says why a definition is as it is (a direction changed, a scope split) for the people who maintain the
/// catalog; the product does not read it.
/// </summary>
public static class IndicatorCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["code", "name_vi", "name_en", "unit", "direction", "min", "max", "aggregation", "source", "decimals", "note"];

    public static IndicatorCatalog Load(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, Path.GetFileName(path));
    }

    public static IndicatorCatalog Load(TextReader reader, string sourceName)
    {
        var catalog = new IndicatorCatalog();
        var table = HeadedTable.Read(reader, ',', sourceName, Columns, required: [.. Columns.Where(c => c is not ("source" or "decimals" or "note"))]);
        foreach (var row in table.Rows)
        {
            var code = row.Required("code");
            if (!IndicatorCatalog.IsValidCode(code)) throw row.Error("code", Bilingual.T(
                $"'{code}' không phải mã dạng kebab-case (a-z, 0-9 và từng dấu gạch nối đơn)", $"'{code}' is not a kebab-case code (a-z, 0-9 and single hyphens)"));
            var directionText = row.Required("direction");
            if (!IndicatorCodes.TryParseDirection(directionText, out var direction))
                throw row.Error("direction", Bilingual.T(
                    $"'{directionText}' không phải 'higher' hay 'lower' (hoặc 'context')", $"'{directionText}' is not 'higher' or 'lower' (or 'context')"));
            var aggregationText = row.Required("aggregation");
            if (!IndicatorCodes.TryParseAggregation(aggregationText, out var aggregation))
                throw row.Error("aggregation", Bilingual.T(
                    $"'{aggregationText}' không phải 'sum', 'mean', 'population-weighted' hay 'none' (không chuyển sang 34 đơn vị, như thứ hạng)",
                    $"'{aggregationText}' is not 'sum', 'mean', 'population-weighted' or 'none' (not carried into the 34 units, e.g. ranks)"));
            var min = ParseBound(row, "min");
            var max = ParseBound(row, "max");
            if (min > max) throw row.Error("max", Bilingual.T($"max {max!.Value} nhỏ hơn min {min!.Value}", $"max {max!.Value} is below min {min!.Value}"));
            var definition = new IndicatorDefinition(code, row.Optional("name_vi") ?? "", row.Required("name_en"),
                row.Optional("unit") ?? "", direction, min, max, aggregation, row.Optional("source"), ParseDecimals(row));
            if (catalog.TryGet(code, out _)) throw row.Error("code", Bilingual.T($"chỉ tiêu '{code}' được định nghĩa hai lần", $"indicator '{code}' is defined twice"));
            catalog.Add(definition);
        }
        return catalog;
    }

    /// <summary>Writes definitions in the indicators.csv format (so GSO-derived indicators can be reviewed or bundled).</summary>
    public static void Write(TextWriter writer, IEnumerable<IndicatorDefinition> definitions)
    {
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (var d in definitions)
        {
            string?[] fields =
            [
                d.Code, d.NameVi, d.NameEn, d.Unit, d.Direction.ToCode(),
                d.Min is { } lo ? Format(lo) : "", d.Max is { } hi ? Format(hi) : "",
                d.Aggregation.ToCode(), d.Source, d.Decimals is { } n ? n.ToString(CultureInfo.InvariantCulture) : "", "",
            ];
            writer.Write(string.Join(',', fields.Select(CsvText.Quote)));
            writer.Write('\n');
        }
    }

    private static int? ParseDecimals(HeadedRow row)
    {
        var text = row.Optional("decimals");
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= IndicatorDefinition.MaxDecimals
            ? n
            : throw row.Error("decimals", Bilingual.T(
                $"'{text}' không phải số chữ số thập phân là số nguyên từ 0 đến {IndicatorDefinition.MaxDecimals} (để trống để hiện bao nhiêu chữ số thập phân tùy giá trị)",
                $"'{text}' is not a whole number of decimals from 0 to {IndicatorDefinition.MaxDecimals} (leave it empty for as many as a value needs)"));
    }

    private static double? ParseBound(HeadedRow row, string column)
    {
        var text = row.Optional(column);
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw row.Error(column, Bilingual.T(
                $"'{text}' không phải là số (để trống nếu không có giới hạn)", $"'{text}' is not a number (leave it empty for an open bound)"));
    }

    private static string Format(double v) => v.ToString(CultureInfo.InvariantCulture);
}
