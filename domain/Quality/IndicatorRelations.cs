namespace Analytics.Domain.Quality;

/// <summary>How two indicators relate, as the catalog's relations file says (data/indicator-relations.csv).</summary>
public enum RelationKind
{
    /// <summary>The indicator counts a part of the other's whole (schoolgirls of pupils): never larger.</summary>
    PartOf,
    /// <summary>The indicator accumulates over the years (lũy kế): never falls.</summary>
    Cumulative,
    /// <summary>The indicator is a count divided by a denominator, times a factor (100 for a percent): the three must agree.</summary>
    ShareOf,
}

/// <summary>
/// One relation with its reason, which a flag quotes. For <see cref="RelationKind.ShareOf"/>, <see cref="Other"/> is the
/// count, <see cref="Denominator"/> what it is divided by, and <see cref="Factor"/> what the quotient is multiplied by.
/// </summary>
public sealed record IndicatorRelation(string Indicator, RelationKind Kind, string? Other, string Reason, string? Denominator = null, double Factor = 1);

/// <summary>The relations the consistency rules read.</summary>
public sealed class IndicatorRelations(IEnumerable<IndicatorRelation> relations)
{
    public static IndicatorRelations None { get; } = new([]);

    public IReadOnlyList<IndicatorRelation> All { get; } = [.. relations];

    public IEnumerable<IndicatorRelation> Parts => All.Where(r => r.Kind == RelationKind.PartOf && r.Other is not null);

    public IEnumerable<IndicatorRelation> Shares => All.Where(r => r.Kind == RelationKind.ShareOf && r.Other is not null && r.Denominator is not null);

    public bool IsCumulative(string indicator) => All.Any(r => r.Kind == RelationKind.Cumulative && r.Indicator == indicator);

    /// <summary>The other indicators whose figures the rules read to judge <paramref name="indicator"/>'s: its wholes, a share's count and denominator.</summary>
    public IEnumerable<string> ReadWith(string indicator) =>
        Parts.Where(r => r.Indicator == indicator).Select(r => r.Other!)
            .Concat(Shares.Where(r => r.Indicator == indicator).SelectMany(r => new[] { r.Other!, r.Denominator! }))
            .Distinct(StringComparer.Ordinal);

    public static bool TryParseKind(string? text, out RelationKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "part-of": kind = RelationKind.PartOf; return true;
            case "cumulative": kind = RelationKind.Cumulative; return true;
            case "share-of": kind = RelationKind.ShareOf; return true;
            default: kind = default; return false;
        }
    }
}
