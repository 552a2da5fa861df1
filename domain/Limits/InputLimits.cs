using Analytics.Domain.Geography;
namespace Analytics.Domain;

/// <summary>
/// Every bound the product puts on what a client may send or make it keep, in one place. Each is far above what the
/// bundled data and GSO tables need (longest there: code 113, name 155, unit 29, quote 120 characters) and far below
/// what would let one request make a grain's state too large for Orleans' messages (100 MB) or its storage row.
/// </summary>
public static class InputLimits
{
    /// <summary>An indicator code (kebab-case). Codes derived from GSO table titles reach 113 characters.</summary>
    public const int CodeLength = 200;

    /// <summary>How a row names its province: a GSO code or a name in any usual spelling.</summary>
    public const int ProvinceTextLength = 100;

    /// <summary>An indicator's Vietnamese or English name (GSO table titles are the longest).</summary>
    public const int NameLength = 500;

    /// <summary>A unit ("%", "establishments", "Mbps").</summary>
    public const int UnitLength = 64;

    /// <summary>A source: a document's file name, a GSO table's path, a URL.</summary>
    public const int SourceLength = 500;

    /// <summary>The sentence a figure is quoted from: enough for a paragraph, not for a document.</summary>
    public const int QuoteLength = 2_000;

    /// <summary>
    /// Revisions kept per figure. Beyond it the oldest are dropped, not the new value refused: a figure must stay
    /// correctable however often a source is re-issued, and what it says now stays traceable to its own source and
    /// quote (who sent every batch is the audit trail's job, not the series state's). Official figures are revised a
    /// handful of times; 200 keeps every revision of a real figure (and of the cluster's concurrent-revision test,
    /// 120) while bounding what one figure can hold to about 1.5 MB at the longest quotes and sources.
    /// </summary>
    public const int RevisionsPerFigure = 200;

    /// <summary>Definitions in one <c>POST /api/indicators</c>; larger catalogs go in several requests.</summary>
    public const int IndicatorsPerRequest = 2_000;

    /// <summary>Indicators in the catalog (about ten times what the bundled data and the 10x benchmark dataset define).</summary>
    public const int IndicatorsInCatalog = 10_000;

    /// <summary>Rows in one batch of observations.</summary>
    public const int RowsPerBatch = 100_000;

    /// <summary>Bytes of one request body (16 MiB).</summary>
    public const long RequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// A series grain's state, serialized (an upper bound, see <see cref="StateSize"/>). A series answers in one
    /// message and is stored in one row: 8 MiB is under a tenth of Orleans' 100 MB message limit and of what SQLite and
    /// PostgreSQL store in a row, and hundreds of times what a real series holds.
    /// </summary>
    public const long SeriesStateBytes = 8 * 1024 * 1024;

    /// <summary>The catalog grain's state, serialized (an upper bound): every API process reads all of it in one message.</summary>
    public const long CatalogStateBytes = 16 * 1024 * 1024;

    /// <summary>Characters of a client's input an error message repeats; longer input is cut, with "…".</summary>
    public const int EchoLength = 64;

    /// <summary>Problems listed in one rejected batch's answer; the count says how many there were in all.</summary>
    public const int ErrorsListed = 100;

    /// <summary>At most <see cref="EchoLength"/> characters of <paramref name="text"/>, for repeating a client's input in an error.</summary>
    public static string Echo(string? text) =>
        text is null ? "" : text.Length <= EchoLength ? text : string.Concat(text.AsSpan(0, EchoLength), "…");

    /// <summary>
    /// The reason a text field holds a character that controls a terminal, a printer or the direction of text rather
    /// than being text (NUL, ESC, BEL, DEL, C1 controls; the bidirectional overrides and isolates such as U+202E, which
    /// can make a figure or name read differently from what is stored), or null. Tab and line breaks are text in a
    /// quote (<paramref name="lineBreaks"/>), not in a name or code. Names the field and the character by code point.
    /// </summary>
    public static string? ControlCharacter(string field, string? text, bool lineBreaks = false)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (lineBreaks && c is '\t' or '\n' or '\r') continue;
            if (IsControl(c)) return Bilingual.T($"{field} có ký tự điều khiển U+{(int)c:X4} ở vị trí {i + 1}; hãy xóa nó", $"{field} has the control character U+{(int)c:X4} at position {i + 1}; remove it");
        }
        return null;
    }

    /// <summary>A character refused in text fields (see <see cref="ControlCharacter"/>), and replaced in exports.</summary>
    public static bool IsControl(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary><paramref name="text"/> with every control character but tab and line breaks replaced by U+FFFD, for writing into a file.</summary>
    public static string? Neutralised(string? text)
    {
        if (text is null || !text.Any(c => IsControl(c) && c is not ('\t' or '\n' or '\r'))) return text;
        return string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = IsControl(t[i]) && t[i] is not ('\t' or '\n' or '\r') ? '\uFFFD' : t[i];
        });
    }

    /// <summary>The reason a text field is too long, or null: names the field and the limit, never repeats the text.</summary>
    public static string? TooLong(string field, string? text, int limit) =>
        text is { Length: var n } && n > limit ? Bilingual.T($"{field} dài {n:N0} ký tự; giới hạn là {limit:N0}", $"{field} is {n:N0} characters long; the limit is {limit:N0}") : null;
}

/// <summary>
/// Upper bounds of the serialized size of grain state: every string at three UTF-8 bytes a character plus a fixed
/// allowance per record, so the true size (Orleans' binary serializer, or JSON without escapes) is never larger.
/// </summary>
public static class StateSize
{
    private const int PerRecord = 64;

    public static long Of(string? text) => text is null ? 1 : 5 + 3L * text.Length;

    public static long Of(SeriesPoint p) =>
        PerRecord + Of(p.Unit) + Of(p.Source) + Of(p.Quote) + p.Revisions.Sum(r => PerRecord + Of(r.Source) + Of(r.Quote));

    public static long Of(IndicatorDefinition d) =>
        PerRecord + Of(d.Code) * 2 + Of(d.NameVi) + Of(d.NameEn) + Of(d.Unit) + Of(d.Source);

    public static long Of(AdministrativeUnit u) =>
        PerRecord + Of(u.Code) * 2 + Of(u.TerritoryCode) + Of(u.NameVi) + Of(u.NameEn) + Of(u.Region.Name) + Of(u.SuccessorCode)
        + u.Members.Sum(m => Of(m)) + u.Renamings.Count * PerRecord;

    public static long Of(SeriesState state) => PerRecord + state.Points.Values.Sum(Of);
}
