using System.Globalization;
using Analytics.Domain;

namespace Analytics.Cli;

/// <summary>An option a command accepts: <c>--name VALUE</c> (or <c>--name=VALUE</c>), or a flag when it takes no value.</summary>
/// <summary>A <paramref name="Positional"/> option may also be given as a bare argument (<c>keys revoke ID</c>).</summary>
public sealed record OptionSpec(string Name, string? ValueName, string Description, bool Repeatable = false, bool Positional = false)
{
    public bool IsFlag => ValueName is null;

    public string Synopsis => IsFlag ? $"--{Name}" : Positional ? $"[--{Name}] {ValueName}" : $"--{Name} {ValueName}";
}

/// <summary>The command line is wrong; the message names what (the option, the missing value, the file).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A command's arguments parsed against its <see cref="OptionSpec"/>s. Anything not declared is an error.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CommandOptions() { }

    /// <summary>The leading arguments before any option, for commands that take some (<c>report province 60</c>).</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <param name="arguments">How many leading arguments (not options) the command takes at most.</param>
    public static CommandOptions Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs, int arguments = 0)
    {
        var options = new CommandOptions();
        var leading = args.TakeWhile(a => !a.StartsWith('-')).Take(arguments).ToList();
        options.Arguments = leading;
        for (var i = leading.Count; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') && specs.FirstOrDefault(s => s.Positional) is { } positional && !options._values.ContainsKey(positional.Name))
            {
                options._values[positional.Name] = [arg];
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException(arg.StartsWith('-')
                    ? Bilingual.T($"không có tùy chọn '{arg}'", $"unknown option '{arg}'")
                    : Bilingual.T($"đối số không mong đợi '{arg}' (tùy chọn bắt đầu bằng --)", $"unexpected argument '{arg}' (options start with --)"));
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            var spec = specs.FirstOrDefault(s => s.Name == name)
                       ?? throw new UsageException(Bilingual.T($"không có tùy chọn '{(eq > 0 ? arg[..eq] : arg)}'", $"unknown option '{(eq > 0 ? arg[..eq] : arg)}'"));
            string value;
            if (spec.IsFlag)
            {
                if (eq > 0) throw new UsageException(Bilingual.T($"tùy chọn --{name} không nhận giá trị", $"option --{name} takes no value"));
                value = "true";
            }
            else if (eq > 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else throw new UsageException(Bilingual.T($"tùy chọn --{name} cần một giá trị ({spec.ValueName})", $"option --{name} needs a value ({spec.ValueName})"));

            if (!options._values.TryGetValue(name, out var list)) options._values[name] = list = [];
            else if (!spec.Repeatable) throw new UsageException(Bilingual.T($"tùy chọn --{name} được cho hai lần", $"option --{name} is given twice"));
            list.Add(value);
        }
        return options;
    }

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public string? Value(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    public int PositiveInt(string name, int fallback)
    {
        if (Value(name) is not { } text) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException(Bilingual.T($"tùy chọn --{name} cần một số nguyên dương, không phải '{text}'", $"option --{name} needs a positive whole number, not '{text}'"));
    }
}
