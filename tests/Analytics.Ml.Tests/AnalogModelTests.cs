namespace Analytics.Ml.Tests;

/// <summary>
/// <c>analog</c>: the median of what followed the training windows whose scale-free shape is nearest a series' last
/// figures, carried to its level and scale; windows scored after the cutoff asked for are never read.
/// </summary>
public sealed class AnalogModelTests
{
    private static readonly AnalogOptions Options = new() { Window = 6, Neighbours = 20, Candidates = 80 };

    /// <summary>Zigzag series: up two, down one, repeated, at many levels and sizes; and steady rises.</summary>
    private static List<SeriesHistory> Panel()
    {
        var series = new List<SeriesHistory>();
        for (var i = 0; i < 40; i++)
        {
            var size = 1 + i % 7;
            var values = new double[16];
            values[0] = 100 * (1 + i);
            for (var t = 1; t < values.Length; t++) values[t] = values[t - 1] + size * (t % 3 == 0 ? -1 : 2);
            series.Add(new SeriesHistory($"{i}/zigzag", Enumerable.Range(2000, values.Length).ToArray(), values, group: "zigzag"));
            series.Add(SyntheticPanel.Line($"{i}/line", 2000, 16, start: 50 * i, slope: size));
        }
        return series;
    }

    [Fact]
    public void A_series_is_forecast_by_what_followed_windows_of_its_shape_at_its_own_level_and_scale()
    {
        var model = AnalogModel.Build(Panel(), 2015, Options);
        // The zigzag's shape at a level and size none of the panel has: ten times larger, around 7,000.
        var values = new double[8];
        values[0] = 7000;
        for (var t = 1; t < values.Length; t++) values[t] = values[t - 1] + 30 * (t % 3 == 0 ? -1 : 2);
        var query = new SeriesHistory("new/zigzag", Enumerable.Range(2008, values.Length).ToArray(), values);

        var path = model.Path(new PreparedSeries(query, 3).Series, 3);

        // The last change was +60 after a −30 (t = 6: down; t = 7: up): the zigzag goes up, down, up from here.
        Assert.Equal(values[^1] + 60, path[0], 6);
        Assert.Equal(values[^1] + 30, path[1], 6);
        Assert.Equal(values[^1] + 90, path[2], 6);
        // A steady rise is forecast to keep rising by its own step, not the zigzag's.
        var line = SyntheticPanel.Line("new/line", 2005, 10, start: 3, slope: 0.5);
        Assert.Equal(line.LastValue + 0.5, model.Path(new PreparedSeries(line, 1).Series, 1)[0], 6);
    }

    [Fact]
    public void Windows_scored_after_the_cutoff_asked_for_are_never_read()
    {
        var panel = Panel();
        var query = SyntheticPanel.NoisyTrends(1, 2000, 10, seed: 4)[0];
        var prepared = new PreparedSeries(query, 4).Series;

        var asOf2010 = AnalogModel.Build([.. panel.Select(s => s.Through(2010))], 2010, Options).Path(prepared, 4);
        var askedFor2010 = AnalogModel.Build(panel, 2015, Options).Path(prepared, 4, cutoffYear: 2010);
        // What follows 2010 in the panel changes wildly: still the same forecast as of 2010.
        var changed = panel.Select(s => new SeriesHistory(s.Id, [.. s.Years], [.. s.Values.Select((v, i) => s.Years[i] > 2010 ? v * 50 - 7 : v)], group: s.Group)).ToList();
        var changedAskedFor2010 = AnalogModel.Build(changed, 2015, Options).Path(prepared, 4, cutoffYear: 2010);

        Assert.Equal(asOf2010, askedFor2010);
        Assert.Equal(asOf2010, changedAskedFor2010);
        Assert.NotEqual(askedFor2010, AnalogModel.Build(changed, 2015, Options).Path(prepared, 4));
    }

    [Fact]
    public void A_series_shorter_than_the_window_is_compared_on_its_own_length()
    {
        var model = AnalogModel.Build(Panel(), 2015, Options);
        var four = SyntheticPanel.Line("new/short", 2008, 4, start: 20, slope: 3);

        var path = model.Path(new PreparedSeries(four, 2).Series, 2);

        Assert.Equal(four.LastValue + 3, path[0], 6);
        Assert.Equal(four.LastValue + 6, path[1], 6);
    }

    [Fact]
    public void Past_its_bound_a_library_keeps_a_fixed_sample_of_windows_from_every_year_and_still_forecasts_by_shape()
    {
        var all = AnalogModel.Build(Panel(), 2015, Options);
        var bounded = AnalogModel.Build(Panel(), 2015, Options with { MaxWindows = 100 });
        var library = bounded.Libraries[^1];

        Assert.True(all.Windows > 300, $"{all.Windows} windows");
        Assert.InRange(bounded.Windows, 60, 140);
        Assert.Equal(library.EndYears.Length * (library.Length - 1), library.Shapes.Length);
        Assert.Equal(library.EndYears.Length * Options.MaxStep, library.Futures.Length);
        // Every year of the full library is still represented.
        Assert.Equal(all.Libraries[^1].EndYears.ToHashSet(), library.EndYears.ToHashSet());
        var line = SyntheticPanel.Line("new/line", 2005, 10, start: 3, slope: 0.5);
        Assert.Equal(line.LastValue + 0.5, bounded.Path(new PreparedSeries(line, 1).Series, 1)[0], 6);
    }
}
