using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>
/// The language <c>./analytics</c> speaks: <c>--lang vi|en</c> anywhere on the command line, else <c>ANALYTICS_LANG</c>,
/// else Vietnamese, as everywhere in the product. It is one option for every command and means everything the run
/// prints: help, progress, summaries, the domain's reasons, the API's refusals (<c>Accept-Language</c>) and a downloaded
/// report. The words themselves are <see cref="Bilingual.T(string, string)"/> pairs where they are printed.
/// </summary>
public static class CliLanguage
{
    public const string Variable = "ANALYTICS_LANG";

    private static readonly string[] Codes = ["vi", "en"];

    /// <summary>The option every command's help lists (it is taken off the arguments before a command parses them).</summary>
    public static OptionSpec Option => new("lang", "LANG", Bilingual.T(
        $"ngôn ngữ của mọi thứ lệnh in ra và của báo cáo: vi hoặc en (mặc định: {Variable}, nếu không có thì vi)",
        $"the language of everything the command prints and of a report: vi or en (default: {Variable}, else vi)"));

    /// <summary>The arguments without <c>--lang</c>, and the code it or <c>ANALYTICS_LANG</c> names ("vi" when neither).</summary>
    /// <exception cref="UsageException">The language named is neither vi nor en (the message in both languages: which
    /// one the reader reads is what is wrong).</exception>
    public static (IReadOnlyList<string> Arguments, string Code) Take(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var rest = new List<string>(args.Count);
        string? given = null, source = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--lang")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException(Refusal("--lang", null));
                (given, source) = (args[++i], "--lang");
            }
            else if (args[i].StartsWith("--lang=", StringComparison.Ordinal)) (given, source) = (args[i]["--lang=".Length..], "--lang");
            else rest.Add(args[i]);
        }
        if (given is null && environment(Variable) is { Length: > 0 } fromEnvironment) (given, source) = (fromEnvironment, Variable);
        if (given is null) return (rest, "vi");
        var code = given.Trim().ToLowerInvariant();
        return Codes.Contains(code) ? (rest, code) : throw new UsageException(Refusal(source!, given));
    }

    private static string Refusal(string source, string? value) => value is null
        ? $"{source} cần một giá trị: vi hoặc en / {source} needs a value: vi or en"
        : $"{source} phải là vi hoặc en, không phải '{value}' / {source} must be vi or en, not '{value}'";
}
