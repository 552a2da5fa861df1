using System.Globalization;
using System.Text.Json;

namespace Analytics.Baseline;

/// <summary>
/// A POSTed batch (CSV with the product's header, or a JSON array of the same fields), checked as a whole with the
/// product's rules: known province and indicator, year 1990..2100, quarter 1..4 or empty, a known kind, a finite
/// value inside the indicator's bounds, no two rows giving one figure different values (identical repeats collapse).
/// </summary>
public static class ObservationBatch
{
    public sealed class MalformedBodyException(string message) : Exception(message);

    private static readonly string[] Fields = ["province", "indicator", "year", "quarter", "kind", "value", "unit", "source", "quote"];

    public static List<(int Row, Dictionary<string, string?> Fields)> ReadCsv(string text)
    {
        try
        {
            var rows = CsvRecords.Read(text);
            return [.. rows.Select(r => (r.Line, r.Fields.ToDictionary(f => f.Key, f => (string?)f.Value)))];
        }
        catch (CsvRecords.MalformedCsvException ex)
        {
            throw new MalformedBodyException($"Malformed CSV: {ex.Message}");
        }
    }

    public static List<(int Row, Dictionary<string, string?> Fields)> ReadJson(JsonDocument document)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new MalformedBodyException($"Expected a JSON array of observations, got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
        var rows = new List<(int, Dictionary<string, string?>)>(document.RootElement.GetArrayLength());
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object)
                throw new MalformedBodyException($"Element {index} of the array is {item.ValueKind.ToString().ToLowerInvariant()}, not an object.");
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in item.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                    throw new MalformedBodyException($"Element {index} has an unknown field '{property.Name}'. Fields: {string.Join(", ", Fields)}.");
                fields[property.Name.ToLowerInvariant()] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }
            rows.Add((index, fields));
        }
        return rows;
    }

    public static (List<ObservationRow> Rows, List<RowError> Errors) Validate(
        List<(int Row, Dictionary<string, string?> Fields)> input, Catalog.Snapshot catalog)
    {
        var rows = new List<ObservationRow>(input.Count);
        var errors = new List<RowError>();
        var seen = new Dictionary<(string, string, short, short, ObservationKind), (int Row, double Value)>();
        foreach (var (row, fields) in input)
        {
            var before = errors.Count;
            void Fail(string field, string reason) => errors.Add(new RowError(row, field, reason));
            string? Get(string name) => fields.TryGetValue(name, out var v) && v?.Trim() is { Length: > 0 } t ? t : null;
            string? Required(string name) { var v = Get(name); if (v is null) Fail(name, $"{name} is missing"); return v; }

            ProvinceDto? province = null;
            if (Required("province") is { } p && !catalog.ProvincesByKey.TryGetValue(p, out province)) Fail("province", $"unknown province '{p}'");
            IndicatorDto? indicator = null;
            if (Required("indicator") is { } i && !catalog.Indicators.TryGetValue(i, out indicator)) Fail("indicator", $"unknown indicator '{i}'");
            short year = 0;
            if (Required("year") is { } y)
            {
                if (!short.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out year)) Fail("year", $"year '{y}' is not a whole number");
                else if (year is < 1990 or > 2100) Fail("year", $"year {year} is outside 1990..2100");
            }
            short quarter = 0;
            if (Get("quarter") is { } q && !(short.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out quarter) && quarter is >= 1 and <= 4))
                Fail("quarter", $"quarter '{q}' is not 1..4 (leave it empty for a yearly figure)");
            var kind = ObservationKind.Actual;
            if (Required("kind") is { } k && (int.TryParse(k, out _) || !Enum.TryParse(k, ignoreCase: true, out kind)))
                Fail("kind", $"kind '{k}' is not one of actual, estimate, plan, target, baseline");
            var value = double.NaN;
            if (Required("value") is { } v)
            {
                if (!double.TryParse(v, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
                    Fail("value", $"value '{v}' is not a number");
                else if (!double.IsFinite(value)) Fail("value", $"value '{v}' is not a finite number");
                else if (indicator is not null && !indicator.Accepts(value))
                    Fail("value", $"value {value.ToString(CultureInfo.InvariantCulture)} is outside the bounds of {indicator.Code}");
            }
            if (errors.Count > before || province is null || indicator is null) continue;

            var key = (province.Code, indicator.Code, year, quarter, kind);
            if (seen.TryGetValue(key, out var first))
            {
                if (first.Value != value) Fail("value", $"conflicts with row {first.Row}: same figure with value {first.Value.ToString(CultureInfo.InvariantCulture)}");
                continue;
            }
            seen[key] = (row, value);
            rows.Add(new ObservationRow(province.Code, indicator.Code, year, quarter, kind, value,
                Get("unit") ?? (indicator.Unit.Length > 0 ? indicator.Unit : null), Get("source"),
                fields.TryGetValue("quote", out var quote) && !string.IsNullOrWhiteSpace(quote) ? quote : null));
        }
        return (rows, errors);
    }
}
