using Analytics.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Hosting.Tests;

/// <summary>
/// 2,000 bad requests once wrote 74,000 log lines in a second. Warnings and errors of one kind are now written a few
/// times a window and the rest counted: the log says how many there were without repeating them.
/// </summary>
public sealed class ProductLoggingTests
{
    [Fact]
    public void Two_thousand_warnings_of_one_kind_write_a_few_lines_and_then_say_how_many_more_there_were()
    {
        var clock = new SteppedClock();
        var lines = new LinesProvider();
        using (var provider = new RateLimitedLoggerProvider(lines, clock))
        {
            var log = provider.CreateLogger("Analytics.Api.Test");
            for (var n = 0; n < 2_000; n++) log.LogWarning("Request {Number} refused", n);
            log.LogError("Another kind of problem");
            Assert.Equal(ProductLogging.LinesPerKind + 1, lines.Written.Count);

            clock.Now += RateLimitedLoggerProvider.Window;
            log.LogWarning("Request {Number} refused", 2_000);
        }
        Assert.Contains(lines.Written, l => l.Contains("and 1,995 more like this", StringComparison.Ordinal));
        Assert.Equal(ProductLogging.LinesPerKind + 3, lines.Written.Count);
    }

    [Fact]
    public void Information_lines_are_not_limited()
    {
        var lines = new LinesProvider();
        using var provider = new RateLimitedLoggerProvider(lines, new SteppedClock());
        var log = provider.CreateLogger("Analytics.Silo.Test");
        for (var n = 0; n < 50; n++) log.LogInformation("Loaded {Number}", n);
        Assert.Equal(50, lines.Written.Count);
    }

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        // The provider's own flush timer never fires here: the test moves time and logs again instead.
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class LinesProvider : ILoggerProvider
    {
        public List<string> Written { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Lines(Written);

        public void Dispose() { }

        private sealed class Lines(List<string> written) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                written.Add(formatter(state, exception));
        }
    }
}
