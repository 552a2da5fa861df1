using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.Domain;

namespace Analytics.Data;

/// <summary>
/// The indicators the cluster knows: data/indicators.csv plus those a GSO import derives from table titles.
/// Lookups are case-insensitive (analysts type "Internet-Users-Rate"); the stored code is the canonical one.
/// Reads are lock-free snapshots; adds are serialised, so an import can extend the catalog while the API reads it.
/// </summary>
public sealed partial class IndicatorCatalog
{
    public static readonly IReadOnlyList<string> Columns =
        ["code", "name_vi", "name_en", "unit", "direction", "min", "max", "aggregation", "source"];

    private readonly Lock _gate = new();
    private ImmutableDictionary<string, IndicatorDefinition> _byCode = ImmutableDictionary.Create<string, IndicatorDefinition>(StringComparer.OrdinalIgnoreCase);
    private ImmutableList<IndicatorDefinition> _all = [];

    public IndicatorCatalog() { }

    public IndicatorCatalog(IEnumerable<IndicatorDefinition> definitions) => AddRange(definitions);

    /// <summary>Every definition, in the order added.</summary>
    public IReadOnlyList<IndicatorDefinition> All => _all;

    public int Count => _all.Count;

    public static IndicatorCatalog Load(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, Path.GetFileName(path));
    }

    public static IndicatorCatalog Load(TextReader reader, string sourceName)
    {
        var catalog = new IndicatorCatalog();
        var table = HeadedTable.Read(reader, ',', sourceName, Columns, required: [.. Columns.Where(c => c != "source")]);
        foreach (var row in table.Rows)
        {
            var code = row.Required("code");
            if (!IsValidCode(code)) throw row.Error("code", $"'{code}' is not a kebab-case code (a-z, 0-9 and single hyphens)");
            var directionText = row.Required("direction");
            if (!IndicatorCodes.TryParseDirection(directionText, out var direction))
                throw row.Error("direction", $"'{directionText}' is not 'higher' or 'lower' (or 'context')");
            var aggregationText = row.Required("aggregation");
            if (!IndicatorCodes.TryParseAggregation(aggregationText, out var aggregation))
                throw row.Error("aggregation", $"'{aggregationText}' is not 'sum', 'mean' or 'population-weighted'");
            var min = ParseBound(row, "min");
            var max = ParseBound(row, "max");
            if (min > max) throw row.Error("max", $"max {Format(max!.Value)} is below min {Format(min!.Value)}");
            var definition = new IndicatorDefinition(code, row.Optional("name_vi") ?? "", row.Required("name_en"),
                row.Optional("unit") ?? "", direction, min, max, aggregation, row.Optional("source"));
            if (catalog._byCode.ContainsKey(code)) throw row.Error("code", $"indicator '{code}' is defined twice");
            catalog.Add(definition);
        }
        return catalog;
    }

    public bool TryGet(string? code, [NotNullWhen(true)] out IndicatorDefinition? definition)
    {
        definition = null;
        return !string.IsNullOrWhiteSpace(code) && _byCode.TryGetValue(code.Trim(), out definition);
    }

    public IndicatorDefinition? Find(string? code) => TryGet(code, out var d) ? d : null;

    /// <summary>
    /// Adds a definition. Adding an identical one again does nothing (imports are idempotent) and returns false;
    /// a different definition under an existing code throws, since silently redefining bounds or direction would
    /// change every ranking of that indicator. Use <see cref="Upsert"/> to replace on purpose.
    /// </summary>
    public bool Add(IndicatorDefinition definition)
    {
        Check(definition);
        lock (_gate)
        {
            if (_byCode.TryGetValue(definition.Code, out var existing))
            {
                if (existing == definition) return false;
                throw new InvalidOperationException(
                    $"Indicator '{definition.Code}' is already defined differently ({existing}); refusing to redefine it as {definition}.");
            }
            _byCode = _byCode.Add(definition.Code, definition);
            _all = _all.Add(definition);
            return true;
        }
    }

    public void AddRange(IEnumerable<IndicatorDefinition> definitions)
    {
        foreach (var d in definitions) Add(d);
    }

    /// <summary>Adds or replaces a definition, keeping its place in <see cref="All"/>.</summary>
    public void Upsert(IndicatorDefinition definition)
    {
        Check(definition);
        lock (_gate)
        {
            if (_byCode.TryGetValue(definition.Code, out var existing))
            {
                _all = _all.Replace(existing, definition);
                _byCode = _byCode.Remove(existing.Code).Add(definition.Code, definition);
            }
            else
            {
                _byCode = _byCode.Add(definition.Code, definition);
                _all = _all.Add(definition);
            }
        }
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
                d.Aggregation.ToCode(), d.Source,
            ];
            writer.Write(string.Join(',', fields.Select(CsvText.Quote)));
            writer.Write('\n');
        }
    }

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    private static void Check(IndicatorDefinition d)
    {
        if (!IsValidCode(d.Code)) throw new ArgumentException($"'{d.Code}' is not a kebab-case indicator code.", nameof(d));
        if (d.Min > d.Max) throw new ArgumentException($"Indicator '{d.Code}' has min {d.Min} above max {d.Max}.", nameof(d));
    }

    private static double? ParseBound(HeadedRow row, string column)
    {
        var text = row.Optional(column);
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw row.Error(column, $"'{text}' is not a number (leave it empty for an open bound)");
    }

    private static string Format(double v) => v.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();
}

/// <summary>The catalog's text codes for <see cref="Direction"/> and <see cref="Aggregation"/>.</summary>
public static class IndicatorCodes
{
    public static string ToCode(this Direction direction) => direction switch
    {
        Direction.HigherIsBetter => "higher",
        Direction.LowerIsBetter => "lower",
        Direction.Context => "context",
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    public static string ToCode(this Aggregation aggregation) => aggregation switch
    {
        Aggregation.Sum => "sum",
        Aggregation.Mean => "mean",
        Aggregation.PopulationWeighted => "population-weighted",
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
    };

    public static bool TryParseDirection(string? text, out Direction direction)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "higher": direction = Direction.HigherIsBetter; return true;
            case "lower": direction = Direction.LowerIsBetter; return true;
            case "context": direction = Direction.Context; return true;
            default: direction = default; return false;
        }
    }

    public static bool TryParseAggregation(string? text, out Aggregation aggregation)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "sum": aggregation = Aggregation.Sum; return true;
            case "mean": aggregation = Aggregation.Mean; return true;
            case "population-weighted": aggregation = Aggregation.PopulationWeighted; return true;
            default: aggregation = default; return false;
        }
    }
}
