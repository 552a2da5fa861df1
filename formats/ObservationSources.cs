using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Formats;

/// <summary>
/// What reading one input gives, whatever its format: the raw rows for <see cref="ObservationValidator"/> (numbered
/// as the input numbers them), the indicator definitions the input brings (a GSO table derives its own), names of
/// areas no province matches, and warnings about anything skipped (in the language of whoever read the input).
/// </summary>
public sealed record ObservationRead(
    string Name,
    IReadOnlyList<ObservationInput> Rows,
    IReadOnlyList<IndicatorDefinition> Indicators,
    IReadOnlyList<string> UnresolvedProvinces,
    IReadOnlyList<string> Warnings);

/// <summary>
/// One input of observations: an observation CSV, a GSO PX-Web table, an upload's body. The command line, the silo's
/// bundled-data loader and the API all read through this, so every input meets the same validation. A new format (an
/// Excel workbook, say) is one more implementation.
/// </summary>
public interface IObservationSource
{
    /// <summary>How problems name the input: the path as given (for a table of a GSO folder, the folder joined with the table's path).</summary>
    string Name { get; }

    /// <summary>Whether the input is a GSO statistical table (which has no line per figure).</summary>
    bool IsGsoTable { get; }

    /// <summary>Reads the input; a malformed one throws <see cref="DataFormatException"/> (I/O errors pass through).</summary>
    ObservationRead Read();
}

/// <summary>The sources of the formats this product reads.</summary>
public static class ObservationSources
{
    /// <summary>An observation file in the format of data/README.md.</summary>
    public static IObservationSource CsvFile(string path, string? name = null) => new CsvFileSource(path, name ?? path);

    /// <summary>
    /// GSO PX-Web exports: one file, or every *.csv under a folder (recursively) in path order, named by their paths
    /// relative to it (GSO's category and table), so re-importing a folder gives the figures the same provenance.
    /// An indicator code that two tables of one folder derive is said as a warning on the later table.
    /// </summary>
    public static IReadOnlyList<IObservationSource> Gso(string path, Gazetteer provinces)
    {
        var reader = new GsoTableReader(provinces);
        if (!Directory.Exists(path)) return [new GsoSource(reader, path, null, null)];
        var root = Path.GetFullPath(path);
        var derived = new Dictionary<string, string>(StringComparer.Ordinal);
        return [.. Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => new GsoSource(reader, Path.Combine(root, relative), relative, derived) { Name = Path.Combine(path, relative) })];
    }

    private sealed class CsvFileSource(string path, string name) : IObservationSource
    {
        public string Name => name;

        public bool IsGsoTable => false;

        public ObservationRead Read()
        {
            using var stream = File.OpenRead(path);
            return new ObservationRead(name, ObservationCsv.Read(stream, name), [], [], []);
        }
    }

    private sealed class GsoSource(GsoTableReader reader, string path, string? relative, Dictionary<string, string>? derived) : IObservationSource
    {
        private readonly string _file = path;

        /// <summary>The file as the user named it (the folder given joined with the table's path); provenance uses the table's path.</summary>
        public string Name { get; init; } = path;

        public bool IsGsoTable => true;

        public ObservationRead Read() => ToRead(Table());

        /// <summary>The table as read, with the folder's code clashes among its warnings.</summary>
        public GsoTable Table()
        {
            GsoTable table;
            if (relative is null) table = reader.Read(_file);
            else
            {
                using var stream = File.OpenRead(_file);
                table = reader.Read(stream, relative);
            }
            if (derived is null) return table;
            var clashes = table.Indicators.Where(d => derived.ContainsKey(d.Code)).ToList();
            foreach (var d in table.Indicators) derived.TryAdd(d.Code, table.SourceName);
            return clashes.Count == 0 ? table : table with
            {
                Warnings = [.. table.Warnings, .. clashes.Select(d => Bilingual.T(
                    $"mã chỉ tiêu '{d.Code}' cũng được tạo từ {derived[d.Code]}", $"indicator code '{d.Code}' is also derived from {derived[d.Code]}"))],
            };
        }

        private ObservationRead ToRead(GsoTable table) => new(Name,
            [.. table.Observations.Select((o, i) => ObservationInput.From(o, i + 1))],
            table.Indicators, table.UnresolvedNames, table.Warnings);
    }

    /// <summary>Every table of a GSO folder, as <see cref="Gso"/> walks it; a malformed table throws.</summary>
    internal static IReadOnlyList<GsoTable> GsoTables(string directory, GsoTableReader reader) =>
        [.. Gso(directory, reader.Provinces).Cast<GsoSource>().Select(s => s.Table())];
}

/// <summary>The body of <c>POST /api/observations</c>: CSV or JSON, by its media type.</summary>
public static class ObservationBody
{
    public static readonly IReadOnlyList<string> MediaTypes = ["application/json", "text/csv"];

    /// <summary>Neither CSV nor JSON: the message says what to send instead.</summary>
    public sealed class UnsupportedMediaTypeException(string message) : Exception(message);

    /// <summary>
    /// Reads the rows of a body. Throws <see cref="DataFormatException"/> for malformed CSV,
    /// <see cref="ObservationJson.MalformedJsonException"/> for malformed JSON, <see cref="UnsupportedMediaTypeException"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ObservationInput>> ReadAsync(Stream body, string? contentType, CancellationToken ct)
    {
        switch (contentType?.Split(';')[0].Trim().ToLowerInvariant())
        {
            case "application/json":
                return await ObservationJson.ReadAsync(body, ct);
            case "text/csv":
                // Buffer first: the CSV reader is synchronous and ASP.NET Core forbids synchronous reads of the body.
                using (var buffer = new MemoryStream())
                {
                    await body.CopyToAsync(buffer, ct);
                    buffer.Position = 0;
                    return ObservationCsv.Read(buffer, Bilingual.T("nội dung gửi lên", "request body"));
                }
            default:
                throw new UnsupportedMediaTypeException(Bilingual.T(
                    $"Hãy gửi số liệu dạng 'application/json' (một mảng các đối tượng) hoặc 'text/csv' (dòng tiêu đề {string.Join(",", ObservationCsv.Columns)}); {(contentType is null ? "yêu cầu này không khai báo kiểu nội dung" : $"không nhận kiểu '{contentType}'")}.",
                    $"Send observations as 'application/json' (an array of objects) or 'text/csv' (header {string.Join(",", ObservationCsv.Columns)}), not '{contentType ?? "no content type"}'."));
        }
    }
}
