using Analytics.Domain;
using Analytics.Indicators;

namespace Analytics.Domain.Tests;

public class LeaderboardTests
{
    private static readonly string[] Provinces = ["01", "60", "70", "58", "79"];

    private static Dictionary<string, SeriesSummary> Entries(params (string Province, int Year, double Value)[] values) =>
        values.GroupBy(v => v.Province).ToDictionary(
            g => g.Key,
            g => new SeriesSummary(g.Key, 1, [.. g.Select(v => new YearValue(v.Year, ObservationKind.Actual, v.Value))]));

    private static Ranking Rank(Direction direction, Dictionary<string, SeriesSummary> entries, int? year = 2020, int? top = null) =>
        Leaderboard.Rank("x", direction, entries, new RankingQuery(year, ObservationKind.Actual, Provinces, top));

    private static Dictionary<string, SeriesSummary> Qualified(params (string Province, double Value, Qualifier? Qualifier)[] values) =>
        values.ToDictionary(v => v.Province, v => new SeriesSummary(v.Province, 1, [new YearValue(2020, ObservationKind.Actual, v.Value, v.Qualifier)]));

    [Fact]
    public void A_bound_is_ranked_on_its_value_and_marks_the_order_it_cannot_know()
    {
        // "> 40" may be 45 or 60: its place against 50 is not known; against 30, and against an exact 40, it is.
        var ranking = Rank(Direction.HigherIsBetter, Qualified(("01", 50, null), ("60", 40, Qualifier.Above), ("70", 40, null), ("58", 30, null)));
        var rows = ranking.Rows.Where(r => r.Rank is not null).ToDictionary(r => r.Province);

        Assert.Equal((1, 2, 2, 4), (rows["01"].Rank, rows["60"].Rank, rows["70"].Rank, rows["58"].Rank));
        Assert.Equal(Qualifier.Above, rows["60"].Qualifier);
        Assert.Equal(["01"], rows["60"].UncertainAgainst!);
        Assert.Equal(["60"], rows["01"].UncertainAgainst!);
        Assert.False(rows["70"].RankUncertain);
        Assert.False(rows["58"].RankUncertain);
        Assert.Null(rows["01"].Qualifier);
    }

    [Fact]
    public void Two_bounds_that_could_be_equal_are_not_an_ordered_pair()
    {
        // "> 40" and "> 50" may both be 60; "≥ 40" may be the exact 40; "< 20" is below all of them, known.
        var ranking = Rank(Direction.HigherIsBetter, Qualified(
            ("01", 50, Qualifier.Above), ("60", 40, Qualifier.Above), ("70", 40, Qualifier.AtLeast), ("58", 20, Qualifier.Below), ("79", 40, null)));
        var rows = ranking.Rows.ToDictionary(r => r.Province, r => r.UncertainAgainst ?? []);

        Assert.Equal(["60", "70"], rows["01"]);
        Assert.Equal(["01", "70"], rows["60"]);
        Assert.Equal(["01", "60", "79"], rows["70"]);
        Assert.Equal(["70"], rows["79"]);
        Assert.Empty(rows["58"]);
    }

    [Fact]
    public void An_approximate_figure_is_uncertain_against_values_within_its_spread_only()
    {
        // ≈ 100 is read as 95..105: 98 and 104 could be on either side of it, 90 and 110 cannot.
        var ranking = Rank(Direction.LowerIsBetter, Qualified(
            ("01", 100, Qualifier.About), ("60", 98, null), ("70", 104, null), ("58", 90, null), ("79", 110, null)));
        var rows = ranking.Rows.ToDictionary(r => r.Province);

        Assert.Equal(["60", "70"], rows["01"].UncertainAgainst!);
        Assert.True(rows["60"].RankUncertain);
        Assert.False(rows["58"].RankUncertain);
        Assert.False(rows["79"].RankUncertain);
        // Exact figures alone never make an order uncertain, ties included.
        Assert.All(Rank(Direction.HigherIsBetter, Qualified(("01", 5, null), ("60", 5, null))).Rows, r => Assert.False(r.RankUncertain));
    }

    [Fact]
    public void Ties_share_the_best_rank_and_the_next_rank_skips()
    {
        var ranking = Rank(Direction.HigherIsBetter, Entries(("01", 2020, 90), ("60", 2020, 80), ("70", 2020, 80), ("58", 2020, 70)));

        Assert.Equal([1, 2, 2, 4], ranking.Rows.Where(r => r.Rank is not null).Select(r => r.Rank!.Value));
        Assert.Equal(["01", "60", "70", "58"], ranking.Rows.Take(4).Select(r => r.Province));
    }

    [Fact]
    public void Lower_is_better_puts_the_smallest_value_first()
    {
        var ranking = Rank(Direction.LowerIsBetter, Entries(("01", 2020, 3.5), ("60", 2020, 9.1), ("70", 2020, 1.2)));

        Assert.Equal(["70", "01", "60"], ranking.Rows.Where(r => r.Rank is not null).Select(r => r.Province));
        Assert.Equal(Direction.LowerIsBetter, ranking.Direction);
    }

