using System.Text.RegularExpressions;
using Analytics.Cli.Tests.Support;
using Analytics.Formats;
using Analytics.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Cli.Tests;

/// <summary>
/// <c>./analytics</c> speaks the reader's language: <c>--lang vi|en</c>, else <c>ANALYTICS_LANG</c>, else Vietnamese.
/// Every command's help and a set of its messages (usage mistakes, a file with problems, quality warnings, a valid
/// file's summary, an import into a real cluster, a refusal of the cluster's API) are run in each language: the
/// Vietnamese output shows no English word, the English output no Vietnamese one. As in the web's language tests:
/// English in Vietnamese is a word of the same output in English (or a common English word) that is no Vietnamese
/// syllable of the product's own Vietnamese names; Vietnamese in English is a word with Vietnamese letters. What reads the
/// same in both is left out: what is typed (command lines, options, the commands in the list, a file's column names,
/// role and format values, method identifiers), quotes, paths, codes and province names.
/// </summary>
public sealed partial class LanguageTests(CatalogClusterFixture fixture, ITestOutputHelper output) : IClassFixture<CatalogClusterFixture>, IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string> Helps()
    {
        var data = new TheoryData<string> { "--help" };
        foreach (var command in CommandLine.Commands) data.Add(command.Name + " --help");
        return data;
    }

    [Theory]
    [MemberData(nameof(Helps))]
    public async Task Every_help_is_in_the_language_asked_for(string args) =>
        await AssertInEachLanguageAsync(args, lang => CliRun.RunAsync([.. args.Split(' '), "--lang", lang]));

    [Theory]
    [InlineData("improt")]
    [InlineData("validate --fiel x.csv")]
    [InlineData("validate")]
    [InlineData("validate --file /no/such/file.csv")]
    [InlineData("import --file x.csv --batch-size 0")]
    [InlineData("report province 60 --format docx")]
    [InlineData("report")]
    [InlineData("backup")]
    [InlineData("keys list")]
    [InlineData("keys revoke")]
    public async Task Usage_mistakes_are_in_the_language_asked_for(string args) =>
        await AssertInEachLanguageAsync(args, async lang =>
        {
            var result = await CliRun.RunAsync([.. args.Split(' '), "--lang", lang]);
            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            return result;
        });

    [Fact]
    public async Task A_file_with_problems_is_reported_in_the_language_asked_for()
    {
        var file = _files.Csv("problems.csv",
            "60,internet-users-rate,2019,,actual,86;2,%,report.txt,86",
            "Atlantis,internet-users-rate,2019,,actual,80,%,report.txt,80",
            "60,no-such-indicator,2019,,actual,80,%,report.txt,80");
        await AssertInEachLanguageAsync("validate (problems)", async lang =>
        {
            var result = await CliRun.RunAsync("validate", "--file", file, "--lang", lang);
            Assert.True(result.ExitCode == ExitCodes.DataErrors, result.ToString());
            return result;
        });
    }

    [Fact]
    public async Task A_malformed_file_and_a_GSO_tables_warnings_are_in_the_language_asked_for()
    {
        // What formats/ says about a file's shape: a quote never closed, a cell that is no number, a footnote line.
        var broken = _files.Write("broken.csv", InputFiles.Header + "\n60,internet-users-rate,2019,,actual,59,%,report.txt,\"never closed\n");
        await AssertInEachLanguageAsync("validate (malformed)", async lang =>
        {
            var result = await CliRun.RunAsync("validate", "--file", broken, "--lang", lang);
            Assert.True(result.ExitCode == ExitCodes.DataErrors, result.ToString());
            return result;
        });

        var gso = _files.Write(Path.Combine("gso", "poverty.csv"), """
            "Poverty rate by province by Cities, provincies and Year"

            "Cities, provincies";"2014";"2015"
            "Ha Noi";1.5;1.2
            "Binh Thuan";5,3;3.8

            "(*) 2015: preliminary figures"
            """);
        await AssertInEachLanguageAsync("validate --gso (warnings)", async lang =>
        {
            var result = await CliRun.RunAsync("validate", "--gso", Path.GetDirectoryName(gso)!, "--lang", lang);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Contains(lang == "vi" ? "không phải là số; đã bỏ qua" : "is not a number; skipped", result.Error);
            return result;
        });
    }

    [Fact]
    public async Task Quality_warnings_and_a_summary_are_in_the_language_asked_for()
    {
        // Bình Thuận's subscriptions growing ~9 % a year, 2016 typed in thousands × 1000: a unit slip.
        var file = _files.Csv("subscribers.csv", [.. Enumerable.Range(2010, 12).Select((year, i) =>
        {
            var value = Math.Round(40_000 * Math.Pow(1.09, i)) * (year == 2016 ? 1000 : 1);
            return $"60,internet-subscribers,{year},,actual,{value},subscriptions,report.txt,{value}";
        })]);
        await AssertInEachLanguageAsync("validate (warnings)", async lang =>
        {
            var result = await CliRun.RunAsync("validate", "--file", file, "--lang", lang);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Contains(lang == "vi" ? "cảnh báo chất lượng:" : "quality warning:", result.Error);
            return result;
        });
    }

    [Fact]
    public async Task An_import_and_a_refusal_of_the_API_are_in_the_language_asked_for()
    {
        var code = await fixture.DefineRateAsync();
        var file = _files.Csv("rates.csv", $"60,{code},2019,,actual,59,%,report.txt,59", $"01,{code},2019,,actual,70.5,%,report.txt,\"70,5\"");
        await AssertInEachLanguageAsync("import", async lang =>
        {
            var result = await CliRun.RunAsync(fixture.Api, ["import", "--file", file, "--lang", lang], key: fixture.Cluster.Keys.Admin);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            return result;
        });
        // A writer may not list keys: the API's refusal comes back in the language the command line asked for.
        await AssertInEachLanguageAsync("keys list (refused)", async lang =>
        {
            var result = await CliRun.RunAsync(fixture.Api, ["keys", "list", "--lang", lang], key: fixture.Cluster.Keys.Writer);
            Assert.True(result.ExitCode == ExitCodes.DataErrors, result.ToString());
            return result;
        });
    }

    [Fact]
    public async Task Without_lang_or_ANALYTICS_LANG_the_command_line_speaks_Vietnamese()
    {
        var result = await CliRun.RunAsync(null, ["validate"], environment: new Dictionary<string, string> { [CliLanguage.Variable] = "" });

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("analytics validate: không có gì để làm: hãy cho --file FILE.csv hoặc --gso DIR", result.ErrorLines[0]);
    }

    [Fact]
    public async Task ANALYTICS_LANG_is_the_default_and_lang_wins_over_it()
    {
        var fromEnvironment = await CliRun.RunAsync(null, ["--help"], environment: new Dictionary<string, string> { [CliLanguage.Variable] = "vi" });
        var fromOption = await CliRun.RunAsync(null, ["--lang=en", "--help"], environment: new Dictionary<string, string> { [CliLanguage.Variable] = "vi" });

        Assert.StartsWith("Cách dùng: ./analytics LỆNH", fromEnvironment.Out);
        Assert.StartsWith("Usage: ./analytics COMMAND", fromOption.Out);
    }

    [Theory]
    [InlineData(new[] { "validate", "--lang", "fr" }, null, "--lang")]
    [InlineData(new[] { "validate", "--lang" }, null, "--lang")]
    [InlineData(new[] { "validate" }, "english", CliLanguage.Variable)]
    public async Task A_language_that_is_neither_vi_nor_en_is_a_usage_error_naming_both(string[] args, string? variable, string named)
    {
        var result = await CliRun.RunAsync(null, args, environment: new Dictionary<string, string> { [CliLanguage.Variable] = variable ?? "" });

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"analytics: {named} ", result.Error);
        Assert.Contains("vi hoặc en", result.Error);
        Assert.Contains("vi or en", result.Error);
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public async Task The_API_is_asked_for_its_words_in_the_language_of_the_command_line(string lang)
    {
        var languages = new List<string>();
        var handler = new RecordingHandler(languages);

        await CliRun.RunAsync(StubApi.Address, ["keys", "list", "--lang", lang], () => handler, key: "k");

        Assert.Equal([lang], languages);
    }

    /// <summary>Records each request's Accept-Language and refuses it as the API refuses a missing right.</summary>
    private sealed class RecordingHandler(List<string> languages) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            languages.Add(request.Headers.AcceptLanguage.ToString());
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Forbidden) { Content = new StringContent("{}") });
        }
    }

    /// <summary>Runs in both languages; fails on English words in the Vietnamese output and Vietnamese words in the English one.</summary>
    private async Task AssertInEachLanguageAsync(string what, Func<string, Task<CliResult>> run)
    {
        var vietnamese = Readable(await run("vi"));
        var english = Readable(await run("en"));
        Assert.NotEqual(vietnamese, english);

        var englishWords = Words(english).Concat(CommonEnglish).ToHashSet(StringComparer.Ordinal);
        var inVietnamese = Words(vietnamese)
            .Where(w => englishWords.Contains(w) && !VietnameseVocabulary.Contains(w.ToLowerInvariant()) && !Shared(w)).Distinct().ToList();
        var inEnglish = Words(english).Where(w => VietnameseLetter().IsMatch(w) && !ProperNameWords.Contains(w)).Distinct().ToList();
        output.WriteLine($"{what} [vi]:\n{vietnamese}\n{what} [en]:\n{english}");
        Assert.True(inVietnamese.Count == 0, $"{what} in Vietnamese shows English: {string.Join(", ", inVietnamese)}");
        Assert.True(inEnglish.Count == 0, $"{what} in English shows Vietnamese: {string.Join(", ", inEnglish)}");
    }

    /// <summary>What the run printed, without what reads the same in both languages (see the class).</summary>
    private static string Readable(CliResult result)
    {
        var text = result.Out + "\n" + result.Error;
        text = Synopsis().Replace(text, "$1");
        text = Prefix().Replace(text, " ");
        text = ListedCommand().Replace(text, " ");
        text = TypedCommandLine().Replace(text, " ");
        text = Quoted().Replace(text, " ");
        text = Field().Replace(text, " ");
        text = PathOrName().Replace(text, " ");
        text = Identifier().Replace(text, " ");
        return text;
    }

    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value).Where(w => w.Length > 1);

    /// <summary>Acronyms and anything with a digit, and the names of typed values and programs, read the same in both languages.</summary>
    private static bool Shared(string word) =>
        word.All(c => char.IsUpper(c) || char.IsDigit(c)) || word.Any(char.IsDigit) || SharedNames.Contains(word);

    private static readonly HashSet<string> SharedNames = new(StringComparer.Ordinal)
    {
        // Language codes, roles, report formats: the values typed after --lang, --role, --format.
        "vi", "en", "reader", "writer", "admin", "pdf", "xlsx", "html", "json",
        // Forecasting methods and scores by their identifiers (docs/language.md: the CLI keeps them), and programs.
        "naive", "drift", "ses", "holt", "theta", "production", "pinball", "relMAE", "sMAPE", "silo", "SQLite", "PostgreSQL", "Markdown", "Excel", "Chromium", "Web",
        "kB",
    };

    private static readonly string[] CommonEnglish =
    [
        "the", "of", "and", "in", "for", "with", "to", "by", "is", "are", "from", "not", "this", "that", "per", "on", "at", "or",
        "file", "files", "folder", "line", "row", "rows", "problem", "problems", "warning", "nothing", "sent", "cluster", "key",
        "province", "indicator", "value", "year", "years", "report", "usage", "options", "option", "default", "help",
    ];

    /// <summary>Words the product's own Vietnamese uses (indicator names, unit names): never English.</summary>
    private static readonly HashSet<string> VietnameseVocabulary = LoadNames(vietnamese: true);

    /// <summary>Province names, the same in both languages.</summary>
    private static readonly HashSet<string> ProperNameWords = LoadNames(vietnamese: false);

    private static HashSet<string> LoadNames(bool vietnamese)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var files = vietnamese
            ? new[] { "indicators.csv", Path.Combine("ict", "indicators.csv"), "provinces.csv", "provinces_2025.csv" }
            : ["provinces.csv", "provinces_2025.csv"];
        foreach (var file in files)
            foreach (var line in File.ReadLines(Path.Combine(Repo.Data, file)).Skip(1))
                foreach (var w in Words(line.Split(',')[1])) words.Add(vietnamese ? w.ToLowerInvariant() : w);
        if (!vietnamese)
            foreach (var file in new[] { "indicators.csv", Path.Combine("ict", "indicators.csv") })
                foreach (var indicator in IndicatorCsv.Load(Path.Combine(Repo.Data, file)).All)
                    foreach (var w in Words(indicator.NameEn).Where(w => VietnameseLetter().IsMatch(w))) words.Add(w);
        return words;
    }

    // "Usage: ./analytics import --file FILE.csv | …": the label is words, the synopsis is typed.
    [GeneratedRegex(@"(?m)^([^\n:]+: )\./analytics\b[^\n]*")]
    private static partial Regex Synopsis();

    // Who speaks, at the start of a message: "analytics validate: …".
    [GeneratedRegex(@"(?m)^analytics(?: [a-z]+){0,2}:")]
    private static partial Regex Prefix();

    // The list of commands: "  keys create   tạo một khóa API …".
    [GeneratedRegex(@"(?m)^  [a-z]+(?: [a-z]+)?(?= {2,})")]
    private static partial Regex ListedCommand();

    // A command line in a sentence, its options, their values in capitals, and choices (reader|writer|admin).
    [GeneratedRegex(@"\./analytics(?:[ |](?:[a-z][a-z-]*|--[a-z-]+|[A-Z][A-Z0-9.-]*))*|--[a-z][a-z-]*")]
    private static partial Regex TypedCommandLine();

    // 'quoted' and "quoted" (not the apostrophe of "cluster's").
    [GeneratedRegex(@"(?<!\p{L})'[^'\n]*'(?!\p{L})|""[^""\n]*""")]
    private static partial Regex Quoted();

    // A problem's field is a column name of the file: "F.csv line 4, value: …".
    [GeneratedRegex(@"(?<=(?:line|dòng) \d+, )[a-z_]+(?=: )")]
    private static partial Regex Field();

    // Paths, file names and addresses (data/README.md, provinces_2025.csv, http://127.0.0.1:5080/), ANALYTICS_LANG.
    [GeneratedRegex(@"[^\s'""(),;]*(?:/|\w\.\w|\w_\w|(?<![\w.])\.\w)[^\s'""(),;]*")]
    private static partial Regex PathOrName();

    // Codes: internet-users-rate, unit-slip, X-Api-Key, PX-Web.
    [GeneratedRegex(@"(?<![\p{L}\p{Nd}])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![\p{L}\p{Nd}])")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[\p{L}\p{Mn}\p{Nd}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ]")]
    private static partial Regex VietnameseLetter();
}
