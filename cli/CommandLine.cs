namespace Analytics.Cli;

/// <summary>
/// The dispatch table of <c>./analytics</c>: the first argument names a command, the rest are its options.
/// A new command (back-testing, say) is one class implementing <see cref="ICommand"/> and one line in <see cref="Commands"/>.
/// </summary>
public static class CommandLine
{
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new ImportCommand(),
        new ValidateCommand(),
        new BacktestCommand(),
        new BackupCommand(),
        new KeysCreateCommand(),
        new KeysListCommand(),
        new KeysRevokeCommand(),
        new ReportCommand(),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        // The command line is an operator's tool written in English: the domain's messages it prints (a refused row, an
        // unknown province) are their English words. Reports it fetches take --lang.
        using var english = Analytics.Domain.Bilingual.Reading(english: true);
        if (args.Count == 0)
        {
            await console.Error.WriteAsync(Usage());
            return ExitCodes.Usage;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            if (args.Count > 1 && (Find(string.Join(' ', args.Skip(1))) ?? Find(args[1])) is { } topic) await console.Out.WriteAsync(topic.Help.Render(topic.Name));
            else await console.Out.WriteAsync(Usage());
            return ExitCodes.Ok;
        }

        // Two-word commands (keys create, keys list, keys revoke) are found by their first two arguments.
        var words = args.Count > 1 && Find($"{args[0]} {args[1]}") is not null ? 2 : 1;
        var command = Find(string.Join(' ', args.Take(words)));
        if (command is null)
        {
            await console.Error.WriteLineAsync(args[0].StartsWith('-')
                ? $"analytics: unknown option '{args[0]}' (a command comes first)"
                : $"analytics: unknown command '{args[0]}'");
            await console.Error.WriteAsync(Usage());
            return ExitCodes.Usage;
        }

        var rest = args.Skip(words).ToList();
        if (rest.Any(a => a is "--help" or "-h"))
        {
            await console.Out.WriteAsync(command.Help.Render(command.Name));
            return ExitCodes.Ok;
        }
        try
        {
            var options = CommandOptions.Parse(rest, command.Help.Options, command.Help.Arguments);
            return await command.RunAsync(options, console, cancellationToken);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"analytics {command.Name}: {e.Message}");
            await console.Error.WriteLineAsync($"Run './analytics {command.Name} --help' for usage.");
            return ExitCodes.Usage;
        }
    }

    private static ICommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public static string Usage()
    {
        var writer = new StringWriter();
        writer.WriteLine("Usage: ./analytics COMMAND [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        var width = Commands.Max(c => c.Name.Length) + 2;
        foreach (var c in Commands) writer.WriteLine($"  {c.Name.PadRight(width)}{c.Summary}");
        writer.WriteLine();
        writer.WriteLine("Run './analytics COMMAND --help' for a command's options.");
        writer.WriteLine(ExitCodes.Summary);
        return writer.ToString();
    }
}