    [Fact]
    public void Rank_change_is_positive_for_a_province_that_moved_up_since_the_previous_year()
    {
        var ranking = Rank(Direction.HigherIsBetter, Entries(
            ("01", 2019, 90), ("60", 2019, 80), ("70", 2019, 70),
            ("01", 2020, 91), ("60", 2020, 95), ("70", 2020, 60)));

        var byProvince = ranking.Rows.ToDictionary(r => r.Province);
        Assert.Equal((1, 2, 1), (byProvince["60"].Rank!.Value, byProvince["60"].PreviousRank!.Value, byProvince["60"].RankChange!.Value));
        Assert.Equal(-1, byProvince["01"].RankChange);
        Assert.Equal(0, byProvince["70"].RankChange);
    }

    [Fact]
    public void Provinces_without_a_figure_follow_unranked()
    {
        var ranking = Rank(Direction.HigherIsBetter, Entries(("01", 2020, 10), ("60", 2019, 5)));

        Assert.Equal("01", ranking.Rows[0].Province);
        Assert.Equal(Provinces.Length, ranking.Rows.Count);
        Assert.All(ranking.Rows.Skip(1), r => Assert.Null(r.Rank));
        Assert.Equal(1, ranking.Rows.Single(r => r.Province == "60").PreviousRank);
    }

    [Fact]
    public void Top_keeps_the_ranks_up_to_n_including_ties_at_the_edge()
    {
        var ranking = Rank(Direction.HigherIsBetter, Entries(("01", 2020, 9), ("60", 2020, 8), ("70", 2020, 8), ("58", 2020, 1)), top: 2);

        Assert.Equal(["01", "60", "70"], ranking.Rows.Select(r => r.Province));
    }

    [Fact]
    public void Without_a_year_the_latest_year_with_figures_is_ranked()
    {
        var ranking = Rank(Direction.HigherIsBetter, Entries(("01", 2018, 1), ("60", 2021, 2)), year: null);

        Assert.Equal(2021, ranking.Year);
        Assert.Equal("60", ranking.Rows[0].Province);
    }

    [Fact]
    public void Without_a_year_the_latest_year_counts_only_figures_of_provinces_that_existed_then()
    {
        // Hà Nội's 2030 figure is a figure of the 34 units; among the 63 (years up to 2025) the latest year is 2021.
        var entries = Entries(("01", 2030, 5), ("01", 2019, 1), ("60", 2021, 2));
        var lifetimes = Provinces.Select(_ => new YearSpan(null, 2025)).ToList();

        var ranking = Leaderboard.Rank("x", Direction.HigherIsBetter, entries, new RankingQuery(null, ObservationKind.Actual, Provinces, null, lifetimes));

        Assert.Equal(2021, ranking.Year);
        Assert.Equal("60", ranking.Rows[0].Province);
    }

    [Fact]
    public void Only_the_requested_kind_counts()
    {
        var entries = new Dictionary<string, SeriesSummary>
        {
            ["01"] = new("01", 1, [new YearValue(2025, ObservationKind.Target, 90)]),
            ["60"] = new("60", 1, [new YearValue(2025, ObservationKind.Actual, 50)]),
        };

        var ranking = Leaderboard.Rank("x", Direction.HigherIsBetter, entries, new RankingQuery(2025, ObservationKind.Target, Provinces, null));

        Assert.Equal("01", ranking.Rows.Single(r => r.Rank == 1).Province);
        Assert.Null(ranking.Rows.Single(r => r.Province == "60").Rank);
    }

    [Fact]
    public void Only_provinces_that_existed_in_the_ranked_year_take_part()
    {
        // Hà Tây (28) until 2008: ranked in 2007, absent (not even unranked) from the latest year, which the leaderboard picks.
        var entries = Entries(("28", 2007, 70), ("01", 2007, 60), ("01", 2020, 90));
        var lifetimes = new[] { new YearSpan(null, 2008), YearSpan.Always };

        var latest = Leaderboard.Rank("x", Direction.HigherIsBetter, entries, new RankingQuery(null, ObservationKind.Actual, ["28", "01"], null, lifetimes));
        var then = Leaderboard.Rank("x", Direction.HigherIsBetter, entries, new RankingQuery(2007, ObservationKind.Actual, ["28", "01"], null, lifetimes));

        Assert.Equal(2020, latest.Year);
        Assert.Equal(["01"], latest.Rows.Select(r => r.Province));
        Assert.Equal(["28", "01"], then.Rows.Select(r => r.Province));
    }

    [Fact]
    public void A_province_existed_in_the_years_of_its_validity()
    {
        // Hà Tây ended on 2008-07-31, so its last year of figures is 2007; Hà Nội of the 63 ends with its geography in 2025.
        var haTay = Unit("28", "Hà Tây", new DateOnly(2008, 7, 31), "01");
        var haNoi = Unit("01", "Hà Nội", null, null);

        Assert.True(haTay.Years.Contains(2007));
        Assert.False(haTay.Years.Contains(2008));
        Assert.True(haNoi.Years.Contains(2025));
        Assert.False(haNoi.Years.Contains(2026));
    }

    private static Analytics.Domain.Geography.AdministrativeUnit Unit(string code, string name, DateOnly? validTo, string? successor) => new()
    {
        Geography = Analytics.Domain.Geography.Geography.Vn63, Code = code, NameVi = name, NameEn = name, TerritoryCode = code,
        Region = new Analytics.Domain.Geography.UnitRegion("Red River Delta", false), ValidTo = validTo, SuccessorCode = successor,
    };
}
