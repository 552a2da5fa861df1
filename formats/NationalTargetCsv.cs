using System.Globalization;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>data/targets/national.csv: national targets that apply to every province, each with its clause and quote (data/README.md).</summary>
public static class NationalTargetCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["indicator", "year", "comparator", "value", "document", "title_vi", "title_en", "issuer", "date", "clause", "quote", "source_url"];

    public static IReadOnlyList<NationalTarget> Load(string path)
    {
        if (!File.Exists(path)) return [];
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Every row, or a <see cref="DataFormatException"/> naming the first bad one: a target without its quote does not load.</summary>
    public static IReadOnlyList<NationalTarget> Read(TextReader reader, string sourceName)
    {
        var table = HeadedTable.Read(reader, ',', sourceName, Columns, required: Columns);
        var targets = new List<NationalTarget>();
        foreach (var row in table.Rows)
        {
            var yearText = row.Required("year");
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !Years.Accepts(year))
                throw row.Error("year", Bilingual.T($"'{yearText}' không phải là năm", $"'{yearText}' is not a year"));
            var valueText = row.Required("value");
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw row.Error("value", Bilingual.T($"'{valueText}' không phải là số", $"'{valueText}' is not a number"));
            var comparator = row.Required("comparator");
            if (comparator is not ("≥" or ">" or "=")) throw row.Error("comparator", Bilingual.T($"'{comparator}' không phải ≥, > hay =", $"'{comparator}' is not ≥, > or ="));
            var dateText = row.Required("date");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw row.Error("date", Bilingual.T($"'{dateText}' không phải ngày dạng yyyy-MM-dd", $"'{dateText}' is not a date (yyyy-MM-dd)"));
            targets.Add(new NationalTarget(row.Required("indicator"), year, comparator, value, row.Required("document"), row.Required("title_vi"),
                row.Required("title_en"), row.Required("issuer"), date, row.Required("clause"), row.Required("quote"), row.Required("source_url")));
        }
        return targets;
    }
}
