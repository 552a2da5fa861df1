using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>
/// One verb of <c>./analytics</c>. <see cref="CommandLine"/> parses the arguments against <see cref="Options"/>
/// (so unknown options are refused the same way everywhere) and prints <see cref="Help"/> for <c>--help</c>.
/// </summary>
public interface ICommand
{
    /// <summary>The verb: <c>import</c>, <c>validate</c> (the same in every language: it is typed).</summary>
    string Name { get; }

    /// <summary>One line for the list of commands, in the reader's language (so made when asked for, as is <see cref="Help"/>).</summary>
    string Summary { get; }

    /// <summary>The synopsis, what the command does, and its options.</summary>
    CommandHelp Help { get; }

    Task<int> RunAsync(CommandOptions options, CliConsole console, CancellationToken cancellationToken);
}

/// <summary>The text of <c>./analytics COMMAND --help</c>.</summary>
public sealed record CommandHelp(string Synopsis, string Description, IReadOnlyList<OptionSpec> Options, string? Notes = null, int Arguments = 0)
{
    public static OptionSpec HelpOption => new("help", null, Bilingual.T("in hướng dẫn này", "show this help"));

    public string Render(string command)
    {
        var writer = new StringWriter();
        writer.WriteLine(Bilingual.T($"Cách dùng: ./analytics {command} {Synopsis}", $"Usage: ./analytics {command} {Synopsis}"));
        writer.WriteLine();
        writer.WriteLine(Description);
        writer.WriteLine();
        writer.WriteLine(Bilingual.T("Tùy chọn:", "Options:"));
        var all = Options.Append(CliLanguage.Option).Append(HelpOption).ToList();
        var width = all.Max(o => o.Synopsis.Length) + 2;
        foreach (var o in all)
            writer.WriteLine($"  {o.Synopsis.PadRight(width)}{o.Description}{(o.Repeatable ? Bilingual.T("; có thể lặp lại", "; repeatable") : "")}");
        if (Notes is not null)
        {
            writer.WriteLine();
            writer.WriteLine(Notes);
        }
        writer.WriteLine();
        writer.WriteLine(ExitCodes.Summary);
        return writer.ToString();
    }
}
