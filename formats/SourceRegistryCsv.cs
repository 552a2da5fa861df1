using Analytics.Domain;
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
        // A figure's source text finds one document: the registry refuses a text cited twice, said here with its line.
        var citedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row.Required("id");
            if (!ids.Add(id)) throw row.Error("id", Bilingual.T($"nguồn '{id}' được đăng ký hai lần", $"source '{id}' is registered twice"));
            var kindText = row.Required("kind");
            if (!SourceKindCodes.TryParse(kindText, out var kind))
            {
                var kinds = string.Join(", ", Enum.GetValues<SourceKind>().Select(k => k.ToCode()));
                throw row.Error("kind", Bilingual.T($"'{kindText}' không phải một trong các loại {kinds}", $"'{kindText}' is not one of {kinds}"));
            }
            var date = row.Optional("date");
            if (date is not null && !System.Text.RegularExpressions.Regex.IsMatch(date, @"^\d{4}(-\d{2}(-\d{2})?)?$"))
                throw row.Error("date", Bilingual.T($"'{date}' không phải ngày dạng yyyy, yyyy-mm hay yyyy-mm-dd", $"'{date}' is not a date as yyyy, yyyy-mm or yyyy-mm-dd"));
            var cites = row.Required("cites");
            if (!citedBy.TryAdd(cites, id))
                throw row.Error("cites", Bilingual.T($"nguồn '{citedBy[cites]}' và '{id}' cùng dùng trích dẫn '{cites}'", $"'{cites}' is cited by both '{citedBy[cites]}' and '{id}'"));
            documents.Add(new SourceDocument(id, kind, row.Required("title_vi"), row.Optional("number"), row.Required("issuer"),
                date, row.Optional("url"), cites, row.Optional("note")));
        }
        return new SourceRegistry(documents);
    }
}
