namespace Analytics.Tests.Support;

/// <summary>Waits for a condition with a deadline, for the few things no await can observe directly.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string? what = null)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Not true within {deadline}: {what ?? "condition"}.");
            await Task.Delay(20);
        }
    }
}
