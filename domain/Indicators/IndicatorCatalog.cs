using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Analytics.Domain;

/// <summary>
/// The indicators the cluster knows: data/indicators.csv (read by Formats.IndicatorCsv) plus those a GSO import derives from table titles.
/// Lookups are case-insensitive (analysts type "Internet-Users-Rate"); the stored code is the canonical one.
/// Reads are lock-free snapshots; adds are serialised, so an import can extend the catalog while the API reads it.
/// </summary>
public sealed class IndicatorCatalog
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, IndicatorDefinition> _byCode = ImmutableDictionary.Create<string, IndicatorDefinition>(StringComparer.OrdinalIgnoreCase);
    private ImmutableList<IndicatorDefinition> _all = [];

    public IndicatorCatalog() { }

    public IndicatorCatalog(IEnumerable<IndicatorDefinition> definitions) => AddRange(definitions);

    /// <summary>Every definition, in the order added.</summary>
    public IReadOnlyList<IndicatorDefinition> All => _all;

    public int Count => _all.Count;

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

    public static bool IsValidCode(string code) => IndicatorRules.IsValidCode(code);

    private static void Check(IndicatorDefinition d)
    {
        if (IndicatorRules.StructuralProblem(d) is { } problem) throw new ArgumentException($"Indicator '{d.Code}': {problem}.", nameof(d));
    }
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
