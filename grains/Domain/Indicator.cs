namespace Analytics.Domain;

/// <summary>Whether a higher value is progress (Internet users %) or a lower one is (poverty rate); Context for
/// figures that are no performance (population, a denominator): ranked by value, largest first, never as better/worse.</summary>
public enum Direction { HigherIsBetter, LowerIsBetter, Context }

/// <summary>How values of one indicator combine across areas (regions, merged provinces).</summary>
public enum Aggregation { Sum, Mean, PopulationWeighted }

/// <summary>The definition of an indicator, as in data/indicators.csv.</summary>
[GenerateSerializer, Immutable]
public sealed record IndicatorDefinition(
    [property: Id(0)] string Code,
    [property: Id(1)] string NameVi,
    [property: Id(2)] string NameEn,
    [property: Id(3)] string Unit,
    [property: Id(4)] Direction Direction,
    [property: Id(5)] double? Min,
    [property: Id(6)] double? Max,
    [property: Id(7)] Aggregation Aggregation,
    [property: Id(8)] string? Source)
{
    public bool Accepts(double value) => (Min is not { } lo || value >= lo) && (Max is not { } hi || value <= hi);
}
