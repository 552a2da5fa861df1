using Analytics.Domain;
namespace Analytics.Formats;

/// <summary>
/// A delimited file whose first record names its columns. Columns are found by name, not position, so a spreadsheet
/// that reorders columns still loads; a column the format does not know is an error rather than silently ignored,
/// because a misspelt header ("provnce") would otherwise lose a whole column.
/// </summary>
internal sealed class HeadedTable
{
    private HeadedTable(IReadOnlyList<string> columns, IReadOnlyList<HeadedRow> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Column names as in the header (trimmed, lower case), in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<HeadedRow> Rows { get; }

    public static HeadedTable Read(TextReader reader, char separator, string sourceName,
        IReadOnlyList<string> known, IReadOnlyList<string> required)
    {
        using var records = DelimitedReader.Read(reader, separator, sourceName).GetEnumerator();
        DelimitedRecord? header = null;
        while (records.MoveNext())
            if (!records.Current.IsBlank) { header = records.Current; break; }
        if (header is null)
            throw new DataFormatException(sourceName, 1, null, Bilingual.T(
                $"tệp trống; cần một dòng tiêu đề: {string.Join(separator, known)}", $"the file is empty; expected a header: {string.Join(separator, known)}"));

        var columns = header.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i];
            if (!known.Contains(name))
                throw new DataFormatException(sourceName, header.Line, InputLimits.Echo(name),
                    name.Length == 0
                        ? Bilingual.T($"cột {i + 1} của dòng tiêu đề không có tên", $"column {i + 1} of the header has no name")
                        : Bilingual.T($"cột '{InputLimits.Echo(name)}' không thuộc định dạng này (các cột được nhận: {string.Join(", ", known)})",
                            $"unknown column '{InputLimits.Echo(name)}' (known: {string.Join(", ", known)})"));
            if (!index.TryAdd(name, i))
                throw new DataFormatException(sourceName, header.Line, name, Bilingual.T(
                    $"cột '{name}' xuất hiện hai lần trong dòng tiêu đề", $"column '{name}' appears twice in the header"));
        }
        foreach (var name in required)
            if (!index.ContainsKey(name))
                throw new DataFormatException(sourceName, header.Line, name, Bilingual.T(
                    $"dòng tiêu đề thiếu cột bắt buộc '{name}'", $"the header lacks the required column '{name}'"));

        var rows = new List<HeadedRow>();
        while (records.MoveNext())
        {
            var record = records.Current;
            // Blank lines and spreadsheet rows of empty cells (",,,,") carry nothing; skipping them is what the user means.
            if (record.IsBlank || record.Fields.All(f => f.Length == 0)) continue;
            if (record.Fields.Count != columns.Count)
                throw new DataFormatException(sourceName, record.Line, null, Bilingual.T(
                    $"dòng có {record.Fields.Count} ô trong khi dòng tiêu đề có {columns.Count} cột", $"{record.Fields.Count} fields where the header has {columns.Count}"));
            rows.Add(new HeadedRow(sourceName, record.Line, index, record.Fields));
        }
        return new HeadedTable(columns, rows);
    }
}

internal sealed class HeadedRow(string sourceName, int line, IReadOnlyDictionary<string, int> index, IReadOnlyList<string> fields)
{
    public int Line { get; } = line;

    /// <summary>The raw field, or null when the file has no such column.</summary>
    public string? Raw(string column) => index.TryGetValue(column, out var i) ? fields[i] : null;

    /// <summary>The trimmed field, or null when the column is absent or the field empty.</summary>
    public string? Optional(string column) => Raw(column)?.Trim() is { Length: > 0 } s ? s : null;

    public string Required(string column) => Optional(column) ?? throw Error(column, Bilingual.T($"'{column}' để trống", $"{column} is empty"));

    /// <summary>A problem of this row's field; the reason is in the reader's language (<see cref="Bilingual.T(string, string)"/>).</summary>
    public DataFormatException Error(string column, string reason) => new(sourceName, Line, column, reason);
}
