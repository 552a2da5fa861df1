using System.Globalization;
using Analytics.Domain.Geography;
using Analytics.Domain;

namespace Analytics.Formats;

/// <summary>
/// Builds the <see cref="Gazetteer"/> from the text of the two reference files (data/provinces.csv, the 63 and Hà Tây;
/// data/provinces_2025.csv, the 34 units). Callers open the files; this reads text only. Besides the format it checks
/// that the two files agree: every member of a 2025 unit is a province of the first file that ended on 2025-06-30
/// naming that unit as its successor, and every province that ended then belongs to exactly one unit. A malformed
/// or inconsistent file throws <see cref="DataFormatException"/> naming the file, line and field.
/// </summary>
public static class GazetteerCsv
{
    public const string ProvincesFile = "provinces.csv";
    public const string Units2025File = "provinces_2025.csv";

    private static readonly string[] ProvincesHeader =
        ["gso_code", "name_vi", "name_ascii", "region", "valid_from", "valid_to", "successor_code", "successor_name_vi"];
    private static readonly string[] UnitsHeader = ["code", "name_vi", "name_ascii", "valid_from", "members", "region_of_seat"];

    /// <summary>
    /// A change of name the files cannot carry: Thừa Thiên Huế became "Thành phố Huế" on 2025-01-01 (a change of status
    /// and name, not of territory; see the reference README). The vn-34 unit 46 has that name from the start.
    /// </summary>
    private static readonly (string Code, Renaming Renaming)[] Vn63Renamings =
        [("46", new Renaming(new DateOnly(2025, 1, 1), "Thành phố Huế", "Hue"))];

    public static Gazetteer Read(TextReader provinces, TextReader units2025,
        string provincesSource = ProvincesFile, string unitsSource = Units2025File)
    {
        var old = ReadProvinces(provinces, provincesSource);
        var units = ReadUnits(units2025, unitsSource, old);
        try { return new Gazetteer([.. old, .. units]); }
        catch (ArgumentException e) { throw new DataFormatException(unitsSource, 0, null, e.Message); }
    }

    private static List<AdministrativeUnit> ReadProvinces(TextReader reader, string source)
    {
        var table = HeadedTable.Read(reader, ',', source, ProvincesHeader, ProvincesHeader[..4]).Rows;
        var list = new List<AdministrativeUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table)
        {
            var code = Code(row, "gso_code");
            if (!seen.Add(code)) throw row.Error("gso_code", Bilingual.T($"mã {code} xuất hiện hai lần", $"code {code} appears twice"));
            var successor = row.Optional("successor_code") is { } s ? Code(row, "successor_code") : null;
            var validTo = Date(row, "valid_to");
            if ((successor is null) != (validTo is null))
                throw row.Error(successor is null ? "successor_code" : "valid_to", Bilingual.T(
                    "valid_to và successor_code phải cùng được điền hoặc cùng để trống", "valid_to and successor_code go together"));
            list.Add(new AdministrativeUnit
            {
                Geography = Geography.Vn63,
                Code = code,
                NameVi = row.Required("name_vi"),
                NameEn = row.Required("name_ascii"),
                Region = new UnitRegion(row.Required("region"), IsApproximate: false),
                ValidFrom = Date(row, "valid_from"),
                ValidTo = validTo,
                SuccessorCode = successor,
                Renamings = [.. Vn63Renamings.Where(r => r.Code == code).Select(r => r.Renaming)],
                TerritoryCode = code,
            });
        }
        return list;
    }

    private static List<AdministrativeUnit> ReadUnits(TextReader reader, string source, List<AdministrativeUnit> old)
    {
        var table = HeadedTable.Read(reader, ',', source, UnitsHeader, UnitsHeader).Rows;
        var oldByCode = old.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var units = new List<AdministrativeUnit>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table)
        {
            var code = Code(row, "code");
            if (!lines.TryAdd(code, row.Line)) throw row.Error("code", Bilingual.T($"mã {code} xuất hiện hai lần", $"code {code} appears twice"));
            var members = row.Required("members").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(m => Gazetteer.NormaliseCode(m)!).ToList();
            foreach (var m in members)
            {
                if (!oldByCode.TryGetValue(m, out var province))
                    throw row.Error("members", Bilingual.T($"thành viên {m} không phải là tỉnh trong {ProvincesFile}", $"member {m} is not a province of {ProvincesFile}"));
                if (!memberOf.TryAdd(m, code))
                    throw row.Error("members", Bilingual.T($"thành viên {m} đã thuộc đơn vị {memberOf[m]}", $"member {m} is already a member of unit {memberOf[m]}"));
                if (province.ValidTo is not null && province.SuccessorCode != code)
                    throw row.Error("members", Bilingual.T(
                        $"thành viên {province.Label} ghi đơn vị kế thừa là {province.SuccessorCode} trong {ProvincesFile}, không phải {code}",
                        $"member {province.Label} names {province.SuccessorCode} as its successor in {ProvincesFile}, not {code}"));
            }
            // An unmerged province (no end in the first file) continues as this unit: one territory, one series.
            var continues = members.Count == 1 && members[0] == code && oldByCode[code].ValidTo is null;
            units.Add(new AdministrativeUnit
            {
                Geography = Geography.Vn34,
                Code = code,
                NameVi = row.Required("name_vi"),
                NameEn = row.Required("name_ascii"),
                Region = new UnitRegion(row.Required("region_of_seat"), IsApproximate: true),
                ValidFrom = Date(row, "valid_from"),
                Members = members,
                TerritoryCode = continues ? code : $"vn34-{code}",
            });
        }
        foreach (var p in old.Where(p => p.ValidTo == Geography.Vn63.ValidTo || p.ValidTo is null))
            if (!memberOf.ContainsKey(p.Code))
                throw new DataFormatException(source, 0, "members", Bilingual.T(
                    $"{p.Label} trong {ProvincesFile} không thuộc đơn vị nào", $"{p.Label} of {ProvincesFile} belongs to no unit"));
        return units;
    }

    private static string Code(HeadedRow row, string field)
    {
        var text = row.Required(field);
        if (text.Length != 2 || !text.All(char.IsAsciiDigit)) throw row.Error(field, Bilingual.T($"'{text}' không phải mã gồm hai chữ số", $"'{text}' is not a two-digit code"));
        return text;
    }

    private static DateOnly? Date(HeadedRow row, string field)
    {
        var text = row.Optional(field);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw row.Error(field, Bilingual.T($"'{text}' không phải ngày dạng yyyy-MM-dd", $"'{text}' is not a date (yyyy-MM-dd)"));
    }
}
