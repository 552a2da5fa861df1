using System.Globalization;

namespace Analytics.Domain;

/// <summary>
/// What changing an indicator's definition does to the figures already stored under it. Names, unit and source are
/// labels; a new direction reorders every ranking, a new aggregation changes every derived region and merged-province
/// value, and bounds that stored figures break leave the catalog contradicting its own data. Those three are
/// <em>guarded</em>: refused unless an administrator forces them.
/// </summary>
public static class DefinitionChange
{
    /// <summary>How many stored figures a refusal quotes as examples.</summary>
    public const int ExamplesShown = 5;

    /// <summary>The guarded changes from <paramref name="previous"/> to <paramref name="next"/>, each in words; empty when it is safe.</summary>
    /// <param name="outside">The stored figures the new bounds would refuse (only asked for when the bounds narrowed).</param>
    public static IReadOnlyList<string> Guarded(IndicatorDefinition previous, IndicatorDefinition next, IReadOnlyList<StoredFigure> outside)
    {
        var guarded = new List<string>();
        if (previous.Direction != next.Direction)
            guarded.Add($"direction {Words(previous.Direction)} → {Words(next.Direction)} (every ranking of it reorders)");
        if (previous.Aggregation != next.Aggregation)
            guarded.Add($"aggregation {Words(previous.Aggregation)} → {Words(next.Aggregation)} (every derived area's value changes)");
        if (outside.Count > 0)
            guarded.Add($"bounds {Bounds(previous)} → {Bounds(next)}: {outside.Count} stored figure(s) lie outside, e.g. " +
                        string.Join("; ", outside.Take(ExamplesShown)));
        return guarded;
    }

    /// <summary>Whether <paramref name="next"/> accepts less than <paramref name="previous"/> did, so stored figures must be checked.</summary>
    public static bool Narrows(IndicatorDefinition previous, IndicatorDefinition next) =>
        (next.Min is { } lo && (previous.Min is not { } oldLo || lo > oldLo)) ||
        (next.Max is { } hi && (previous.Max is not { } oldHi || hi < oldHi));

    private static string Bounds(IndicatorDefinition d) =>
        $"{d.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}..{d.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}";

    private static string Words<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>A stored figure, as a refusal quotes it: <c>60 2019 actual = 59</c>.</summary>
public sealed record StoredFigure(string Province, int Year, int? Quarter, ObservationKind Kind, double Value)
{
    public override string ToString() =>
        $"{Province} {Year}{(Quarter is { } q ? $" Q{q}" : "")} {Kind.ToString().ToLowerInvariant()} = {Value.ToString(CultureInfo.InvariantCulture)}";
}
