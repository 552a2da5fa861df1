namespace Analytics.Domain;

/// <summary>Whether a higher value is progress (Internet users %) or a lower one is (poverty rate); Context for
/// figures that are no performance (population, a denominator): ranked by value, largest first, never as better/worse.</summary>
public enum Direction { HigherIsBetter, LowerIsBetter, Context }

/// <summary>How values of one indicator combine across areas (regions, merged provinces).</summary>
public enum Aggregation { Sum, Mean, PopulationWeighted }

/// <summary>The definition of an indicator, as in data/indicators.csv.</summary>
public sealed record IndicatorDefinition(
    string Code,
    string NameVi,
    string NameEn,
    string Unit,
    Direction Direction,
    double? Min,
    double? Max,
    Aggregation Aggregation,
    string? Source)
{
    public bool Accepts(double value) => (Min is not { } lo || value >= lo) && (Max is not { } hi || value <= hi);
}
