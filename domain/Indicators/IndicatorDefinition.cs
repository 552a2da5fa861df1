namespace Analytics.Domain;

/// <summary>Whether a higher value is progress (Internet users %) or a lower one is (poverty rate); Context for
/// figures that are no performance (population, a denominator): ranked by value, largest first, never as better/worse.</summary>
public enum Direction { HigherIsBetter, LowerIsBetter, Context }

/// <summary>
/// How values of one indicator combine across areas (regions, the provinces merged into one of the 34 units in 2025):
/// see Geography.Carry. <see cref="None"/> marks figures that cannot be carried, such as ranks among the 63.
/// </summary>
public enum Aggregation { Sum, Mean, PopulationWeighted, None }

/// <summary>
/// The definition of an indicator, as in data/indicators.csv. <see cref="Decimals"/> is how many decimals every
/// page, report and export shows its values with (the DTI is published to four); null: as many as a value needs,
/// up to two.
/// </summary>
public sealed record IndicatorDefinition(
    string Code,
    string NameVi,
    string NameEn,
    string Unit,
    Direction Direction,
    double? Min,
    double? Max,
    Aggregation Aggregation,
    string? Source,
    int? Decimals = null)
{
    /// <summary>The most decimals a definition may ask for.</summary>
    public const int MaxDecimals = 6;

    public bool Accepts(double value) => (Min is not { } lo || value >= lo) && (Max is not { } hi || value <= hi);
}
