using Analytics.Domain;
using Analytics.Series;
using Analytics.Tests.Support;
using Orleans.Runtime;

namespace Analytics.Grains.Tests;

/// <summary>
/// A silo keeps up to its resident count of series however long idle, and lets go only those past it, idle longest
/// first. The fixture's silo keeps 100 and counts series idle after two seconds.
/// </summary>
public sealed class ResidentSeriesTests(ResidentSeriesClusterFixture fixture) : IClassFixture<ResidentSeriesClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private async Task<int> ActiveAsync(string indicator, string prefix) =>
        (await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Count(a => a.GrainId.ToString() is var id && id.Contains(indicator) && id.Contains("/" + prefix));

    private Task TouchAsync(string indicator, string prefix, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of($"{prefix}{i:000}", indicator)).GetAsync()));

    [Fact]
    public async Task Idle_series_beyond_the_resident_count_leave_the_longest_idle_first_and_the_rest_stay()
    {
        const int older = 150, newer = ResidentSeriesClusterFixture.Resident;
        var indicator = "resident-" + Guid.NewGuid().ToString("n")[..12];
        await TouchAsync(indicator, "old", older);
        // Counted at once: on a busy machine the next step may take longer than the two seconds' idle age.
        Assert.Equal(older, await ActiveAsync(indicator, "old"));
        // The newer series' last calls must come after every older one's, on a clock of milliseconds.
        await Task.Delay(50);
        await TouchAsync(indicator, "new", newer);

        await Poll.UntilAsync(async () => await ActiveAsync(indicator, "old") == 0, Patience, "the series idle longest deactivated");
        // That nothing more leaves can only be seen by letting time pass: by then every newer series is past its idle
        // age and the collector has looked at least twice.
        await Task.Delay(ShortIdleClusterFixture.ShortIdle.SeriesIdle + TimeSpan.FromSeconds(1.5));

        Assert.Equal(newer, await ActiveAsync(indicator, "new"));
    }
}
