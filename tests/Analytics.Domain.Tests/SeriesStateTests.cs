using Analytics.Domain;
using Analytics.Series;

namespace Analytics.Domain.Tests;

public class SeriesStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Observation Obs(int year, double value, ObservationKind kind = ObservationKind.Actual, string source = "a.txt") =>
        new("60", "internet-users-rate", year, null, kind, value, "%", source, $"quote {value}");

    [Fact]
    public void New_figures_are_inserted_and_bump_the_version()
    {
        var state = new SeriesState();

        var counts = state.Apply([Obs(2018, 51), Obs(2019, 59), Obs(2025, 85, ObservationKind.Target)], T0);

        Assert.Equal(new UpsertCounts(3, 0, 0), counts);
        Assert.Equal(1, state.Version);
        Assert.Equal([2018, 2019, 2025], state.Ordered().Select(p => p.Year));
    }

    [Fact]
    public void The_same_figure_twice_changes_nothing()
    {
        var state = new SeriesState();
        state.Apply([Obs(2019, 59)], T0);

        var counts = state.Apply([Obs(2019, 59, source: "b.txt")], T0.AddDays(1));

        Assert.Equal(new UpsertCounts(0, 1, 0), counts);
        Assert.Equal(1, state.Version);
        Assert.Equal("a.txt", state.Points.Values.Single().Source);
    }

    [Fact]
    public void A_changed_figure_keeps_the_old_value_its_source_and_when_it_was_replaced()
    {
        var state = new SeriesState();
        state.Apply([Obs(2019, 58, source: "first.txt")], T0);

        var counts = state.Apply([Obs(2019, 59, source: "second.txt")], T0.AddDays(1));

        Assert.Equal(new UpsertCounts(0, 0, 1), counts);
        var point = state.Points.Values.Single();
        Assert.Equal((59.0, "second.txt"), (point.Value, point.Source));
        var revision = Assert.Single(point.Revisions);
        Assert.Equal((58.0, "first.txt", T0, T0.AddDays(1)), (revision.Value, revision.Source, revision.IngestedAt, revision.ReplacedAt));
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void A_new_qualifier_alone_is_a_revision_that_keeps_the_old_one()
    {
        var state = new SeriesState();
        state.Apply([Obs(2020, 40)], T0);

        var counts = state.Apply([Obs(2020, 40) with { Qualifier = Qualifier.Above }], T0.AddDays(1));

        Assert.Equal(new UpsertCounts(0, 0, 1), counts);
        var point = state.Points.Values.Single();
        Assert.Equal((40.0, Qualifier.Above), (point.Value, point.Qualifier));
        Assert.Null(Assert.Single(point.Revisions).Qualifier);
        Assert.Equal(new UpsertCounts(0, 1, 0), state.Apply([Obs(2020, 40) with { Qualifier = Qualifier.Above }], T0.AddDays(2)));
    }

    [Fact]
    public void Kind_and_quarter_are_part_of_a_figure_identity()
    {
        var state = new SeriesState();

        var counts = state.Apply(
        [
            Obs(2020, 62, ObservationKind.Estimate), Obs(2020, 60, ObservationKind.Target), Obs(2020, 61),
            Obs(2020, 55) with { Quarter = 1 },
        ], T0);

        Assert.Equal(4, counts.Inserted);
        Assert.Equal(4, state.Points.Count);
    }

    [Fact]
    public void A_copy_is_independent_of_the_original()
    {
        var state = new SeriesState();
        state.Apply([Obs(2019, 59)], T0);

        var copy = state.Copy();
        copy.Apply([Obs(2020, 62)], T0);

        Assert.Single(state.Points);
        Assert.Equal(1, state.Version);
    }
}
