using System.Globalization;
using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Formats;

/// <summary>
/// The observation file format (data/README.md): UTF-8 CSV with the header
/// <c>province,indicator,year,quarter,kind,value,unit,source,quote</c>, columns found by name in any order,
/// <c>quarter</c>, <c>unit</c>, <c>source</c>, <c>quote</c>, <c>geography</c> (vn-63 or vn-34) and <c>qualifier</c> (&gt;, ≥, &lt;, ≤, ≈ when
/// the value is a bound or an approximation) optional. Reading only parses; deciding whether a row
/// makes sense is <see cref="ObservationValidator"/>'s job, so the API and the command line share both steps.
/// </summary>
public static class ObservationCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["province", "indicator", "year", "quarter", "kind", "value", "unit", "source", "quote", "geography", QualifierColumn];

    /// <summary>Written last, so files made before it keep their columns in place.</summary>
    public const string QualifierColumn = "qualifier";

    public static readonly IReadOnlyList<string> RequiredColumns = ["province", "indicator", "year", "kind", "value"];

    /// <summary>
    /// Read, never written: the uploader's reason why a figure the quality rules flag is real ("a new industrial park"),
    /// so it goes in confirmed instead of as a warning.
    /// </summary>
    public const string ConfirmedColumn = "confirmed";

    /// <summary>
    /// Marks a figure its publisher recomputed for a unit of the 34 for a year before the merger (how, or any mark);
    /// written back only on such figures, so that they read in again.
    /// </summary>
    public const string RestatedColumn = "restated";

    private static readonly IReadOnlyList<string> ReadableColumns = [.. Columns, ConfirmedColumn, RestatedColumn];

    /// <summary>Parses records; throws <see cref="DataFormatException"/> (with the line) when the file is not well-formed CSV.</summary>
    public static IReadOnlyList<ObservationInput> Read(TextReader reader, string sourceName = "observations.csv")
    {
        var table = HeadedTable.Read(reader, ',', sourceName, ReadableColumns, RequiredColumns);
        return table.Rows.Select(r => new ObservationInput(
            r.Line,
            r.Raw("province"), r.Raw("indicator"), r.Raw("year"), r.Raw("quarter"), r.Raw("kind"),
            r.Raw("value"), r.Raw("unit"), r.Raw("source"), r.Raw("quote"), r.Raw("geography"), r.Optional(ConfirmedColumn),
            r.Optional(RestatedColumn), r.Raw(QualifierColumn))).ToList();
    }

    /// <summary>
    /// Reads UTF-8 bytes (BOM optional). Bytes that are not UTF-8 are refused rather than guessed at: a spreadsheet's
    /// legacy code page would garble Vietnamese names into "unknown province" errors that hide the real cause.
    /// </summary>
    public static IReadOnlyList<ObservationInput> Read(Stream stream, string sourceName)
    {
        var text = TextDecoding.TryDecodeUnicode(TextDecoding.ReadAll(stream))
                   ?? throw new DataFormatException(sourceName, 0, null, Bilingual.T(
                       "tệp không phải văn bản UTF-8; hãy lưu lại với kiểu 'CSV UTF-8'", "the file is not UTF-8 text; save it as 'CSV UTF-8'"));
        return Parse(text, sourceName);
    }

    public static IReadOnlyList<ObservationInput> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    public static IReadOnlyList<ObservationInput> Parse(string text, string sourceName = "observations.csv") =>
        Read(new StringReader(text), sourceName);

    /// <summary>
    /// Writes observations with the full header. A stored observation's province is its territory code ("vn34-68" for the
    /// new Lâm Đồng); the geography column is set where that code alone would mean two units (a plain code in 2025), LF line ends, numbers in invariant culture (round-trips through <see cref="Read(TextReader,string)"/>).</summary>
    public static void Write(TextWriter writer, IEnumerable<Observation> observations)
    {
        var rows = observations as IReadOnlyCollection<Observation> ?? [.. observations];
        var anyRestated = rows.Any(IsRestated);
        writer.Write(string.Join(',', Columns));
        if (anyRestated) writer.Write("," + RestatedColumn);
        writer.Write('\n');
        foreach (var o in rows)
        {
            writer.Write(CsvText.Quote(o.Province)); writer.Write(',');
            writer.Write(CsvText.Quote(o.Indicator)); writer.Write(',');
            writer.Write(o.Year.ToString(CultureInfo.InvariantCulture)); writer.Write(',');
            if (o.Quarter is { } q) writer.Write(q.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(o.Kind.ToCode()); writer.Write(',');
            // The shortest text that parses back to the same double.
            writer.Write(o.Value.ToString("R", CultureInfo.InvariantCulture)); writer.Write(',');
            writer.Write(CsvText.Quote(o.Unit)); writer.Write(',');
            writer.Write(CsvText.Quote(o.Source)); writer.Write(',');
            writer.Write(CsvText.Quote(o.Quote)); writer.Write(',');
            writer.Write(IsRestated(o) ? Geography.Vn34.Code : Geography.OfStoredFigure(o.Province, o.Year, o.Quarter)?.Code); writer.Write(',');
            writer.Write(o.Qualifier?.ToSymbol());
            if (anyRestated) writer.Write(IsRestated(o) ? ",yes" : ",");
            writer.Write('\n');
        }
    }

    /// <summary>A figure stored for a unit of the 34 (a "vn34-" territory) for a period before the 34 existed.</summary>
    private static bool IsRestated(Observation o) =>
        o.Province.StartsWith("vn34-", StringComparison.Ordinal) && new ReportingPeriod(o.Year, o.Quarter).End < Geography.Vn34.ValidFrom!.Value;

    public static string Format(IEnumerable<Observation> observations)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, observations);
        return writer.ToString();
    }
}
