using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Analytics.Hosting;

/// <summary>
/// How long grain activations stay in a silo's memory. A series grain holds its figures and their provenance; a
/// catalogue of 100,000 series would keep all of them resident if none ever left. Series idle for
/// <see cref="SeriesIdle"/> are deactivated (their state is in storage; the next call reads it back), and under
/// memory pressure Orleans sheds the least recently used activations early: when the managed memory in use passes
/// <see cref="ShedAtMemoryPercent"/> of what the process may have (the machine's memory, or a container's or
/// <c>DOTNET_GCHeapHardLimit</c>'s limit), until it is back under <see cref="ShedToMemoryPercent"/>.
/// </summary>
public sealed record ActivationLifetime
{
    /// <summary>Idle time after which a series activation is deactivated (Analytics:SeriesIdleMinutes, ANALYTICS_SERIES_IDLE_MINUTES).</summary>
    public TimeSpan SeriesIdle { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many idle series a silo deactivates a second at most (Analytics:IdleDeactivationsPerSecond): the series one
    /// ingest touched all go idle together, and leave as a trickle beside the requests instead of at once.
    /// </summary>
    public int IdleDeactivationsPerSecond { get; init; } = 500;

    /// <summary>Whether memory pressure sheds activations (Analytics:ShedOnMemoryPressure).</summary>
    public bool ShedOnMemoryPressure { get; init; } = true;

    /// <summary>Memory use, in percent of the process's limit, at which activations are shed.</summary>
    public int ShedAtMemoryPercent { get; init; } = 80;

    /// <summary>Memory use, in percent of the limit, that shedding brings the silo back to.</summary>
    public int ShedToMemoryPercent { get; init; } = 65;

    /// <summary>How often the silo looks for idle activations at most (Orleans' default: 1 minute); more often when <see cref="SeriesIdle"/> is under twice this.</summary>
    public TimeSpan CollectionQuantum { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Idle age at which Orleans' own collector takes a series the trickle has missed.</summary>
    public TimeSpan SeriesBackstop => SeriesIdle + (SeriesIdle > TimeSpan.FromMinutes(10) ? SeriesIdle : TimeSpan.FromMinutes(10));

    public static ActivationLifetime Default { get; } = new();

    /// <summary>Shorter would deactivate series between the calls of one import.</summary>
    public const double MinimumIdleMinutes = 1;

    public static ActivationLifetime From(IConfiguration config)
    {
        var section = config.GetSection("Analytics");
        var defaults = Default;
        var minutesText = config["ANALYTICS_SERIES_IDLE_MINUTES"] is { Length: > 0 } v ? v : section["SeriesIdleMinutes"];
        var idle = defaults.SeriesIdle;
        if (minutesText is not null)
        {
            idle = double.TryParse(minutesText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
                && minutes >= MinimumIdleMinutes && minutes <= 7 * 24 * 60
                ? TimeSpan.FromMinutes(minutes)
                : throw new InvalidOperationException(
                    $"ANALYTICS_SERIES_IDLE_MINUTES (Analytics:SeriesIdleMinutes) must be a number of minutes from {MinimumIdleMinutes} to {7 * 24 * 60}, not '{minutesText}'.");
        }
        var shed = section["ShedOnMemoryPressure"] is { } shedText
            ? bool.TryParse(shedText, out var b) ? b : throw new InvalidOperationException($"Analytics:ShedOnMemoryPressure must be true or false, not '{shedText}'.")
            : defaults.ShedOnMemoryPressure;
        var rate = section["IdleDeactivationsPerSecond"] is { } rateText
            ? int.TryParse(rateText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) && r is >= 10 and <= 100_000
                ? r : throw new InvalidOperationException($"Analytics:IdleDeactivationsPerSecond must be a whole number from 10 to 100000, not '{rateText}'.")
            : defaults.IdleDeactivationsPerSecond;
        return defaults with { SeriesIdle = idle, ShedOnMemoryPressure = shed, IdleDeactivationsPerSecond = rate };
    }

    /// <summary>Applies these settings to a silo's collection options; <paramref name="seriesGrainClass"/> is the series grain's class name.</summary>
    public void Apply(GrainCollectionOptions options, string seriesGrainClass)
    {
        // Orleans requires every idle age to exceed the scan period: a short idle age gets a scan twice as often.
        options.CollectionQuantum = SeriesIdle / 2 < CollectionQuantum ? SeriesIdle / 2 : CollectionQuantum;
        // The series' own collector (IdleSeriesCollector) deactivates them at the idle age, a few at a time; Orleans'
        // collector, which starts all it finds at once, only takes what that one missed, long after the trickle is done.
        options.ClassSpecificCollectionAge[seriesGrainClass] = SeriesBackstop;
        options.EnableActivationSheddingOnMemoryPressure = ShedOnMemoryPressure;
        options.MemoryUsageLimitPercentage = ShedAtMemoryPercent;
        options.MemoryUsageTargetPercentage = ShedToMemoryPercent;
    }
}
