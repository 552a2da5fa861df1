using System.Globalization;

namespace Analytics.Cli;

/// <summary>How commands print what they found: problems and warnings on stderr, counts on stdout.</summary>
internal static class InputReport
{
    public static async Task WriteProblemsAsync(TextWriter error, IEnumerable<FileProblem> problems)
    {
        foreach (var p in problems) await error.WriteLineAsync(p.ToString());
    }

    public static async Task WriteWarningsAsync(TextWriter error, IEnumerable<string> warnings)
    {
        foreach (var w in warnings) await error.WriteLineAsync($"warning: {w}");
    }

    /// <summary>"data/x.csv", "3 files", "45 GSO tables", "46 inputs".</summary>
    public static string Describe(IReadOnlyList<CheckedInput> inputs) => inputs switch
    {
        [var single] => single.Name,
        _ when inputs.All(i => i.IsGsoTable) => $"{inputs.Count} GSO tables",
        _ when inputs.All(i => !i.IsGsoTable) => $"{inputs.Count} files",
        _ => $"{inputs.Count} inputs",
    };

    /// <summary>Problems grouped by input: "data/x.csv (2)", for the closing line.</summary>
    public static string Where(IEnumerable<FileProblem> problems)
    {
        var bySource = problems.GroupBy(p => p.Source).ToList();
        return bySource.Count == 1 ? bySource[0].Key : string.Join(", ", bySource.Select(g => $"{g.Key} ({Number(g.Count())})"));
    }

    /// <summary>"a, b, c and 74 more": enough to recognise a list without flooding the screen.</summary>
    public static string Some(IReadOnlyList<string> items, int shown = 5) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown - 1))} and {Number(items.Count - shown + 1)} more";

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";

    public static string Plural(long n, string one, string many) => $"{Number(n)} {(n == 1 ? one : many)}";

    /// <summary>Paths named on the command line must exist: a typo is a usage error, not a data error.</summary>
    public static void RequireExisting(IReadOnlyList<string> files, IReadOnlyList<string> gsoPaths)
    {
        if (files.Count == 0 && gsoPaths.Count == 0)
            throw new UsageException("nothing to do: give --file FILE.csv or --gso DIR");
        foreach (var f in files)
            if (!File.Exists(f))
                throw new UsageException(Directory.Exists(f) ? $"--file {f}: is a folder (use --gso for a folder of GSO tables)" : $"--file {f}: no such file");
        foreach (var g in gsoPaths)
            if (!File.Exists(g) && !Directory.Exists(g))
                throw new UsageException($"--gso {g}: no such file or folder");
    }
}
