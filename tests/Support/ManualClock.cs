namespace Analytics.Tests.Support;

/// <summary>A clock the test moves by hand; its timers never fire.</summary>
public sealed class ManualClock : TimeProvider
{
    public long Ticks { get; set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NoTimer();

    public void Advance(TimeSpan by) => Ticks += by.Ticks;

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
