using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Domain.Tests;

public class ObservationValidatorTests
{
    private readonly IndicatorCatalog _indicators = RepoFiles.LoadIndicators();

    /// <summary>A valid row (Bình Thuận's Internet users 2019) with the fields a test wants changed.</summary>
    private static ObservationInput Row(int row = 2, string? province = "60", string? indicator = "internet-users-rate",
        string? year = "2019", string? quarter = "", string? kind = "actual", string? value = "59", string? unit = "%",
        string? source = "000_280cfce90132468c.txt", string? quote = "59") =>
        new(row, province, indicator, year, quarter, kind, value, unit, source, quote);

    /// <summary>Validated for an English reader: the specs below read the reasons' English words (one reads the Vietnamese).</summary>
    private ValidatedBatch Validate(params ObservationInput[] rows)
    {
        using var english = Bilingual.Reading(english: true);
        return ObservationValidator.Validate(rows, RepoFiles.Provinces, _indicators);
    }

    private RowError SingleError(params ObservationInput[] rows)
    {
        var batch = Validate(rows);
        Assert.False(batch.IsValid);
        return Assert.Single(batch.Errors);
    }

    [Fact]
    public void A_figure_restated_for_a_unit_of_the_34_is_stored_for_it_only_when_marked_so_and_only_before_the_merger()
    {
        var restated = Row(province: "Hải Phòng", indicator: "dti-score", year: "2024", value: "0.7857", unit: "score") with
            { Geography = "vn-34", Restated = "mean of the members' main indicators" };

        Assert.Equal("vn34-31", Assert.Single(Validate(restated).Observations).Province);
        // Unmarked, the same row is the slip it usually is: the 2024 figures belong to the members.
        Assert.Contains("figures for 2024 belong to its members", SingleError(restated with { Restated = "false" }).Reason);
        Assert.Equal("restated", SingleError(restated with { Geography = null }).Field);
        Assert.Contains("holds its own figures for 2026", SingleError(restated with { Year = "2026", Kind = "target" }).Reason);
    }

