using Analytics.Domain;
using Analytics.Series;
using Analytics.Tests.Support;
using Orleans.Runtime;

namespace Analytics.Grains.Tests;

/// <summary>
/// Idle series leave the silo's memory and come back from storage unchanged. The fixture's silo collects series idle
/// for two seconds; the product's default is minutes (see <see cref="Analytics.Hosting.ActivationLifetime"/>).
/// </summary>
public sealed class IdleDeactivationTests(ShortIdleClusterFixture fixture) : IClassFixture<ShortIdleClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private static Observation Obs(string indicator, int year, double value, string quote) =>
        new("60", indicator, year, null, ObservationKind.Actual, value, "%", "tong-cuc-thong-ke-2024.txt", quote);

    private async Task<bool> IsActiveAsync(GrainId id)
    {
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics();
        return activations.Any(a => a.GrainId == id);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {Patience}: {what}.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task An_idle_series_is_deactivated_and_its_next_call_answers_the_same_figures()
    {
        var indicator = "idle-" + Guid.NewGuid().ToString("n")[..12];
        var series = fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of("60", indicator));
        await series.UpsertAsync([Obs(indicator, 2019, 51.5, "51,5%"), Obs(indicator, 2020, 60.25, "60,25%")], "audit-1");
        await series.UpsertAsync([Obs(indicator, 2020, 61, "61%")], "audit-2");
        var before = await series.GetAsync();
        var id = series.GetGrainId();
        Assert.True(await IsActiveAsync(id));

        await WaitUntilAsync(async () => !await IsActiveAsync(id), $"series {id} deactivated after being idle");
        var after = await series.GetAsync();

        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Points.Count, after.Points.Count);
        foreach (var (b, a) in before.Points.Zip(after.Points))
        {
            Assert.Equal((b.Year, b.Quarter, b.Kind, b.Value, b.Unit, b.Source, b.Quote, b.IngestedAt, b.AuditId),
                (a.Year, a.Quarter, a.Kind, a.Value, a.Unit, a.Source, a.Quote, a.IngestedAt, a.AuditId));
            Assert.Equal(b.Revisions, a.Revisions);
        }
        Assert.Equal(60.25, after.Points.Single(p => p.Year == 2020).Revisions.Single().Value);
    }

    [Fact]
    public async Task A_wave_of_idle_series_leaves_as_a_trickle_not_all_at_once()
    {
        // 300 series touched together go idle together; at 50 a second they take six seconds to leave. Orleans' own
        // collector would deactivate all of them in one scan.
        const int count = 300;
        var rate = ShortIdleClusterFixture.ShortIdle.IdleDeactivationsPerSecond;
        var indicator = "wave-" + Guid.NewGuid().ToString("n")[..12];
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            fixture.Grains.GetGrain<ISeriesGrain>(SeriesKeys.Of($"p{i:000}", indicator)).GetAsync()));
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        async Task<(DateTime Asked, int Active, DateTime Answered)> SampleAsync()
        {
            var asked = DateTime.UtcNow;
            var active = (await management.GetDetailedGrainStatistics()).Count(a => a.GrainId.ToString().Contains(indicator));
            return (asked, active, DateTime.UtcNow);
        }

        var samples = new List<(DateTime Asked, int Active, DateTime Answered)> { await SampleAsync() };
        Assert.Equal(count, samples[0].Active);
        var deadline = DateTime.UtcNow + Patience;
        while (samples[^1].Active > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {Patience}: {samples[^1].Active} of {count} idle series still active.");
            await Task.Delay(100);
            samples.Add(await SampleAsync());
        }

        // Between two samples whose calls lie within one second of each other, at most a second's worth (plus one
        // slice of a tenth, for where the second falls) may have left.
        var mostInASecond = (from a in samples from b in samples
                             where b.Asked > a.Answered && b.Answered - a.Asked <= TimeSpan.FromSeconds(1)
                             select a.Active - b.Active).DefaultIfEmpty(0).Max();
        Assert.InRange(mostInASecond, 0, rate + rate / 10);
        // A slow machine samples less often; three samples between full and empty still show several steps.
        Assert.True(samples.Count(s => s.Active > 0 && s.Active < count) >= 3,
            $"the series left in fewer than three steps: {string.Join(", ", samples.Select(s => s.Active))}");
    }
}
