using Analytics.Bench;

namespace Analytics.Bench.Tests;

/// <summary>The steady run's windows: a slow request shows in the window it was due in, beside the collections around it.</summary>
public sealed class SteadyRunSpecs
{
    private static readonly SteadyOptions Options = SteadyOptions.Parse(["--rate", "100", "--window", "5"]);

    private static SteadyRun.Sample At(double seconds, double siloPauseMs, double gen2) => new(
        seconds,
        new() { ["silo"] = new GrowthRun.GcFigure(0, 0, gen2, siloPauseMs), ["api"] = new GrowthRun.GcFigure(0, 0, 0, 0) },
        new() { ["silo"] = seconds / 10, ["api"] = 0 }, 1_000, 300, 200);

    [Fact]
    public void A_pause_counts_in_the_window_its_requests_were_due_in_with_the_collections_between_the_samples_around_it()
    {
        // 15 s at 100/s: three windows of 500 requests; ten requests of the second are slow.
        var latencies = Enumerable.Repeat(1.0, 1_500).ToArray();
        for (var i = 600; i < 610; i++) latencies[i] = 80;
        var load = new LoadResult(100, 15, latencies, 0);
        var samples = new List<SteadyRun.Sample> { At(0, 0, 0), At(5, 2, 0), At(10, 70, 1), At(15, 72, 1) };

        var windows = SteadyRun.Windows(load, samples, Options);

        Assert.Equal([0.0, 5, 10], windows.Select(w => w.From));
        Assert.All(windows, w => Assert.Equal(500, w.Requests));
        Assert.Equal([1.0, 80, 1], windows.Select(w => w.P99));
        Assert.Equal(68, windows[1].Silo.PauseMs);
        Assert.Equal(1, windows[1].Silo.Gen2);
        Assert.Equal(0, windows[2].Silo.Gen2);
    }

    [Fact]
    public void Quick_runs_a_minute_and_options_name_their_defaults()
    {
        var quick = SteadyOptions.Parse(["--quick"]);
        var full = SteadyOptions.Parse([]);
        Assert.Equal(1, quick.Minutes);
        Assert.Equal(30, full.Minutes);
        Assert.True(full.RetrainAtMinute < full.Minutes && full.IdleMinutes < full.Minutes, "the retrain and an idle wave fall inside the run");
        Assert.Equal("v", SteadyOptions.Parse(["--product-env", "K=v"]).ProductEnvironment["K"]);
    }
}
