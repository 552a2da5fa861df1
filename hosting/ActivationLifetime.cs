using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Analytics.Hosting;

/// <summary>
/// How long grain activations stay in a silo's memory. A series grain holds its figures and their provenance, about
/// 15 KiB of working set (docs/performance.md). A silo keeps up to <see cref="ResidentSeries"/> of them in memory
/// however long they have been idle; past that many, series idle for <see cref="SeriesIdle"/> are deactivated, those
/// idle longest first (their state is in storage; the next call reads it back). Under memory pressure Orleans sheds
/// the least recently used activations early: when the managed memory in use passes <see cref="ShedAtMemoryPercent"/>
/// of what the process may have (the machine's memory, or a container's or <c>DOTNET_GCHeapHardLimit</c>'s limit),
/// until it is back under <see cref="ShedToMemoryPercent"/>.
/// </summary>
public sealed record ActivationLifetime
{
    /// <summary>Idle time after which a series activation may be deactivated, when the silo holds more than <see cref="ResidentSeries"/> (Analytics:SeriesIdleMinutes, ANALYTICS_SERIES_IDLE_MINUTES).</summary>
    public TimeSpan SeriesIdle { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many idle series a silo deactivates a second at most (Analytics:IdleDeactivationsPerSecond): the series one
    /// ingest touched all go idle together, and leave as a trickle beside the requests instead of at once.
    /// </summary>
    public int IdleDeactivationsPerSecond { get; init; } = 500;

    /// <summary>
    /// How many series a silo keeps in memory while they are idle (Analytics:ResidentSeries, ANALYTICS_RESIDENT_SERIES;
    /// 0 lets every series go at the idle age). Series that one ingest touched go idle in the same minute; the step
    /// searches that met the minute they left failed in two runs of three, even at a few hundred a second
    /// (docs/performance.md), and a silo with memory to spare gains nothing by letting them go. Unless set, as many as
    /// fit in a fifth of the memory the process may have, at <see cref="BytesPerSeries"/> each.
    /// </summary>
    public int ResidentSeries { get; init; } = ResidentSeriesFor(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>What an active series is reckoned to take of a silo's working set (measured 14.1–14.5 KiB from 10,000 to 100,000 series).</summary>
    public const int BytesPerSeries = 16 * 1024;

    /// <summary>The default <see cref="ResidentSeries"/> for a process that may have <paramref name="availableBytes"/> of memory.</summary>
    public static int ResidentSeriesFor(long availableBytes) => (int)Math.Clamp(availableBytes / 5 / BytesPerSeries, 0, MaximumResidentSeries);

    public const int MaximumResidentSeries = 100_000_000;

    /// <summary>Whether memory pressure sheds activations (Analytics:ShedOnMemoryPressure).</summary>
    public bool ShedOnMemoryPressure { get; init; } = true;

    /// <summary>Memory use, in percent of the process's limit, at which activations are shed.</summary>
    public int ShedAtMemoryPercent { get; init; } = 80;

    /// <summary>Memory use, in percent of the limit, that shedding brings the silo back to.</summary>
    public int ShedToMemoryPercent { get; init; } = 65;

    /// <summary>How often the silo looks for idle activations at most (Orleans' default: 1 minute); more often when <see cref="SeriesIdle"/> is under twice this.</summary>
    public TimeSpan CollectionQuantum { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Idle age at which Orleans' own collector takes a series the trickle has missed. With series kept resident it
    /// must not take them (it would deactivate every one idle that long at once), so it waits a year: memory pressure
    /// still sheds them (<see cref="ShedOnMemoryPressure"/>).
    /// </summary>
    public TimeSpan SeriesBackstop => ResidentSeries > 0 ? TimeSpan.FromDays(365)
        : SeriesIdle + (SeriesIdle > TimeSpan.FromMinutes(10) ? SeriesIdle : TimeSpan.FromMinutes(10));

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
        var residentText = config["ANALYTICS_RESIDENT_SERIES"] is { Length: > 0 } rv ? rv : section["ResidentSeries"];
        var resident = residentText is null ? defaults.ResidentSeries
            : int.TryParse(residentText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= MaximumResidentSeries
                ? n : throw new InvalidOperationException(
                    $"ANALYTICS_RESIDENT_SERIES (Analytics:ResidentSeries) must be a whole number of series from 0 to {MaximumResidentSeries}, not '{residentText}'.");
        return defaults with { SeriesIdle = idle, ShedOnMemoryPressure = shed, IdleDeactivationsPerSecond = rate, ResidentSeries = resident };
    }

    /// <summary>Applies these settings to a silo's collection options; <paramref name="seriesGrainClass"/> is the series grain's class name.</summary>
    public void Apply(GrainCollectionOptions options, string seriesGrainClass)
    {
        // Orleans requires every idle age to exceed the scan period: a short idle age gets a scan twice as often.
        options.CollectionQuantum = SeriesIdle / 2 < CollectionQuantum ? SeriesIdle / 2 : CollectionQuantum;
        // The series' own collector (IdleSeriesCollector) deactivates them past the idle age and the resident count, a few
        // at a time; Orleans' collector, which starts all it finds at once, only takes what that one missed, long after.
        options.ClassSpecificCollectionAge[seriesGrainClass] = SeriesBackstop;
        options.EnableActivationSheddingOnMemoryPressure = ShedOnMemoryPressure;
        options.MemoryUsageLimitPercentage = ShedAtMemoryPercent;
        options.MemoryUsageTargetPercentage = ShedToMemoryPercent;
    }
}
