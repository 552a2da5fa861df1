namespace Analytics.Domain.Quality;

/// <summary>How two indicators relate, as the catalog's relations file says (data/indicator-relations.csv).</summary>
public enum RelationKind
{
    /// <summary>The indicator counts a part of the other's whole (schoolgirls of pupils): never larger.</summary>
    PartOf,
    /// <summary>The indicator accumulates over the years (lũy kế): never falls.</summary>
    Cumulative,
}

/// <summary>One relation with its reason, which a flag quotes.</summary>
public sealed record IndicatorRelation(string Indicator, RelationKind Kind, string? Other, string Reason);

/// <summary>The relations the consistency rules read.</summary>
public sealed class IndicatorRelations(IEnumerable<IndicatorRelation> relations)
{
    public static IndicatorRelations None { get; } = new([]);

    public IReadOnlyList<IndicatorRelation> All { get; } = [.. relations];

    public IEnumerable<IndicatorRelation> Parts => All.Where(r => r.Kind == RelationKind.PartOf && r.Other is not null);

    public bool IsCumulative(string indicator) => All.Any(r => r.Kind == RelationKind.Cumulative && r.Indicator == indicator);

    public static bool TryParseKind(string? text, out RelationKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "part-of": kind = RelationKind.PartOf; return true;
            case "cumulative": kind = RelationKind.Cumulative; return true;
            default: kind = default; return false;
        }
    }
}
