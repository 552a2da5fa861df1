namespace Analytics;

/// <summary>
/// Coalesces concurrent requests to persist a grain's state into as few storage writes as possible.
/// A caller's task completes only after a write that began after its change, so nothing acknowledged
/// is lost, while sixty series pushing at once cost two or three writes instead of sixty.
/// Relies on the grain's single-threaded scheduler: no locks needed.
/// </summary>
public sealed class GroupCommit(Func<Task> write)
{
    private Task _tail = Task.CompletedTask;
    private bool _tailStarted = true;

    public Task CommitAsync()
    {
        // A queued write that has not started yet will serialise the state including this caller's change.
        if (!_tailStarted) return _tail;

        var previous = _tail;
        _tailStarted = false;
        _tail = WriteAfter(previous);
        return _tail;
    }

    private async Task WriteAfter(Task previous)
    {
        try { await previous; }
        catch { /* that write's own callers saw its failure; this one writes the state afresh */ }
        _tailStarted = true;
        await write();
    }
}
