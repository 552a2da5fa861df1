using System.Globalization;
using Analytics.Cli;

namespace Analytics.Cli.Tests.Support;

/// <summary>What a command printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}

/// <summary>
/// Runs <c>./analytics ARGS</c> in this process: the real dispatch table and command classes, with captured output,
/// <c>API_URL</c> pointing where the test says, and no waiting between retries. The tests that read the command's words
/// read its English ones: <c>ANALYTICS_LANG=en</c>, as an English-reading operator sets it, unless the test's
/// <c>environment</c> names ANALYTICS_LANG (empty: not set) or its arguments say <c>--lang</c>.
/// </summary>
public static class CliRun
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(api: null, args);

    /// <param name="key">What ANALYTICS_KEY holds for the run (none when null).</param>
    public static async Task<CliResult> RunAsync(Uri? api, string[] args, Func<HttpMessageHandler>? handler = null, string? key = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var console = new CliConsole(output, error)
        {
            Environment = name => name switch
            {
                "API_URL" => api?.ToString(),
                "ANALYTICS_KEY" => key,
                CliLanguage.Variable => environment?.GetValueOrDefault(name, "en") ?? "en",
                _ => environment?.GetValueOrDefault(name),
            },
            RetryDelays = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero],
            CreateHttpClient = handler is null
                ? baseAddress => new HttpClient { BaseAddress = baseAddress }
                : baseAddress => new HttpClient(handler()) { BaseAddress = baseAddress },
        };
        var exit = await CommandLine.RunAsync(args, console);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
