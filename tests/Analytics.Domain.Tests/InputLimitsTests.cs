using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Domain.Tests;

/// <summary>The named bounds of <see cref="InputLimits"/>, as the validator, the indicator rules and the series state apply them.</summary>
public sealed class InputLimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ObservationInput Row(string? province = "60", string? indicator = "internet-users-rate", string? value = "59",
        string? unit = "%", string? source = "a.txt", string? quote = "59") =>
        new(2, province, indicator, "2019", "", "actual", value, unit, source, quote);

    private static ValidatedBatch Validate(ObservationInput row)
    {
        using var english = Bilingual.Reading(english: true);
        return ObservationValidator.Validate([row], RepoFiles.Provinces, RepoFiles.LoadIndicators());
    }

    [Theory]
    [InlineData("quote", InputLimits.QuoteLength)]
    [InlineData("source", InputLimits.SourceLength)]
    [InlineData("unit", InputLimits.UnitLength)]
    [InlineData("province", InputLimits.ProvinceTextLength)]
    [InlineData("indicator", InputLimits.CodeLength)]
    public void A_field_one_character_over_its_limit_is_refused_by_name_without_repeating_it(string field, int limit)
    {
        var atLimit = new string('a', limit);
        var over = new string('a', limit + 1);
        ObservationInput With(string text) => field switch
        {
            "quote" => Row(quote: text),
            "source" => Row(source: text),
            "unit" => Row(unit: text),
            "province" => Row(province: text),
            _ => Row(indicator: text),
        };

        var error = Assert.Single(Validate(With(over)).Errors, e => e.Field == field);
        Assert.Equal($"{field} is {limit + 1:N0} characters long; the limit is {limit:N0}", error.Reason);
        Assert.DoesNotContain(Validate(With(atLimit)).Errors, e => e.Reason.Contains("characters long"));
    }

    [Fact]
    public void Errors_repeat_at_most_a_short_prefix_of_the_input()
    {
        var value = new string('9', 10) + new string('x', 10_000);
        var error = Assert.Single(Validate(Row(value: value)).Errors);
        Assert.Equal($"value '{value[..InputLimits.EchoLength]}…' is not a number", error.Reason);
        Assert.Equal("short", InputLimits.Echo("short"));
    }

    [Fact]
    public void A_definition_with_an_overlong_name_unit_source_or_code_breaks_the_rules_by_field()
    {
        var d = new IndicatorDefinition(new string('c', InputLimits.CodeLength + 1), new string('v', InputLimits.NameLength + 1),
            new string('e', InputLimits.NameLength + 1), new string('u', InputLimits.UnitLength + 1), Direction.HigherIsBetter, 0, 100,
            Aggregation.Mean, new string('s', InputLimits.SourceLength + 1));

        var fields = IndicatorRules.Check([d]).Select(e => e.Field).ToList();

        Assert.Equal(["code", "nameEn", "nameVi", "unit", "source"], fields);
        using var english = Bilingual.Reading(english: true);
        Assert.All(IndicatorRules.Check([d]), e => Assert.Contains("characters long", e.Reason));
        Assert.NotNull(IndicatorRules.StructuralProblem(d)); // the catalog refuses a code that long too
    }

    [Fact]
    public void Beyond_the_revision_limit_the_first_and_newest_revisions_are_kept_and_the_dropped_ones_counted()
    {
        var state = new SeriesState();
        var key = new ObservationKey(2019, null, ObservationKind.Actual);
        var revisions = InputLimits.RevisionsPerFigure + 5;
        for (var i = 0; i <= revisions; i++)
            state.Apply([new Observation("60", "x", 2019, null, ObservationKind.Actual, i, "%", $"source-{i}", $"quote {i}")], T0.AddDays(i));

        var point = state.Points[key];
        Assert.Equal(revisions, point.Value);
        Assert.Equal(InputLimits.RevisionsPerFigure, point.Revisions.Count);
        Assert.Equal(5, point.CompactedRevisions);
        // The first value ever stored, then the newest replaced values, ending with the value just replaced.
        Assert.Equal(new[] { 0.0 }.Concat(Enumerable.Range(revisions - InputLimits.RevisionsPerFigure + 1, InputLimits.RevisionsPerFigure - 1).Select(i => (double)i)),
            point.Revisions.Select(r => r.Value));
        Assert.Equal($"source-{revisions - 1}", point.Revisions[^1].Source);
    }

    [Fact]
    public void Compacting_keeps_the_first_and_latest_revision_of_each_figure_and_bounds_the_state_by_its_figures()
    {
        var state = new SeriesState();
        var quote = new string('q', InputLimits.QuoteLength);
        for (var i = 0; i < 50; i++)
            state.Apply([new Observation("01", "x", 2019, null, ObservationKind.Actual, i, "%", "s", quote), new Observation("01", "x", 2020, null, ObservationKind.Actual, i, "%", "s", quote)], T0.AddDays(i));
        var before = StateSize.Of(state);

        Assert.Equal(2 * 47, state.Compact());
        var point = state.Points[new ObservationKey(2019, null, ObservationKind.Actual)];
        Assert.Equal([0.0, 48.0], point.Revisions.Select(r => r.Value));
        Assert.Equal(47, point.CompactedRevisions);
        Assert.True(StateSize.Of(state) < before / 10);
        // Another correction still applies after compaction.
        Assert.Equal(1, state.Apply([new Observation("01", "x", 2019, null, ObservationKind.Actual, 99, "%", "s", quote)], T0.AddDays(60)).Revised);
    }

    [Fact]
    public void The_state_size_bound_grows_with_every_character_kept_and_is_at_least_the_UTF8_size()
    {
        var state = new SeriesState();
        var quote = new string('ệ', 1_000); // three bytes each in UTF-8
        state.Apply([new Observation("60", "x", 2019, null, ObservationKind.Actual, 1, "%", "s", quote)], T0);
        var one = StateSize.Of(state);
        Assert.True(one >= System.Text.Encoding.UTF8.GetByteCount(quote));

        state.Apply([new Observation("60", "x", 2019, null, ObservationKind.Actual, 2, "%", "s", quote)], T0.AddDays(1));
        Assert.True(StateSize.Of(state) >= 2 * System.Text.Encoding.UTF8.GetByteCount(quote)); // the revision keeps the old quote
    }
}
