using System.Globalization;
using Analytics.Domain.Quality;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>
/// data/indicator-relations.csv: which indicator is part of which, which accumulate, and which are a count over a
/// denominator, each with the reason a flag quotes. <c>indicator,relation,other,denominator,factor,reason</c>;
/// <c>relation</c> is <c>part-of</c> (with <c>other</c>, the whole), <c>cumulative</c>, or <c>share-of</c> (with
/// <c>other</c>, the count, <c>denominator</c>, and <c>factor</c>: 100 for a percent, 1 when empty).
/// </summary>
public static class IndicatorRelationsCsv
{
    public static readonly IReadOnlyList<string> Columns = ["indicator", "relation", "other", "denominator", "factor", "reason"];

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
                throw row.Error("relation", Bilingual.T($"'{kindText}' không phải 'part-of', 'cumulative' hay 'share-of'", $"'{kindText}' is not 'part-of', 'cumulative' or 'share-of'"));
            var other = row.Optional("other");
            if (kind == RelationKind.PartOf && other is null) throw row.Error("other", Bilingual.T(
                "quan hệ part-of phải ghi chỉ tiêu tổng ở cột 'other'", "a part-of relation names its whole in 'other'"));
            string? denominator = null;
            var factor = 1.0;
            if (kind == RelationKind.ShareOf)
            {
                if (other is null) throw row.Error("other", Bilingual.T(
                    "quan hệ share-of phải ghi chỉ tiêu tử số (số đếm) ở cột 'other'", "a share-of relation names its count in 'other'"));
                denominator = row.Optional("denominator") ?? throw row.Error("denominator", Bilingual.T(
                    "quan hệ share-of phải ghi ở cột 'denominator' chỉ tiêu mà số đếm được chia cho", "a share-of relation names what its count is divided by in 'denominator'"));
                if (row.Optional("factor") is { } factorText &&
                    (!double.TryParse(factorText, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) || !double.IsFinite(factor) || factor <= 0))
                    throw row.Error("factor", Bilingual.T($"'{factorText}' không phải một số dương (100 cho tỷ lệ phần trăm)", $"'{factorText}' is not a positive number (100 for a percent)"));
            }
            relations.Add(new IndicatorRelation(row.Required("indicator"), kind, other, row.Required("reason"), denominator, factor));
        }
        return new IndicatorRelations(relations);
    }
}
