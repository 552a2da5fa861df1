using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Hosting;

/// <summary>
/// How the silo and API processes log. Quiet by default: the product's own lines at Information, the frameworks'
/// (Orleans, Polly, ASP.NET Core) only from Warning, so an activation, a placement or a request writes nothing;
/// any level can still be set in configuration (<c>Logging:LogLevel:Orleans=Information</c>). Warnings and errors
/// are rate limited per kind (category, event and message template): a few a minute are written, the rest counted
/// and reported as "and 1,999 more like this", so a flood of bad requests cannot flood the log.
/// </summary>
public static class ProductLogging
{
    /// <summary>Lines of one kind written in a <see cref="RateLimitedLoggerProvider.Window"/> before the rest are only counted.</summary>
    public const int LinesPerKind = 5;

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
    };

    public static IHostApplicationBuilder UseProductLogging(this IHostApplicationBuilder builder)
    {
        // First source, so appsettings.json, the environment and the command line override every default.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        // The console logger (by name: this project stays free of the ASP.NET Core and console packages) writes through the limiter.
        var console = builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType?.Name == "ConsoleLoggerProvider").ToList();
        foreach (var d in console)
        {
            builder.Services.Remove(d);
            var type = d.ImplementationType!;
            builder.Services.AddSingleton<ILoggerProvider>(sp =>
                new RateLimitedLoggerProvider((ILoggerProvider)ActivatorUtilities.CreateInstance(sp, type), TimeProvider.System));
        }
        return builder;
    }
}

/// <summary>Writes through <paramref name="inner"/>, at most <see cref="ProductLogging.LinesPerKind"/> warnings or errors of one kind a window.</summary>
public sealed class RateLimitedLoggerProvider(ILoggerProvider inner, TimeProvider clock) : ILoggerProvider
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Tally> _tallies = new();
    private readonly TimeProvider _clock = clock;
    private ITimer? _flush;

    public ILogger CreateLogger(string categoryName)
    {
        // Counts left at the end of a window are reported even when nothing of that kind follows.
        _flush ??= _clock.CreateTimer(_ => Flush(), null, Window, Window);
        return new Logger(this, inner.CreateLogger(categoryName), categoryName);
    }

    public void Dispose()
    {
        _flush?.Dispose();
        Flush();
        inner.Dispose();
    }

    private void Flush()
    {
        var now = _clock.GetUtcNow();
        foreach (var (kind, tally) in _tallies)
        {
            tally.Report(now, force: true);
            // Kinds not seen for a while are forgotten, so messages without a template cannot grow the table for ever.
            if (tally.Idle(now)) _tallies.TryRemove(kind, out _);
        }
    }

    /// <summary>How many lines of one kind were written and held back in the current window.</summary>
    private sealed class Tally(ILogger logger, LogLevel level, EventId eventId)
    {
        private DateTimeOffset _start = DateTimeOffset.MinValue;
        private int _written;
        private long _held;

        public bool Admit(DateTimeOffset now)
        {
            lock (this)
            {
                if (now - _start >= Window)
                {
                    Report(now, force: false);
                    (_start, _written) = (now, 0);
                }
                if (_written < ProductLogging.LinesPerKind)
                {
                    _written++;
                    return true;
                }
                _held++;
                return false;
            }
        }

        public bool Idle(DateTimeOffset now)
        {
            lock (this) return _held == 0 && now - _start >= 2 * Window;
        }

        public void Report(DateTimeOffset now, bool force)
        {
            long held;
            lock (this)
            {
                if (_held == 0 || (force && now - _start < Window)) return;
                (held, _held) = (_held, 0);
            }
            logger.Log(level, eventId, "… and {Held:N0} more like this in the last {Seconds:N0} s (not written)", held, Window.TotalSeconds);
        }
    }

    private sealed class Logger(RateLimitedLoggerProvider provider, ILogger inner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                var template = state is IReadOnlyList<KeyValuePair<string, object?>> values
                    ? values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string
                    : null;
                var kind = $"{category}|{eventId.Id}|{logLevel}|{template ?? formatter(state, exception)}|{exception?.GetType().FullName}";
                var tally = provider._tallies.GetOrAdd(kind, _ => new Tally(inner, logLevel, eventId));
                if (!tally.Admit(provider._clock.GetUtcNow())) return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
