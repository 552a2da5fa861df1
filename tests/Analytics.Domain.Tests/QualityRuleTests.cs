using Analytics.Domain;
using Analytics.Domain.Quality;
using Analytics.Tests.Support;

namespace Analytics.Domain.Tests;

/// <summary>Each quality rule on a crafted series: the error it is for is flagged on the right figure, named, and nothing else is.</summary>
public sealed class QualityRuleTests
{
    private const string Indicator = "internet-subscribers";

    /// <summary>A province's series growing ~8 % a year with a little seeded noise, 2006..2020.</summary>
    private static List<QualityFigure> Growing(string province, double start, int seed, string indicator = Indicator)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(2006, 15).Select((year, i) =>
            new QualityFigure(province, indicator, year, Math.Round(start * Math.Pow(1.08, i) * (1 + 0.03 * (random.NextDouble() - 0.5)))))];
    }

    private static List<QualityFigure> Replace(List<QualityFigure> series, int year, Func<double, double> change) =>
        [.. series.Select(f => f.Year == year ? f with { Value = change(f.Value) } : f)];

    private static QualityCheck Check(IndicatorRelations? relations = null) => new(relations, RepoFiles.Provinces);

    [Fact]
    public void A_clean_growing_series_raises_no_flag()
    {
        Assert.Empty(Check().Run(Growing("60", 50_000, seed: 1)));
    }

    [Fact]
    public void A_figure_a_thousand_times_its_series_is_out_of_line_and_named_a_unit_slip()
    {
        var series = Replace(Growing("60", 50_000, seed: 2), 2013, v => v * 1000);
        var flags = Check().Run(series);

        Assert.All(flags, f => Assert.Equal(2013, f.Year));
        Assert.Contains(flags, f => f.Rule == QualityRule.SeriesValue && f.Score >= QualityThresholds.Default.SeriesValueZ && f.ExpectedHigh < f.Value);
        Assert.Contains(flags, f => f.Rule == QualityRule.SeriesChange);
        var slip = Assert.Single(flags, f => f.Rule == QualityRule.UnitSlip);
        Assert.Equal(3, slip.Score);
        Assert.Contains("×1,000", slip.Reason.En);
        Assert.Equal(QualitySeverity.High, slip.Severity);
    }

    [Fact]
    public void A_decimal_slip_of_one_place_down_is_named_divided_by_ten()
    {
        var series = Replace(Growing("60", 50_000, seed: 3), 2010, v => v / 10);
        var slip = Assert.Single(Check().Run(series), f => f.Rule == QualityRule.UnitSlip);
        Assert.Equal(2010, slip.Year);
        Assert.Equal(-1, slip.Score);
        Assert.Contains("÷10", slip.Reason.En);
        Assert.Contains("÷10", slip.Reason.Vi);
    }

    [Fact]
    public void The_first_figure_of_a_series_can_be_the_wrong_one()
    {
        var series = Replace(Growing("60", 50_000, seed: 4), 2006, v => v * 10);
        var flags = Check().Run(series);
        Assert.Contains(flags, f => f.Rule == QualityRule.SeriesValue && f.Year == 2006);
        Assert.All(flags, f => Assert.Equal(2006, f.Year));
    }

    [Fact]
    public void A_series_in_another_unit_from_one_year_on_is_a_level_shift_at_that_year()
    {
        var series = Growing("60", 50_000, seed: 5).Select(f => f.Year >= 2015 ? f with { Value = f.Value / 1000 } : f).ToList();
        var flags = Check().Run(series);

        var shift = Assert.Single(flags, f => f.Rule == QualityRule.LevelShift);
        Assert.Equal(2015, shift.Year);
        Assert.Null(shift.Explanation);
        var slip = Assert.Single(flags, f => f.Rule == QualityRule.UnitSlip);
        Assert.Equal((2015, -3.0), (slip.Year, slip.Score));
        Assert.Contains("from 2015 on", slip.Reason.En);
        // The figures after the break are consistent among themselves: not flagged one by one.
        Assert.DoesNotContain(flags, f => f.Year != 2015);
    }

    [Fact]
    public void A_series_with_too_little_history_is_not_judged_on_its_own()
    {
        var series = Replace(Growing("60", 50_000, seed: 6).Take(4).ToList(), 2008, v => v * 1000);
        Assert.DoesNotContain(Check().Run(series), f => f.Rule is QualityRule.SeriesValue or QualityRule.SeriesChange or QualityRule.LevelShift);
    }

    [Fact]
    public void Ha_Noi_changing_level_in_2008_is_explained_by_Ha_Tay_merging_into_it()
    {
        // The same jump in Hà Nội (01), which absorbed Hà Tây on 2008-08-01, and in Hải Phòng (31), which absorbed nothing.
        List<QualityFigure> Jumping(string province, int seed) =>
            [.. Growing(province, 50_000, seed).Select(f => f.Year >= 2008 ? f with { Value = f.Value * 4 } : f)];
        var flags = Check().Run([.. Jumping("01", 7), .. Jumping("31", 8)]);

        var hanoi = Assert.Single(flags, f => f.Province == "01" && f.Rule == QualityRule.LevelShift);
        Assert.Equal(2008, hanoi.Year);
        Assert.Equal(QualitySeverity.Explained, hanoi.Severity);
        Assert.Contains("Hà Tây", hanoi.Explanation!.En);
        Assert.Contains("2008-08-01", hanoi.Explanation.Vi);
        var haiPhong = Assert.Single(flags, f => f.Province == "31" && f.Rule == QualityRule.LevelShift);
        Assert.Null(haiPhong.Explanation);
        Assert.NotEqual(QualitySeverity.Explained, haiPhong.Severity);
    }

    [Fact]
    public void A_province_a_thousand_times_its_peers_in_a_year_is_a_peer_outlier_and_a_slip()
    {
        // 30 provinces of one year only (no history), sizes spread over an order of magnitude; one typed in units, not thousands.
        var random = new Random(9);
        var figures = Enumerable.Range(1, 30)
            .Select(i => new QualityFigure($"{i:00}", Indicator, 2020, Math.Round(200 * Math.Pow(10, random.NextDouble()))))
            .ToList();
        figures[12] = figures[12] with { Value = figures[12].Value * 1000 };
        var flags = Check().Run(figures);

        Assert.All(flags, f => Assert.Equal("13", f.Province));
        var peer = Assert.Single(flags, f => f.Rule == QualityRule.PeerOutlier);
        Assert.True(peer.Score >= QualityThresholds.Default.PeerZ);
        Assert.True(peer.ExpectedHigh < peer.Value);
        Assert.Equal(3, Assert.Single(flags, f => f.Rule == QualityRule.UnitSlip).Score);
    }

    [Fact]
    public void A_part_larger_than_its_whole_is_flagged_with_the_catalogs_reason()
    {
        var relations = new IndicatorRelations([new IndicatorRelation("schoolgirls", RelationKind.PartOf, "pupils", "schoolgirls are pupils")]);
        QualityFigure[] figures =
        [
            new("60", "pupils", 2019, 1000), new("60", "schoolgirls", 2019, 480),
            new("60", "pupils", 2020, 1000), new("60", "schoolgirls", 2020, 4800),
        ];
        var flag = Assert.Single(Check(relations).Run(figures));
        Assert.Equal((QualityRule.PartExceedsWhole, "schoolgirls", 2020), (flag.Rule, flag.Indicator, flag.Year));
        Assert.Equal(1000, flag.ExpectedHigh);
        Assert.Contains("schoolgirls are pupils", flag.Reason.En);
    }

    private static readonly IndicatorRelations OnTimeShare = new([new IndicatorRelation(
        "on-time-rate", RelationKind.ShareOf, "resolved-on-time", "resolved on time per 100 resolved", "resolved", 100)]);

    [Fact]
    public void A_share_that_does_not_match_its_count_and_denominator_is_flagged_with_the_catalogs_reason()
    {
        QualityFigure[] figures = [new("60", "resolved", 2019, 42_528), new("60", "resolved-on-time", 2019, 40_000), new("60", "on-time-rate", 2019, 99.99)];
        var flag = Assert.Single(Check(OnTimeShare).Run(figures));

        Assert.Equal((QualityRule.ShareMismatch, "on-time-rate", QualitySeverity.High), (flag.Rule, flag.Indicator, flag.Severity));
        Assert.InRange(40_000 / 42_528.0 * 100, flag.ExpectedLow!.Value, flag.ExpectedHigh!.Value);
        Assert.True(flag.Score > flag.Threshold);
        Assert.Contains("resolved on time per 100 resolved", flag.Reason.En);
        Assert.Contains("94.06", flag.Reason.En);
        // Vietnamese readers take "94.06" for a number in the thousands: their reason writes the decimal mark as a comma.
        Assert.Contains("94,06", flag.Reason.Vi);
        Assert.DoesNotContain("94.06", flag.Reason.Vi);
    }

    [Theory]
    [InlineData(99.99)] // 42,526 of 42,528 is 99.9953 %, written to two decimals
    [InlineData(99.9)]  // cut to one decimal
    [InlineData(100)]   // rounded to a whole percent
    public void A_share_that_matches_within_rounding_to_its_written_digits_is_left_alone(double written)
    {
        QualityFigure[] figures = [new("60", "resolved", 2018, 42_528), new("60", "resolved-on-time", 2018, 42_526), new("60", "on-time-rate", 2018, written)];
        Assert.Empty(Check(OnTimeShare).Run(figures));
    }

    [Fact]
    public void A_share_says_nothing_when_its_count_or_denominator_is_missing_or_the_denominator_is_zero()
    {
        QualityFigure[] figures =
        [
            new("60", "resolved", 2019, 1000), new("60", "on-time-rate", 2019, 10),                 // no count
            new("60", "resolved-on-time", 2020, 900), new("60", "on-time-rate", 2020, 10),         // no denominator
            new("60", "resolved", 2021, 1000), new("60", "resolved-on-time", 2021, 900),           // no share
            new("60", "resolved", 2022, 0), new("60", "resolved-on-time", 2022, 0), new("60", "on-time-rate", 2022, 10),
        ];
        Assert.Empty(Check(OnTimeShare).Run(figures));
    }

    [Fact]
    public void A_batch_bringing_only_the_share_is_judged_against_the_stored_count_and_denominator()
    {
        QualityFigure[] stored = [new("60", "resolved", 2019, 1000), new("60", "resolved-on-time", 2019, 900)];
        var flag = Assert.Single(Check(OnTimeShare).CheckBatch(stored, [new("60", "on-time-rate", 2019, 9)]));
        Assert.Equal((QualityRule.ShareMismatch, 90.0), (flag.Rule, Math.Round((flag.ExpectedLow!.Value + flag.ExpectedHigh!.Value) / 2, 6)));
    }

    [Fact]
    public void A_cumulative_figure_that_falls_is_flagged()
    {
        var relations = new IndicatorRelations([new IndicatorRelation("signatures", RelationKind.Cumulative, null, "issued to date")]);
        QualityFigure[] figures = [new("60", "signatures", 2019, 100), new("60", "signatures", 2020, 150), new("60", "signatures", 2021, 120)];
        var flag = Assert.Single(Check(relations).Run(figures));
        Assert.Equal((QualityRule.CumulativeFalls, 2021, 150.0), (flag.Rule, flag.Year, flag.ExpectedLow));
    }

    [Fact]
    public void Copies_of_one_row_in_three_provinces_are_flagged_alike_whatever_order_the_figures_come_in()
    {
        var source = Growing("60", 50_000, seed: 10);
        List<QualityFigure> figures = [.. source, .. source.Select(f => f with { Province = "93" }), .. source.Select(f => f with { Province = "95" })];
        static string Flags(IEnumerable<QualityFlag> flags) =>
            string.Join('\n', flags.Where(f => f.Rule == QualityRule.CopiedRow).OrderBy(f => f.Province).ThenBy(f => f.Year).Select(f => $"{f.Province} {f.Year} {f.Reason.En}"));

        var inOrder = Flags(Check().Run(figures));
        var reversed = Flags(Check().Run([.. Enumerable.Reverse(figures)]));

        Assert.Contains("identical to province 93, 95", inOrder);
        Assert.Equal(inOrder, reversed);
    }

    [Fact]
    public void Two_pairs_of_copied_rows_over_the_same_years_name_only_their_own_twin()
    {
        var first = Growing("60", 50_000, seed: 10);
        var second = Growing("64", 50_000, seed: 11);
        var flags = Check().Run([.. first, .. first.Select(f => f with { Province = "62" }), .. second, .. second.Select(f => f with { Province = "66" })])
            .Where(f => f.Rule == QualityRule.CopiedRow).ToList();

        foreach (var (province, twin) in new[] { ("60", "62"), ("62", "60"), ("64", "66"), ("66", "64") })
        {
            var own = flags.Where(f => f.Province == province).ToList();
            Assert.Equal(first.Count, own.Count);
            Assert.All(own, f => Assert.Contains($"identical to province {twin} for ", f.Reason.En, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_row_identical_to_another_provinces_over_several_years_is_a_copy_but_three_years_are_not()
    {
        var source = Growing("60", 50_000, seed: 10);
        var copy = source.Select(f => f with { Province = "62" }).ToList();
        var flags = Check().Run([.. source, .. copy, .. Growing("64", 40_000, seed: 11)]);
        var copies = flags.Where(f => f.Rule == QualityRule.CopiedRow).ToList();
        Assert.Equal(30, copies.Count);
        Assert.Contains("62", copies.First(f => f.Province == "60").Reason.En);

        var short3 = source.Take(3).Select(f => f with { Province = "62" }).Concat(Growing("62", 90_000, seed: 12).Skip(3)).ToList();
        Assert.DoesNotContain(Check().Run([.. source, .. short3]), f => f.Rule == QualityRule.CopiedRow);
    }

    [Fact]
    public void A_batch_is_answered_with_its_own_flags_only()
    {
        var stored = Replace(Growing("60", 50_000, seed: 13), 2012, v => v * 1000).Where(f => f.Year < 2020).ToList();
        var batch = new List<QualityFigure> { new("60", Indicator, 2020, stored[^1].Value * 1.08 * 1000) };
        var flags = Check().CheckBatch(stored, batch);

        Assert.NotEmpty(flags);
        Assert.All(flags, f => Assert.Equal(2020, f.Year));
        Assert.Contains(flags, f => f.Rule == QualityRule.UnitSlip && f.Score == 3);
    }

    [Fact]
    public void Training_leaves_out_flagged_figures_unless_confirmed_or_explained_counting_each_figure_once()
    {
        var series = Replace(Growing("60", 50_000, seed: 14), 2012, v => v * 1000);
        var flags = Check().Run(series);
        Assert.True(flags.Count(f => f.Figure == new FigureRef("60", Indicator, 2012)) > 1);

        var left = TrainingExclusions.Of(flags, _ => false);
        Assert.Contains(new FigureRef("60", Indicator, 2012), left.Figures);
        Assert.Equal(left.Figures.Count, left.ByRule.Sum(r => r.Figures));

        var confirmed = TrainingExclusions.Of(flags, f => f.Year == 2012);
        Assert.DoesNotContain(new FigureRef("60", Indicator, 2012), confirmed.Figures);
        Assert.Equal(left.Figures.Count - 1, confirmed.Figures.Count);

        var explained = flags.Select(f => f with { Explanation = Bilingual.Both("sáp nhập", "a merger") });
        Assert.Empty(TrainingExclusions.Of(explained, _ => false).Figures);
    }

    [Fact]
    public void A_series_forecast_leaves_out_its_flagged_year_only_while_the_figure_is_the_one_flagged()
    {
        var series = Replace(Growing("60", 50_000, seed: 14), 2012, v => v * 1000);
        var left = TrainingExclusions.Of(Check().Run(series), _ => false);
        var years = series.Select(f => f.Year).ToList();
        var values = series.Select(f => f.Value).ToList();

        Assert.Contains(2012, left.YearsOf("60", Indicator, years, values));
        Assert.Empty(left.YearsOf("61", Indicator, years, values));
        // The figure sent again with another value is not the one flagged.
        var corrected = values.Select((v, i) => years[i] == 2012 ? v / 1000 : v).ToList();
        Assert.DoesNotContain(2012, left.YearsOf("60", Indicator, years, corrected));

        var confirmed = TrainingExclusions.Of(Check().Run(series), f => f.Year == 2012);
        Assert.DoesNotContain(2012, confirmed.YearsOf("60", Indicator, years, values));
        Assert.NotEqual(left.Stamp, confirmed.Stamp);
        Assert.Equal(left.Stamp, TrainingExclusions.Of(Check().Run(series), _ => false).Stamp);
    }

    [Fact]
    public void Every_rule_has_a_code_and_words_in_both_languages()
    {
        foreach (var rule in QualityRules.All)
        {
            Assert.True(QualityRules.TryParse(rule.ToCode(), out var parsed));
            Assert.Equal(rule, parsed);
            var words = rule.Words();
            Assert.NotEqual(words.Vi, words.En);
        }
    }

    [Fact]
    public void Only_yearly_actuals_are_checked_and_an_actual_wins_over_an_estimate()
    {
        Observation O(int year, ObservationKind kind, double value, int? quarter = null) =>
            new("60", Indicator, year, quarter, kind, value, null, null, null);
        var figures = QualityFigure.Of([O(2020, ObservationKind.Estimate, 5), O(2020, ObservationKind.Actual, 6), O(2021, ObservationKind.Target, 9),
            O(2021, ObservationKind.Actual, 7, quarter: 1), O(2022, ObservationKind.Estimate, 8)]);
        Assert.Equal([(2020, 6.0), (2022, 8.0)], figures.Select(f => (f.Year, f.Value)).OrderBy(x => x.Year));
    }
}
