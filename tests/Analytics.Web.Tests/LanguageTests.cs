using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Analytics.Tests.Support;
using Analytics.Web.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Web.Tests;

/// <summary>
/// Every page and report, rendered in each language against the real cluster with the bundled data, shows no word of
/// the other language. What a reader sees is checked: the text and the tooltips (<c>title</c>), not markup or
/// identifiers. Left out on purpose: verbatim quotes (<c>&lt;q&gt;</c>, the source's own words), identifiers in
/// <c>&lt;code&gt;</c>, and text marked with the other language (<c>lang="vi"</c> on a document's Vietnamese title on an
/// English page). Unit names (provinces) are proper names in both languages.
/// <para>
/// English on a Vietnamese page: a word of the same page in English (or a common English word) that is no Vietnamese
/// syllable of the product's own Vietnamese words. Vietnamese on an English page: any word with Vietnamese letters.
/// </para>
/// <para>
/// Reports are read as their readers get them: a PDF through <c>pdftotext</c>, a workbook cell by cell, a CSV as text.
/// Neither file marks a quote or an identifier as the HTML does, so the words of what the same report's HTML exempts
/// (quotes, codes, a document's Vietnamese title) are exempt in its PDF; in a workbook or CSV the columns of quotes and
/// sources are the exempt ones.
/// </para>
/// </summary>
public sealed partial class LanguageTests(PagesFixture fixture, ITestOutputHelper output) : IClassFixture<PagesFixture>
{
    /// <summary>Every page and report, with the questions that bring out their notes, derived figures and status lines.</summary>
    public static TheoryData<string> Pages => new()
    {
        "/",
        "/rankings/gso-average-population-total?year=2015",
        "/rankings/gso-average-population-total?year=2015&geography=vn-34",
        "/rankings/dti-score?year=2024",
        "/rankings/dti-score?year=2024&geography=vn-34",
        "/rankings/internet-users-rate?kind=target&year=2025&geography=vn-63",
        "/rankings/gso-area-of-concentrated-planted-forest",
        // Two targets given as bounds ("xuống dưới 15%", "dưới 20%"): qualified values and the notes on their uncertain order.
        "/rankings/internet-non-users-rate?kind=target&year=2025&geography=vn-63",
        "/provinces",
        "/provinces?geography=vn-34",
        "/provinces/60",
        "/provinces/68?geography=vn-34",
        "/series/60/internet-users-rate",
        "/series/68/internet-users-rate?geography=vn-34",
        "/series/01/dti-score",
        "/series/01/gso-average-population-total",
        "/attainment?year=2025",
        "/attainment?year=2025&geography=vn-34",
        "/attainment?year=2025&geography=vn-63",
        "/upload",
        "/quality",
        "/quality?state=all&geography=vn-63&rule=level-shift",
        "/api/reports/province/60?year=2025&geography=vn-63&format=html",
        "/api/reports/province/68?year=2025&geography=vn-34&format=html",
        "/api/reports/indicator/internet-users-rate?year=2025&geography=vn-63&format=html",
        "/api/reports/province/60?year=2025&geography=vn-63&format=pdf",
        "/api/reports/province/68?year=2025&geography=vn-34&format=pdf",
        "/api/reports/indicator/dti-score?year=2025&geography=vn-34&format=pdf",
        "/api/reports/province/60?year=2025&geography=vn-63&format=xlsx",
        "/api/reports/province/68?year=2025&geography=vn-34&format=xlsx",
        "/api/reports/indicator/internet-users-rate?year=2025&geography=vn-63&format=xlsx",
        "/export/rankings/dti-score?year=2024&format=xlsx",
        "/export/series/60/internet-users-rate?format=xlsx",
        // Hà Nội's figures around the 2008 merger: flags explained by it, in the quality column.
        "/export/series/01/gso-average-population-total?format=xlsx",
        "/export/attainment?year=2025&geography=vn-63&table=attention&format=xlsx",
        "/export/rankings/gso-average-population-total?year=2015&format=csv",
        "/export/rankings/internet-non-users-rate?kind=target&year=2025&geography=vn-63&format=xlsx",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_Vietnamese_page_shows_no_English_words(string path)
    {
        var vietnamese = await ReadableTextAsync(path, "vi");
        var english = await ReadableTextAsync(path, "en");
        var englishWords = Words(english).Concat(CommonEnglish).ToHashSet(StringComparer.Ordinal);
        var shown = Words(vietnamese)
            .Where(w => englishWords.Contains(w) && !VietnameseVocabulary.Contains(w.ToLowerInvariant()) && !Shared(w))
            .Distinct().ToList();
        Report(path, "vi", vietnamese, shown);
        Assert.True(shown.Count == 0, $"{path} in Vietnamese shows English: {string.Join(", ", shown)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_English_page_shows_no_Vietnamese_words(string path)
    {
        var english = await ReadableTextAsync(path, "en");
        var shown = Words(english).Where(w => VietnameseLetter().IsMatch(w) && !ProperNameWords.Contains(w)).Distinct().ToList();
        Report(path, "en", english, shown);
        Assert.True(shown.Count == 0, $"{path} in English shows Vietnamese: {string.Join(", ", shown)}");
    }

    [Theory]
    [InlineData("/rankings/dti-score?year=2024", "vi-rankings")]
    [InlineData("/series/60/internet-users-rate", "vi-series")]
    [InlineData("/attainment?year=2025&geography=vn-63", "vi-attainment")]
    [InlineData("/provinces/68?geography=vn-34", "vi-profile-34")]
    public async Task Vietnamese_pages_are_photographed_as_a_reader_sees_them(string path, string name)
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        await fixture.ScreenshotAsync(page, name);
    }

    private void Report(string path, string language, string text, IReadOnlyList<string> words)
    {
        foreach (var word in words.Take(20))
        {
            var at = Regex.Match(text, $@"(?<![\p{{L}}]){Regex.Escape(word)}(?![\p{{L}}])");
            var from = Math.Max(0, at.Index - 60);
            output.WriteLine($"{path} [{language}] '{word}': …{text.Substring(from, Math.Min(140, text.Length - from)).Replace('\n', ' ')}…");
        }
    }

    /// <summary>The page or file as its reader reads it, without what is exempt (see the class).</summary>
    private async Task<string> ReadableTextAsync(string path, string language)
    {
        var url = path + (path.Contains('?') ? "&" : "?") + "lang=" + language;
        var response = await fixture.Cluster.Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        if (path.Contains("format=pdf", StringComparison.Ordinal))
        {
            var exempt = Words(await ExemptTextAsync(path.Replace("format=pdf", "format=html", StringComparison.Ordinal), language)).ToHashSet(StringComparer.Ordinal);
            var pdfText = Identifier().Replace(Address().Replace(await Chromium.PdfTextAsync(await response.Content.ReadAsByteArrayAsync()), " "), " ");
            return string.Join(" ", Words(pdfText).Where(w => !exempt.Contains(w)));
        }
        if (path.Contains("format=xlsx", StringComparison.Ordinal))
            return Identifier().Replace(Address().Replace(WorkbookText(await response.Content.ReadAsByteArrayAsync(), language), " "), " ");
        if (path.Contains("format=csv", StringComparison.Ordinal))
            return Identifier().Replace(Address().Replace(CsvText(await response.Content.ReadAsStringAsync(), language), " "), " ");
        var html = await response.Content.ReadAsStringAsync();
        var other = language == "vi" ? "en" : "vi";
        html = Exempt(other).Replace(html, " ");
        html = Unread().Replace(html, " ");
        var tooltips = string.Join(" ", TitleAttribute().Matches(html).Select(m => m.Groups[1].Value));
        var text = WebUtility.HtmlDecode(Tag().Replace(html, " ") + " " + tooltips);
        // Identifiers read the same in both languages: codes (dti-score, bounded-trend, 36/KH-STTTT) and paths (/api).
        return Identifier().Replace(text, " ");
    }

    /// <summary>The text of what the HTML exempts (quotes, identifiers, the other language's titles): its words are exempt in the PDF.</summary>
    private async Task<string> ExemptTextAsync(string htmlPath, string language)
    {
        var html = await fixture.Cluster.Http.GetStringAsync(htmlPath + "&lang=" + language);
        return WebUtility.HtmlDecode(string.Join(" ", Exempt(language == "vi" ? "en" : "vi").Matches(html).Select(m => Tag().Replace(m.Value, " "))));
    }

    /// <summary>Every sheet name and cell of a workbook, but the columns of quotes and sources (the documents' own words).</summary>
    private static string WorkbookText(byte[] xlsx, string language)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var text = new List<string>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            text.Add(sheet.Name!.Value!);
            var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => (Column: ColumnOf(c.CellReference!.Value!), Text: CellText(c, shared))).ToList()).ToList();
            if (rows.Count == 0) continue;
            var exemptColumns = rows[0].Where(c => IsDocumentColumn(c.Text, language)).Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
            text.AddRange(rows.SelectMany(r => r).Where(c => !exemptColumns.Contains(c.Column)).Select(c => c.Text));
        }
        return string.Join("\n", text);
    }

    /// <summary>A CSV's cells, but its columns of quotes and sources.</summary>
    private static string CsvText(string csv, string language)
    {
        var rows = csv.TrimStart('\uFEFF').Split('\n').Select(l => CsvCell().Matches(l.TrimEnd('\r')).Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("\"\"", "\"") : m.Groups[2].Value).ToList()).ToList();
        var exempt = rows[0].Select((h, i) => (h, i)).Where(x => IsDocumentColumn(x.h, language)).Select(x => x.i).ToHashSet();
        return string.Join("\n", rows.SelectMany(r => r.Where((_, i) => !exempt.Contains(i))));
    }

    /// <summary>
    /// A column of a document's own words: the quote, and the source's title, number and issuer (as the pages mark them
    /// lang="vi"), a national target's document and clause (its own designations), and the revisions, which name each
    /// earlier figure's document by its Vietnamese title.
    /// </summary>
    private static bool IsDocumentColumn(string header, string language) =>
        language == "vi" ? header is "Trích dẫn" or "Nguồn" or "Số, ký hiệu văn bản" or "Văn bản" or "Điều khoản" or "Cơ quan ban hành" or "Địa chỉ" or "Điều chỉnh"
                         : header is "Quote" or "Source" or "Document number" or "Document" or "Clause" or "Issued by" or "Address" or "Revisions";

    private static string ColumnOf(string reference) => new([.. reference.TakeWhile(char.IsLetter)]);

    private static string CellText(Cell cell, IReadOnlyList<string> shared) =>
        cell.DataType?.Value == CellValues.SharedString && int.TryParse(cell.CellValue?.Text, out var i) ? shared[i]
        : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? ""
        : cell.CellValue?.Text ?? "";

    // A web address (a document's, or a printed page's footer) is an identifier, not words.
    [GeneratedRegex(@"\b(?:https?|file)://\S+")]
    private static partial Regex Address();

    [GeneratedRegex("(?:^|,)(?:\"((?:[^\"]|\"\")*)\"|([^,]*))")]
    private static partial Regex CsvCell();

    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value).Where(w => w.Length > 1);

    /// <summary>Acronyms, product and format names, and anything with a digit, read the same in both languages.</summary>
    private static bool Shared(string word) =>
        word.All(c => char.IsUpper(c) || char.IsDigit(c)) || word.Any(char.IsDigit) || SharedNames.Contains(word);

    private static readonly HashSet<string> SharedNames = new(StringComparer.Ordinal)
    {
        "Internet", "Excel", "Vietnam", "Open", "Development", "Mekong", "Index", "Chromium", "Wi", "Fi", "Mbps", "km", "Km", "ha",
        // The map boundaries' attribution names its source repository: TaliaCao/Vietnam-Shape-Map.
        "Talia", "Cao", "TaliaCao", "Shape", "Map",
    };

    private static readonly string[] CommonEnglish =
    [
        "the", "of", "and", "in", "for", "with", "to", "by", "is", "are", "from", "not", "this", "that", "per", "on", "at", "or",
        "score", "services", "projected", "against", "interval", "chance", "figures", "units", "unit", "region", "regions", "seat",
        "province", "provinces", "derived", "members", "target", "rank", "value", "year", "years", "total", "population", "rate",
        "number", "area", "average", "source", "quote", "none", "sum", "mean", "weighted", "actual", "estimate", "plan", "baseline",
        "report", "method", "model", "no", "yes", "new", "data", "table", "map",
    ];

    /// <summary>Words the product's own Vietnamese uses (indicator names, unit names, unit words): never English.</summary>
    private static readonly HashSet<string> VietnameseVocabulary = LoadVietnameseVocabulary();

    /// <summary>
    /// Proper names, shown as they are in both languages: the units' names (both geographies) and the Vietnamese place
    /// names inside English indicator names ("Phú Quý island district", "Hoàng Sa / Trường Sa").
    /// </summary>
    private static readonly HashSet<string> ProperNameWords = LoadProperNameWords();

    // A property, not a field: the word lists above are built from it during type initialization.
    private static string DataDirectory => FindData();

    private static string FindData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return Path.Combine(dir.FullName, "data");
        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}.");
    }

    private static HashSet<string> LoadVietnameseVocabulary()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { "indicators.csv", Path.Combine("ict", "indicators.csv"), "provinces.csv", "provinces_2025.csv" })
            foreach (var line in File.ReadLines(Path.Combine(DataDirectory, file)).Skip(1))
                foreach (var w in Words(line.Split(',')[1])) words.Add(w.ToLowerInvariant());
        return words;
    }

    private static HashSet<string> LoadProperNameWords()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { "provinces.csv", "provinces_2025.csv" })
            foreach (var line in File.ReadLines(Path.Combine(DataDirectory, file)).Skip(1))
                foreach (var w in Words(line.Split(',')[1])) words.Add(w);
        // A Vietnamese word in an indicator's English name is a place name: the English name was written so.
        foreach (var file in new[] { "indicators.csv", Path.Combine("ict", "indicators.csv") })
            foreach (var indicator in Analytics.Formats.IndicatorCsv.Load(Path.Combine(DataDirectory, file)).All)
                foreach (var w in Words(indicator.NameEn).Where(w => VietnameseLetter().IsMatch(w))) words.Add(w);
        return words;
    }

    // Elements in the other language, identifiers and verbatim quotes: not this language's words by design.
    private static Regex Exempt(string otherLanguage) => new(
        $@"<(?<tag>[a-z0-9]+)\b[^>]*\blang=""{otherLanguage}""[^>]*>.*?</\k<tag>>|<code\b[^>]*>.*?</code>|<q\b[^>]*>.*?</q>",
        RegexOptions.Singleline | RegexOptions.IgnoreCase);

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Unread();

    [GeneratedRegex(@"\btitle=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex TitleAttribute();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[\p{L}\p{Mn}\p{Nd}]+")]
    private static partial Regex WordPattern();

    // Document numbers (749/QĐ-TTg, 57-NQ/TW, 202/2025/QH15) are identifiers too.
    [GeneratedRegex(@"(?<![\p{L}\p{Nd}])[a-z0-9]+(?:-[a-z0-9]+)+(?![\p{L}\p{Nd}])|(?<![\p{L}\p{Nd}])/[\w./-]+|(?<![\p{L}\p{Nd}])\d+(?:[-/][\p{L}\p{Nd}]+)+")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ]")]
    private static partial Regex VietnameseLetter();
}