    [Fact]
    public void A_valid_row_becomes_an_observation_keyed_by_GSO_code()
    {
        var batch = Validate(Row(province: "Bình Thuận", value: "59.5", kind: "Actual"));

        Assert.True(batch.IsValid);
        Assert.Equal(new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 59.5, "%",
            "000_280cfce90132468c.txt", "59"), Assert.Single(batch.Observations));
    }

    [Fact]
    public void A_row_is_refused_in_Vietnamese_unless_the_reader_reads_English_naming_the_same_row_and_field()
    {
        var vietnamese = Assert.Single(ObservationValidator.Validate([Row(row: 7, year: "20x9")], RepoFiles.Provinces, _indicators).Errors);
        Assert.Equal(new RowError(7, "year", "năm '20x9' không phải số nguyên"), vietnamese);
        Assert.Equal(new RowError(7, "year", "year '20x9' is not a whole number"), SingleError(Row(row: 7, year: "20x9")));
    }

    [Theory]
    [InlineData(">", Qualifier.Above)]
    [InlineData(">=", Qualifier.AtLeast)]
    [InlineData("≤", Qualifier.AtMost)]
    [InlineData("~", Qualifier.About)]
    public void A_qualifier_says_the_value_is_a_bound_or_an_approximation(string text, Qualifier expected)
    {
        var batch = Validate(Row() with { Qualifier = text });

        Assert.True(batch.IsValid);
        Assert.Equal(expected, Assert.Single(batch.Observations).Qualifier);
    }

    [Theory]
    [InlineData("≠")]
    [InlineData("hơn")]
    [InlineData("=>")]
    public void A_qualifier_that_is_not_one_of_the_five_is_refused_by_name(string text)
    {
        Assert.Equal(new RowError(3, "qualifier", $"qualifier '{text}' is not one of >, ≥, <, ≤, ≈ (or >=, <=, ~); leave it empty for an exact figure"),
            SingleError(Row(row: 3) with { Qualifier = text }));
        var vietnamese = Assert.Single(ObservationValidator.Validate([Row(row: 3) with { Qualifier = text }], RepoFiles.Provinces, _indicators).Errors);
        Assert.StartsWith($"dấu '{text}' không phải", vietnamese.Reason);
    }

    [Fact]
    public void The_same_figure_sent_as_exact_and_as_a_bound_conflicts()
    {
        var error = SingleError(Row(row: 2), Row(row: 3) with { Qualifier = ">" });

        Assert.Equal((3, "value"), (error.Row, error.Field));
        Assert.Contains("conflicts with row 2", error.Reason);
    }

    [Fact]
    public void Unknown_province()
    {
        Assert.Equal(new RowError(4, "province", "unknown province 'Binh Thuann'"), SingleError(Row(row: 4, province: "Binh Thuann")));
    }

    [Fact]
    public void Unknown_indicator()
    {
        Assert.Equal(new RowError(2, "indicator", "unknown indicator 'internet-user-rate'"), SingleError(Row(indicator: "internet-user-rate")));
    }

    [Theory]
    [InlineData("province")]
    [InlineData("indicator")]
    [InlineData("year")]
    [InlineData("kind")]
    [InlineData("value")]
    public void Missing_required_field(string field)
    {
        var row = field switch
        {
            "province" => Row(province: " "),
            "indicator" => Row(indicator: ""),
            "year" => Row(year: null),
            "kind" => Row(kind: ""),
            _ => Row(value: ""),
        };
        Assert.Equal(new RowError(2, field, $"{field} is missing"), SingleError(row));
    }

    [Theory]
    [InlineData("abc", "value 'abc' is not a number")]
    [InlineData("59%", "value '59%' is not a number")]
    [InlineData("86,2", "value '86,2' is not a number (use '.' as the decimal mark and no thousands separators)")]
    [InlineData("NaN", "value 'NaN' is not a finite number")]
    [InlineData("Infinity", "value 'Infinity' is not a finite number")]
    [InlineData("-Infinity", "value '-Infinity' is not a finite number")]
    [InlineData("1e400", "value '1e400' is not a finite number")]
    public void Value_must_be_a_finite_number(string value, string reason)
    {
        Assert.Equal(new RowError(2, "value", reason), SingleError(Row(value: value)));
    }

    [Theory]
    [InlineData("1850", "year 1850 is outside 1990..2100")]
    [InlineData("2101", "year 2101 is outside 1990..2100")]
    [InlineData("2019.5", "year '2019.5' is not a whole number")]
    [InlineData("năm 2019", "year 'năm 2019' is not a whole number")]
    public void Year_must_be_a_whole_number_within_1990_to_2100(string year, string reason)
    {
        Assert.Equal(new RowError(2, "year", reason), SingleError(Row(year: year)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("Q1")]
    public void Quarter_must_be_1_to_4_or_empty(string quarter)
    {
        Assert.Equal(new RowError(2, "quarter", $"quarter '{quarter}' is not 1..4 (leave it empty for a yearly figure)"), SingleError(Row(quarter: quarter)));
    }

    [Fact]
    public void A_quarterly_figure_keeps_its_quarter()
    {
        Assert.Equal(3, Assert.Single(Validate(Row(quarter: "3")).Observations).Quarter);
        Assert.Null(Assert.Single(Validate(Row(quarter: null)).Observations).Quarter);
    }

    [Fact]
    public void Unknown_kind()
    {
        Assert.Equal(new RowError(2, "kind", "kind 'forecast' is not one of actual, estimate, plan, target, baseline"), SingleError(Row(kind: "forecast")));
    }

    [Fact]
    public void Value_outside_the_indicator_bounds()
    {
        Assert.Equal(new RowError(2, "value", "value 120 is outside 0..100 for internet-users-rate"), SingleError(Row(value: "120")));
        Assert.Equal(new RowError(2, "value", "value -5 is below the minimum 0 for internet-subscribers"),
            SingleError(Row(indicator: "internet-subscribers", value: "-5", unit: "")));
    }

    [Fact]
    public void Bounds_are_inclusive()
    {
        Assert.True(Validate(Row(value: "0"), Row(year: "2020", value: "100")).IsValid);
    }

    [Fact]
    public void Two_rows_giving_the_same_figure_different_values_conflict()
    {
        var error = SingleError(Row(row: 7, value: "58"), Row(row: 8, year: "2020", value: "62"), Row(row: 9, province: "Binh Thuan", value: "59"));
        Assert.Equal(new RowError(9, "value", "conflicts with row 7: same (60, internet-users-rate, 2019, actual) with value 58"), error);
    }

    [Fact]
    public void Quarterly_conflicts_name_the_quarter()
    {
        var error = SingleError(Row(row: 3, quarter: "2", value: "40"), Row(row: 5, quarter: "2", value: "41"));
        Assert.Equal("conflicts with row 3: same (60, internet-users-rate, 2019 Q2, actual) with value 40", error.Reason);
    }

    [Fact]
    public void Identical_repeats_collapse_to_one_observation()
    {
        var batch = Validate(Row(row: 2), Row(row: 3, province: "Bình Thuận", quote: "another quote"), Row(row: 4));
        Assert.True(batch.IsValid);
        Assert.Equal("59", Assert.Single(batch.Observations).Quote); // the first row's provenance is kept
    }

    [Fact]
    public void Same_year_with_another_kind_or_quarter_is_another_figure()
    {
        var batch = Validate(Row(kind: "actual", value: "59"), Row(kind: "target", value: "85"), Row(quarter: "1", value: "50"));
        Assert.True(batch.IsValid);
        Assert.Equal(3, batch.Observations.Count);
    }

    [Fact]
    public void Long_quotes_from_analysts_are_accepted()
    {
        Assert.True(Validate(Row(quote: new string('x', 500))).IsValid);
    }

    [Fact]
    public void An_empty_unit_takes_the_indicator_unit()
    {
        Assert.Equal("%", Assert.Single(Validate(Row(unit: "")).Observations).Unit);
    }

    [Fact]
    public void Every_error_of_the_batch_is_reported_not_just_the_first()
    {
        var batch = Validate(
            Row(row: 2),
            Row(row: 3, province: "Atlantis", value: "abc"),
            Row(row: 4, year: "1850"),
            Row(row: 5, kind: "forecast"),
            Row(row: 6, year: "2020"));

        Assert.False(batch.IsValid);
        Assert.Equal(
            new[] { (3, "province"), (3, "value"), (4, "year"), (5, "kind") },
            batch.Errors.Select(e => (e.Row, e.Field)).ToArray());
        // The rows that passed are still listed for a dry run, but a batch with errors is not applied.
        Assert.Equal(new[] { 2019, 2020 }, batch.Observations.Select(o => o.Year));
    }

    [Fact]
    public void An_error_reads_as_row_field_and_reason()
    {
        Assert.Equal("row 4, province: unknown province 'Binh Thuann'", SingleError(Row(row: 4, province: "Binh Thuann")).ToString());
    }

    [Theory]
    [InlineData("actual")]
    [InlineData("estimate")]
    public void An_actual_or_estimate_after_the_current_year_is_refused(string kind)
    {
        // Hà Nội: a unit in every year (Bình Thuận, the default row's province, holds no figures after 2025).
        using var english = Bilingual.Reading(english: true);
        var batch = ObservationValidator.Validate([Row(row: 3, province: "01", year: "2090", kind: kind)], RepoFiles.Provinces, _indicators, currentYear: 2026);
        Assert.Equal(new RowError(3, "year", $"an {kind} for 2090 is after the current year 2026 (future figures are plans or targets)"), Assert.Single(batch.Errors));
        Assert.True(ObservationValidator.Validate([Row(province: "01", year: "2026", kind: kind)], RepoFiles.Provinces, _indicators, currentYear: 2026).IsValid);
    }

    [Theory]
    [InlineData("target")]
    [InlineData("plan")]
    public void Targets_and_plans_may_lie_in_the_future(string kind)
    {
        Assert.True(ObservationValidator.Validate([Row(province: "01", year: "2090", kind: kind)], RepoFiles.Provinces, _indicators, currentYear: 2026).IsValid);
    }
}
