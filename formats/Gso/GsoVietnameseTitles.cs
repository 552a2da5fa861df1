using System.Reflection;
using Analytics.Domain.Geography;

namespace Analytics.Formats;

/// <summary>
/// The Vietnamese names of GSO tables and of their measures (formats/Gso/titles-vi.csv, built into this assembly), so
/// an indicator derived from GSO's English PX-Web export gets a Vietnamese name as well. Keyed by the slug of the
/// English text, as indicator codes are, so spacing, case and footnote marks do not matter. <c>origin</c> says
/// where each Vietnamese name comes from: <c>gso</c> (the title of GSO's Vietnamese edition of the same table, printed
/// beside the English one in a bilingual statistical yearbook; <c>source</c> gives the page) or <c>translation</c> (a
/// translation in the wording of GSO's yearbooks, to be replaced by GSO's own title when found). A table missing here
/// keeps its English name in both languages and the import says so.
/// </summary>
public sealed class GsoVietnameseTitles
{
    private readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _measures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fromGso = new(StringComparer.Ordinal);

    /// <summary>The map built into the product.</summary>
    public static GsoVietnameseTitles Bundled { get; } = LoadBundled();

    public GsoVietnameseTitles(TextReader csv, string sourceName)
    {
        var table = HeadedTable.Read(csv, ',', sourceName, ["kind", "en", "vi", "origin", "source"], required: ["kind", "en", "vi", "origin"]);
        foreach (var row in table.Rows)
        {
            var target = row.Required("kind") switch
            {
                "title" => _titles,
                "measure" => _measures,
                var other => throw row.Error("kind", $"'{other}' is not 'title' or 'measure'"),
            };
            var origin = row.Required("origin");
            if (origin is not ("gso" or "translation"))
                throw row.Error("origin", "expected 'gso' (GSO's Vietnamese title) or 'translation'");
            // GSO's own title is a quoted fact: it says where GSO prints it.
            if (origin == "gso" && row.Optional("source") is null)
                throw row.Error("source", "a title of origin 'gso' names the page where GSO prints it");
            var key = NameKeys.Slug(row.Required("en"));
            if (!target.TryAdd(key, row.Required("vi")))
                throw row.Error("en", $"'{row.Required("en")}' is listed twice");
            if (origin == "gso") _fromGso.Add(row.Required("kind") + ":" + key);
        }
    }

    /// <summary>How many table titles and measures have a Vietnamese name.</summary>
    public int Count => _titles.Count + _measures.Count;

    /// <summary>The Vietnamese title of a table (its cleaned English title), or null.</summary>
    public string? Title(string englishTitle) => _titles.GetValueOrDefault(NameKeys.Slug(englishTitle));

    /// <summary>
    /// Whether an indicator of the table (and measure) is named in GSO's own Vietnamese words: its title and its measure
    /// both come from GSO's Vietnamese edition. False where either is a translation or missing.
    /// </summary>
    public bool IsGsoWording(string englishTitle, string? englishMeasure) =>
        _fromGso.Contains("title:" + NameKeys.Slug(englishTitle))
        && (string.IsNullOrWhiteSpace(englishMeasure) || _fromGso.Contains("measure:" + NameKeys.Slug(englishMeasure)));

    /// <summary>The Vietnamese name of a measure ("Total" → "Tổng số"), or null.</summary>
    public string? Measure(string englishMeasure) => _measures.GetValueOrDefault(NameKeys.Slug(englishMeasure));

    private static GsoVietnameseTitles LoadBundled()
    {
        const string name = "Analytics.Formats.Gso.titles-vi.csv";
        using var stream = typeof(GsoVietnameseTitles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from {typeof(GsoVietnameseTitles).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return new GsoVietnameseTitles(reader, "formats/Gso/titles-vi.csv");
    }
}
