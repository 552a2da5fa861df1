using Analytics.Domain.Quality;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>
/// data/indicator-relations.csv: which indicator is part of which, and which accumulate, each with the reason a flag
/// quotes. <c>indicator,relation,other,reason</c>; <c>relation</c> is <c>part-of</c> (with <c>other</c>, the whole) or
/// <c>cumulative</c>.
/// </summary>
public static class IndicatorRelationsCsv
{
    public static readonly IReadOnlyList<string> Columns = ["indicator", "relation", "other", "reason"];

    public static IndicatorRelations Load(string path)
    {
        if (!File.Exists(path)) return IndicatorRelations.None;
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, Path.GetFileName(path));
    }

    public static IndicatorRelations Load(TextReader reader, string sourceName)
    {
        var table = HeadedTable.Read(reader, ',', sourceName, Columns, required: ["indicator", "relation", "reason"]);
        var relations = new List<IndicatorRelation>();
        foreach (var row in table.Rows)
        {
            var kindText = row.Required("relation");
            if (!IndicatorRelations.TryParseKind(kindText, out var kind))
                throw row.Error("relation", Bilingual.T($"'{kindText}' không phải 'part-of' hay 'cumulative'", $"'{kindText}' is not 'part-of' or 'cumulative'"));
            var other = row.Optional("other");
            if (kind == RelationKind.PartOf && other is null) throw row.Error("other", Bilingual.T(
                "quan hệ part-of phải ghi chỉ tiêu tổng ở cột 'other'", "a part-of relation names its whole in 'other'"));
            relations.Add(new IndicatorRelation(row.Required("indicator"), kind, other, row.Required("reason")));
        }
        return new IndicatorRelations(relations);
    }
}
