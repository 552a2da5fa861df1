using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>
/// How commands print what they found: problems and warnings on stderr, counts on stdout, in the reader's language
/// (<see cref="CliLanguage"/>), numbers in its convention (<c>67.916</c> / <c>67,916</c>).
/// </summary>
internal static class InputReport
{
    public static async Task WriteProblemsAsync(TextWriter error, IEnumerable<FileProblem> problems)
    {
        foreach (var p in problems) await error.WriteLineAsync(p.ToString());
    }

    public static async Task WriteWarningsAsync(TextWriter error, IEnumerable<string> warnings)
    {
        foreach (var w in warnings) await error.WriteLineAsync(Bilingual.T($"cảnh báo: {w}", $"warning: {w}"));
    }

    /// <summary>"data/x.csv", "3 files", "45 GSO tables", "46 inputs".</summary>
    public static string Describe(IReadOnlyList<CheckedInput> inputs) => inputs switch
    {
        [var single] => single.Name,
        _ when inputs.All(i => i.IsGsoTable) => Plural(inputs.Count, "bảng GSO", "GSO table", "GSO tables"),
        _ when inputs.All(i => !i.IsGsoTable) => Plural(inputs.Count, "tệp", "file", "files"),
        _ => Plural(inputs.Count, "đầu vào", "input", "inputs"),
    };

    /// <summary>Problems grouped by input: "data/x.csv (2)", for the closing line.</summary>
    public static string Where(IEnumerable<FileProblem> problems)
    {
        var bySource = problems.GroupBy(p => p.Source).ToList();
        return bySource.Count == 1 ? bySource[0].Key : string.Join(", ", bySource.Select(g => $"{g.Key} ({Number(g.Count())})"));
    }

    /// <summary>"a, b, c and 74 more": enough to recognise a list without flooding the screen.</summary>
    public static string Some(IReadOnlyList<string> items, int shown = 5)
    {
        if (items.Count <= shown) return string.Join(", ", items);
        var first = string.Join(", ", items.Take(shown - 1));
        var more = Number(items.Count - shown + 1);
        return Bilingual.T($"{first} và {more} mục khác", $"{first} and {more} more");
    }

    public static string Number(long n) => Bilingual.T($"{n:N0}", $"{n:N0}");

    public static string Seconds(TimeSpan t)
    {
        var format = t.TotalSeconds < 10 ? "0.0" : "0";
        return Bilingual.T($"{t.TotalSeconds.ToString(format, Bilingual.VietnameseNumbers)} giây", $"{t.TotalSeconds.ToString(format, Bilingual.EnglishNumbers)} s");
    }

    /// <summary>A count and its noun: "3 vấn đề" in Vietnamese (which has no plural), "1 problem" or "3 problems" in English.</summary>
    public static string Plural(long n, string vi, string one, string many) =>
        Bilingual.T($"{Number(n)} {vi}", $"{Number(n)} {(n == 1 ? one : many)}");

    /// <summary>Paths named on the command line must exist: a typo is a usage error, not a data error.</summary>
    public static void RequireExisting(IReadOnlyList<string> files, IReadOnlyList<string> gsoPaths)
    {
        if (files.Count == 0 && gsoPaths.Count == 0)
            throw new UsageException(Bilingual.T("không có gì để làm: hãy cho --file FILE.csv hoặc --gso DIR", "nothing to do: give --file FILE.csv or --gso DIR"));
        foreach (var f in files)
            if (!File.Exists(f))
                throw new UsageException(Directory.Exists(f)
                    ? Bilingual.T($"--file {f}: là một thư mục (dùng --gso cho một thư mục bảng GSO)", $"--file {f}: is a folder (use --gso for a folder of GSO tables)")
                    : Bilingual.T($"--file {f}: không có tệp này", $"--file {f}: no such file"));
        foreach (var g in gsoPaths)
            if (!File.Exists(g) && !Directory.Exists(g))
                throw new UsageException(Bilingual.T($"--gso {g}: không có tệp hay thư mục này", $"--gso {g}: no such file or folder"));
    }
}
