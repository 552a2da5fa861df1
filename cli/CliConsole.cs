namespace Analytics.Cli;

/// <summary>
/// What a command may touch outside its arguments: the two output streams, the environment, where the binary is,
/// the clock and the HTTP stack. The process uses the real ones; tests pass writers and a cluster's address.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    /// <summary>Results: summaries, counts.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Diagnostics: row errors, warnings, the progress bar.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Whether <see cref="Error"/> is a terminal, where a progress bar can redraw itself in place.</summary>
    public bool ErrorIsTerminal { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Where the binary is; the repository's data/ is found from here.</summary>
    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Makes the HTTP client for the cluster's API at a base address.</summary>
    public Func<Uri, HttpClient> CreateHttpClient { get; init; } =
        baseAddress => new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Waits before retrying a request the cluster answered 503 (or could not finish): one entry per retry.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    public static CliConsole FromProcess() => new(Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected };
}
