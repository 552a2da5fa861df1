using Analytics.Cli;

// ./analytics: parse the command, run it, exit with its code. Everything else lives in the command classes.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C lets the running command say what was already sent; a second one ends the process at once.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
return await CommandLine.RunAsync(args, CliConsole.FromProcess(), interrupt.Token);
