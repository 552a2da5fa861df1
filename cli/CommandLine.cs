using Analytics.Domain;

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

    public static async Task<int> RunAsync(IReadOnlyList<string> all, CliConsole console, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> args;
        string language;
        try
        {
            (args, language) = CliLanguage.Take(all, console.Environment);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"analytics: {e.Message}");
            return ExitCodes.Usage;
        }
        // Everything the run prints, the domain's reasons included, is in the chosen language; it flows with the run's async calls.
        using var reading = Bilingual.Reading(english: language == "en");
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
                ? Bilingual.T($"analytics: không có tùy chọn '{args[0]}' (tên lệnh phải đứng trước)", $"analytics: unknown option '{args[0]}' (a command comes first)")
                : Bilingual.T($"analytics: không có lệnh '{args[0]}'", $"analytics: unknown command '{args[0]}'"));
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
            await console.Error.WriteLineAsync(Bilingual.T(
                $"Chạy './analytics {command.Name} --help' để xem cách dùng.", $"Run './analytics {command.Name} --help' for usage."));
            return ExitCodes.Usage;
        }
    }

    private static ICommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public static string Usage()
    {
        var writer = new StringWriter();
        writer.WriteLine(Bilingual.T("Cách dùng: ./analytics LỆNH [tùy chọn]", "Usage: ./analytics COMMAND [options]"));
        writer.WriteLine();
        writer.WriteLine(Bilingual.T("Các lệnh:", "Commands:"));
        var width = Commands.Max(c => c.Name.Length) + 2;
        foreach (var c in Commands) writer.WriteLine($"  {c.Name.PadRight(width)}{c.Summary}");
        writer.WriteLine();
        writer.WriteLine(Bilingual.T("Chạy './analytics LỆNH --help' để xem các tùy chọn của một lệnh.", "Run './analytics COMMAND --help' for a command's options."));
        writer.WriteLine(Bilingual.T(
            $"Mọi lệnh nhận --lang vi|en (mặc định: {CliLanguage.Variable}, nếu không có thì tiếng Việt).",
            $"Every command takes --lang vi|en (default: {CliLanguage.Variable}, else Vietnamese)."));
        writer.WriteLine(ExitCodes.Summary);
        return writer.ToString();
    }
}
