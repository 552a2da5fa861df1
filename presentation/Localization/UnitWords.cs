using System.Collections.Frozen;

namespace Analytics.Presentation.Localization;

/// <summary>
/// Units of measure in the reader's language (presentation/Localization/units.csv, built into this assembly): the
/// catalog stores a unit once (<c>score</c>, <c>subscriptions</c>, GSO's <c>Thous. pers.</c>) and a Vietnamese reader
/// sees <c>điểm</c>, <c>thuê bao</c>, <c>nghìn người</c>. A unit not in the file is shown as stored; the language
/// tests fail on one that is English on a Vietnamese page.
/// </summary>
public static class UnitWords
{
    private static readonly FrozenDictionary<string, (string Vi, string En)> Words = Load();

    /// <summary>The units that have words in both languages.</summary>
    public static IReadOnlyCollection<string> Known => Words.Keys;

    /// <summary>The unit in the reader's language; empty for none; the stored text for a unit without words.</summary>
    public static string Of(string? unit, Language language) =>
        string.IsNullOrWhiteSpace(unit) ? ""
        : Words.TryGetValue(unit.Trim(), out var w) ? (language == Language.En ? w.En : w.Vi)
        : unit;

    private static FrozenDictionary<string, (string Vi, string En)> Load()
    {
        const string name = "Analytics.Presentation.Localization.units.csv";
        using var stream = typeof(UnitWords).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing.");
        using var reader = new StreamReader(stream);
        var words = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        reader.ReadLine(); // unit,vi,en
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0) continue;
            // No field holds a comma: three plain cells.
            var cells = line.Split(',');
            if (cells.Length != 3) throw new InvalidOperationException($"units.csv: '{line}' is not unit,vi,en");
            words.Add(cells[0], (cells[1], cells[2]));
        }
        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
