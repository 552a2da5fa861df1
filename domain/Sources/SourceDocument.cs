namespace Analytics.Domain.Sources;

/// <summary>What kind of document a figure comes from.</summary>
public enum SourceKind
{
    /// <summary>A plan (kế hoạch): targets and yearly plans.</summary>
    Plan,
    /// <summary>A report (báo cáo) of results.</summary>
    Report,
    /// <summary>A decision or an official announcement of results (quyết định, thông báo).</summary>
    Decision,
    /// <summary>A table of a statistics office (bảng số liệu thống kê).</summary>
    StatisticsTable,
    /// <summary>An index's published results (the DTI, the ICT Index), or a faithful copy of them.</summary>
    Publication,
    /// <summary>A press article that quotes published results.</summary>
    Article,
}

/// <summary>
/// A registered source document (data/sources.csv): what an analyst needs to find and cite it. <see cref="Cites"/> is
/// the source text that figures from this document carry (a seed file name, "GSO: category/table.csv", a URL), so a
/// figure's <c>source</c> leads to its document.
/// </summary>
public sealed record SourceDocument(
    string Id,
    SourceKind Kind,
    string TitleVi,
    string? Number,
    string Issuer,
    string? Date,
    string? Url,
    string Cites,
    string? Note);

/// <summary>The registered documents, found by the source text a figure carries.</summary>
public sealed class SourceRegistry
{
    private readonly Dictionary<string, SourceDocument> _byCited = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceDocument> _byId = new(StringComparer.Ordinal);

    public SourceRegistry(IEnumerable<SourceDocument> documents)
    {
        foreach (var d in documents)
        {
            if (!_byId.TryAdd(d.Id, d)) throw new ArgumentException($"source id '{d.Id}' is registered twice");
            if (!_byCited.TryAdd(d.Cites, d)) throw new ArgumentException($"'{d.Cites}' is cited by both '{_byCited[d.Cites].Id}' and '{d.Id}'");
        }
    }

    public static SourceRegistry Empty { get; } = new([]);

    public IReadOnlyCollection<SourceDocument> Documents => _byId.Values;

    /// <summary>The document a figure's source text names (by its cited text, or by its id), or null when unregistered.</summary>
    public SourceDocument? Resolve(string? source) =>
        source is null ? null : _byCited.GetValueOrDefault(source.Trim()) ?? _byId.GetValueOrDefault(source.Trim());
}

public static class SourceKindCodes
{
    /// <summary>"plan", "report", "decision", "statistics-table", "publication", "article".</summary>
    public static string ToCode(this SourceKind kind) => kind switch
    {
        SourceKind.StatisticsTable => "statistics-table",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? code, out SourceKind kind)
    {
        foreach (var k in Enum.GetValues<SourceKind>())
            if (string.Equals(k.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase)) { kind = k; return true; }
        kind = default;
        return false;
    }
}
