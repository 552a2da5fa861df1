using Analytics.Domain;

namespace Analytics.Domain.Tests;

/// <summary>Which definition changes are guarded (refused unless forced), and the audit ids a series keeps.</summary>
public sealed class DefinitionChangeTests
{
    private static readonly IndicatorDefinition Rate = new("internet-users-rate", "Tỷ lệ", "Internet users", "%", Direction.HigherIsBetter, 0, 100, Aggregation.PopulationWeighted, null);

    [Fact]
    public void Labels_are_not_guarded_but_direction_and_aggregation_are()
    {
        Assert.Empty(DefinitionChange.Guarded(Rate, Rate with { NameEn = "Internet users (%)", Unit = "percent", Source = "GSO" }, []));

        var guarded = DefinitionChange.Guarded(Rate, Rate with { Direction = Direction.LowerIsBetter, Aggregation = Aggregation.Sum }, []);

        Assert.Equal(2, guarded.Count);
        Assert.StartsWith("direction higher-is-better → lower-is-better", guarded[0]);
        Assert.StartsWith("aggregation population-weighted → sum", guarded[1]);
    }

    [Theory]
    [InlineData(0.0, 100.0, false)]
    [InlineData(-10.0, 200.0, false)]
    [InlineData(null, null, false)]
    [InlineData(0.0, 50.0, true)]
    [InlineData(5.0, 100.0, true)]
    public void Bounds_narrow_when_they_accept_less(double? min, double? max, bool narrows) =>
        Assert.Equal(narrows, DefinitionChange.Narrows(Rate, Rate with { Min = min, Max = max }));

    [Fact]
    public void Narrowed_bounds_are_guarded_only_with_stored_figures_outside_and_quote_them()
    {
        var narrowed = Rate with { Max = 50 };
        Assert.Empty(DefinitionChange.Guarded(Rate, narrowed, []));

        var guarded = Assert.Single(DefinitionChange.Guarded(Rate, narrowed,
            [new StoredFigure("60", 2019, null, ObservationKind.Actual, 59), new StoredFigure("60", 2020, 2, ObservationKind.Estimate, 62.5)]));

        Assert.Equal("bounds 0..100 → 0..50: 2 stored figure(s) lie outside, e.g. 60 2019 actual = 59; 60 2020 Q2 estimate = 62.5", guarded);
    }

    [Fact]
    public void A_revision_names_the_batch_that_stored_the_old_value_and_the_one_that_replaced_it()
    {
        var state = new SeriesState();
        var at = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        state.Apply([new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 59, "%", "a.txt", "59")], at, "2026-11-29.0.1");
        state.Apply([new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 10, "%", "b.txt", "10")], at.AddHours(1), "2026-11-29.0.7");

        var point = Assert.Single(state.Points.Values);
        Assert.Equal("2026-11-29.0.7", point.AuditId);
        var revision = Assert.Single(point.Revisions);
        Assert.Equal((59.0, "2026-11-29.0.1", "2026-11-29.0.7"), (revision.Value, revision.AuditId, revision.ReplacedByAuditId));
    }
}
