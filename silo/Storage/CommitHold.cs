namespace Analytics.Silo.Storage;

/// <summary>
/// A fault point for crash tests, off unless <c>ANALYTICS_TEST_HOLD_COMMIT</c> names a folder: once a file
/// <c>arm</c> appears there (holding a state name), the next group transaction of more than one write that writes a
/// state of that name runs its statements, then stops before its commit, lists its rows ("state key") in <c>held</c>
/// and waits for ever, so a test can kill the silo with exactly such a transaction open.
/// </summary>
public sealed class CommitHold(string folder)
{
    public const string Variable = "ANALYTICS_TEST_HOLD_COMMIT";

    public static CommitHold? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? new CommitHold(folder) : null;

    private string Arm => Path.Combine(folder, "arm");

    /// <summary>Returns at once unless armed; when armed, never returns (the test kills the process).</summary>
    public async Task WaitIfArmedAsync(IReadOnlyCollection<(string State, string Key)> rows)
    {
        if (rows.Count < 2 || !File.Exists(Arm)) return;
        var state = (await File.ReadAllTextAsync(Arm)).Trim();
        if (!rows.Any(r => r.State == state)) return;
        File.Delete(Arm);
        // Written under another name and moved, so the test never reads half a list.
        var listing = Path.Combine(folder, "held.tmp");
        await File.WriteAllLinesAsync(listing, rows.Select(r => $"{r.State} {r.Key}"));
        File.Move(listing, Path.Combine(folder, "held"));
        await Task.Delay(Timeout.Infinite);
    }
}
