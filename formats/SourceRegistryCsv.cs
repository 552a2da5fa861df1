using Analytics.Domain.Sources;

namespace Analytics.Formats;

/// <summary>data/sources.csv: the registered source documents, one per row (data/README.md, "Sources").</summary>
public static class SourceRegistryCsv
{
    public static readonly IReadOnlyList<string> Columns = ["id", "kind", "title_vi", "number", "issuer", "date", "url", "cites", "note"];

    public static SourceRegistry Load(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, Path.GetFileName(path));
    }

    public static SourceRegistry Load(TextReader reader, string sourceName)
    {
        var table = HeadedTable.Read(reader, ',', sourceName, Columns, required: ["id", "kind", "title_vi", "issuer", "cites"]);
        var documents = new List<SourceDocument>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row.Required("id");
            if (!ids.Add(id)) throw row.Error("id", $"source '{id}' is registered twice");
            var kindText = row.Required("kind");
            if (!SourceKindCodes.TryParse(kindText, out var kind))
                throw row.Error("kind", $"'{kindText}' is not one of {string.Join(", ", Enum.GetValues<SourceKind>().Select(k => k.ToCode()))}");
            var date = row.Optional("date");
            if (date is not null && !System.Text.RegularExpressions.Regex.IsMatch(date, @"^\d{4}(-\d{2}(-\d{2})?)?$"))
                throw row.Error("date", $"'{date}' is not a date as yyyy, yyyy-mm or yyyy-mm-dd");
            documents.Add(new SourceDocument(id, kind, row.Required("title_vi"), row.Optional("number"), row.Required("issuer"),
                date, row.Optional("url"), row.Required("cites"), row.Optional("note")));
        }
        try
        {
            return new SourceRegistry(documents);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(sourceName, 1, "cites", e.Message);
        }
    }
}
