namespace Analytics.Silo.Storage;

/// <summary>
/// A fault point for crash tests, off unless <c>ANALYTICS_TEST_HOLD_COMMIT</c> names a folder: once a file <c>arm</c>
/// appears there (a state name, and optionally the fewest writes, e.g. "series 2"), the next group transaction that
/// writes a state of that name runs its statements, then stops before its commit, lists its rows in <c>held</c> (the
/// process id first, then "state key" a line) and waits for ever, so a test can kill the silo with exactly such a
/// transaction open. Silos may share the folder: the first to claim the arm (by renaming it) is the only one to hold.
/// </summary>
public sealed class CommitHold(string folder)
{
    public const string Variable = "ANALYTICS_TEST_HOLD_COMMIT";

    public static CommitHold? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? new CommitHold(folder) : null;

    private string Arm => Path.Combine(folder, "arm");

    /// <summary>Returns at once unless armed for these rows; when it holds them, never returns (the test kills the process).</summary>
    public async Task WaitIfArmedAsync(IReadOnlyCollection<(string State, string Key)> rows)
    {
        if (!File.Exists(Arm)) return;
        string[] armed;
        try { armed = (await File.ReadAllTextAsync(Arm)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); }
        catch (IOException) { return; } // claimed by another silo meanwhile
        var fewest = armed.Length > 1 ? int.Parse(armed[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        if (armed.Length == 0 || rows.Count < fewest || !rows.Any(r => r.State == armed[0])) return;
        try { File.Move(Arm, $"{Arm}.{Environment.ProcessId}"); }
        catch (IOException) { return; }
        // Written under another name and moved, so the test never reads half a list.
        var listing = Path.Combine(folder, $"held.{Environment.ProcessId}");
        await File.WriteAllLinesAsync(listing, [$"pid {Environment.ProcessId}", .. rows.Select(r => $"{r.State} {r.Key}")]);
        File.Move(listing, Path.Combine(folder, "held"));
        await Task.Delay(Timeout.Infinite);
    }
}
