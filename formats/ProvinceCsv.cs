using System.Globalization;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>data/provinces.csv: one province per row, columns found by name (data/README.md).</summary>
public static class ProvinceCsv
{
    private static readonly string[] Header =
        ["gso_code", "name_vi", "name_ascii", "region", "valid_from", "valid_to", "successor_code", "successor_name_vi"];

    public static ProvinceDirectory Load(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Load(reader, Path.GetFileName(path));
    }

    public static ProvinceDirectory Load(TextReader reader, string sourceName)
    {
        var provinces = new List<Province>();
        var table = HeadedTable.Read(reader, ',', sourceName, Header, required: Header[..4]);
        foreach (var row in table.Rows)
        {
            var code = row.Required("gso_code");
            if (code.Length != 2 || !code.All(char.IsAsciiDigit))
                throw row.Error("gso_code", $"'{code}' is not a two-digit GSO code");
            provinces.Add(new Province(
                code,
                row.Required("name_vi"),
                row.Required("name_ascii"),
                row.Required("region"),
                ParseDate(row, "valid_from"),
                ParseDate(row, "valid_to"),
                row.Optional("successor_code")));
        }
        try { return new ProvinceDirectory(provinces); }
        catch (ArgumentException e) { throw new DataFormatException(sourceName, 0, null, e.Message); }
    }

    private static DateOnly? ParseDate(HeadedRow row, string field)
    {
        var text = row.Optional(field);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw row.Error(field, $"'{text}' is not a date (yyyy-MM-dd)");
    }
}
