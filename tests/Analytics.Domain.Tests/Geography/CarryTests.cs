using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Tests.Support;
using G = Analytics.Domain.Geography.Geography;

namespace Analytics.Domain.Tests.Geography;

/// <summary>Lâm Đồng (vn-34, 68) is formed of Bình Thuận (60), Đắk Nông (67) and the old Lâm Đồng (68).</summary>
public class CarryTests
{
    private static Gazetteer Units => BundledData.Gazetteer;
    private static readonly Carry Carry = new(Units);
    private static AdministrativeUnit LamDong => Units.Find(G.Vn34, "68")!;

    private static Dictionary<int, double> Years(params (int Year, double Value)[] values) => values.ToDictionary(v => v.Year, v => v.Value);

    [Fact]
    public void Sum_adds_the_members_figures()
    {
        var f = Carry.Derive(LamDong, 2024, CarryMethod.Sum, new Dictionary<string, double> { ["60"] = 100, ["67"] = 20, ["68"] = 3 });
        Assert.Equal(123, f.Value);
        Assert.Equal(FigureOrigin.Derived, f.Origin);
        Assert.Equal(CarryMethod.Sum, f.Method);
        Assert.Equal([("60", (double?)100), ("67", 20), ("68", 3)], f.Members.Select(m => (m.Member.Code, m.Value)));
        Assert.Empty(f.Missing);
    }

    [Fact]
    public void Sum_with_a_missing_member_has_no_value_and_names_the_member()
    {
        // The reasons and notes in English, as an English reader reads them.
        using var english = Bilingual.Reading(english: true);
        var f = Carry.Derive(LamDong, 2024, CarryMethod.Sum, new Dictionary<string, double> { ["60"] = 100, ["68"] = 3 });
        Assert.Null(f.Value);
        Assert.Equal(["67"], f.Missing.Select(m => m.Code));
        Assert.Equal("no 2024 figure for Đắk Nông (67): the sum of the members' figures would be partial, so Lâm Đồng (68) has no value", f.Reason);
        Assert.Equal(3, f.Members.Count); // the members that have figures are still shown
    }

    [Fact]
    public void Population_weighted_uses_the_years_population_and_the_nearest_year_where_it_is_missing_and_says_so()
    {
        // The reasons and notes in English, as an English reader reads them.
        using var english = Bilingual.Reading(english: true);
        var population = new Dictionary<string, IReadOnlyDictionary<int, double>>
        {
            ["60"] = Years((2023, 1_250_000), (2024, 1_260_000)),
            ["67"] = Years((2021, 650_000), (2022, 660_000)),   // no 2024: 2022 is nearest
            ["68"] = Years((2024, 1_340_000), (2025, 1_350_000)),
        };
        var rates = new Dictionary<string, double> { ["60"] = 70, ["67"] = 60, ["68"] = 80 };
        var f = Carry.Derive(LamDong, 2024, CarryMethod.PopulationWeighted, rates, population);

        var expected = (70 * 1_260_000.0 + 60 * 660_000.0 + 80 * 1_340_000.0) / (1_260_000.0 + 660_000.0 + 1_340_000.0);
        Assert.Equal(expected, f.Value!.Value, 9);
        Assert.Equal([2024, 2022, 2024], f.Members.Select(m => m.PopulationYear!.Value));
        Assert.Equal(["population of Đắk Nông (67) for 2024 missing; 2022 used"], f.Notes);
    }

    [Fact]
    public void Population_weighted_with_a_member_without_any_population_has_no_value_and_names_it()
    {
        // The reasons and notes in English, as an English reader reads them.
        using var english = Bilingual.Reading(english: true);
        var population = new Dictionary<string, IReadOnlyDictionary<int, double>>
        {
            ["60"] = Years((2024, 1_260_000)),
            ["68"] = Years((2024, 1_340_000)),
        };
        var f = Carry.Derive(LamDong, 2024, CarryMethod.PopulationWeighted,
            new Dictionary<string, double> { ["60"] = 70, ["67"] = 60, ["68"] = 80 }, population);
        Assert.Null(f.Value);
        Assert.Equal(["67"], f.Missing.Select(m => m.Code));
        Assert.StartsWith("no population of Đắk Nông (67) in any year", f.Reason);
    }

    [Fact]
    public void Population_weighted_for_a_single_member_unit_is_its_figure_without_weights()
    {
        var haNoi = Units.Find(G.Vn34, "01")!;
        var f = Carry.Derive(haNoi, 2024, CarryMethod.PopulationWeighted, new Dictionary<string, double> { ["01"] = 88.5 });
        Assert.Equal(88.5, f.Value);
    }

    [Fact]
    public void Mean_of_DTI_2023_for_Lam_Dong_is_the_unweighted_mean_of_its_three_members_bundled_scores()
    {
        var scores = BundledData.Values("ict/observations/dti.csv", "dti-score", 2023);
        Assert.Equal((0.6386, 0.615, 0.6902), (scores["60"], scores["67"], scores["68"]));
        var f = Carry.Derive(LamDong, 2023, CarryMethod.Mean, scores);
        Assert.Equal((0.6386 + 0.615 + 0.6902) / 3, f.Value!.Value, 9);
        Assert.Equal(CarryMethod.Mean, f.Method);
    }

    [Fact]
    public void Mean_of_DTI_2023_gives_every_one_of_the_34_units_the_unweighted_mean_of_its_members()
    {
        var scores = BundledData.Values("ict/observations/dti.csv", "dti-score", 2023);
        Assert.Equal(63, scores.Count);
        foreach (var unit in Units.UnitsOf(G.Vn34))
        {
            var f = Carry.Derive(unit, 2023, CarryMethod.Mean, scores);
            Assert.True(f.HasValue, $"{unit}: {f.Reason}");
            Assert.Equal(unit.Members.Select(m => scores[m]).Average(), f.Value.Value, 9);
            Assert.Equal(unit.Members, f.Members.Select(m => m.Member.Code));
        }
    }

    [Fact]
    public void Equal_means_are_equal_values_so_they_tie_in_a_ranking()
    {
        var scores = new Dictionary<string, double> { ["02"] = 0.1, ["08"] = 0.2, ["04"] = 0.15 };
        var tuyenQuang = Carry.Derive(Units.Find(G.Vn34, "08")!, 2023, CarryMethod.Mean, scores); // (0.1 + 0.2) / 2 in floating point is 0.15000000000000002
        var caoBang = Carry.Derive(Units.Find(G.Vn34, "04")!, 2023, CarryMethod.Mean, scores);
        Assert.Equal(caoBang.Value, tuyenQuang.Value);
    }

    [Fact]
    public void Mean_with_a_member_lacking_a_score_is_not_passed_off_as_whole()
    {
        // The reasons and notes in English, as an English reader reads them.
        using var english = Bilingual.Reading(english: true);
        var f = Carry.Derive(LamDong, 2023, CarryMethod.Mean, new Dictionary<string, double> { ["60"] = 0.6386, ["68"] = 0.6902 });
        Assert.Null(f.Value);
        Assert.Equal(["67"], f.Missing.Select(m => m.Code));
        Assert.Contains("unweighted mean of the members' figures would be partial", f.Reason);
    }

    [Fact]
    public void A_rank_is_not_carried_and_says_why()
    {
        // The reasons and notes in English, as an English reader reads them.
        using var english = Bilingual.Reading(english: true);
        var ranks = BundledData.Values("ict/observations/dti.csv", "dti-rank", 2022);
        var f = Carry.Derive(LamDong, 2022, CarryMethod.NotCarried, ranks);
        Assert.Null(f.Value);
        Assert.StartsWith("not carried:", f.Reason);
        Assert.Contains("Bình Thuận (60), Đắk Nông (67), Lâm Đồng (68)", f.Reason);
    }

    [Fact]
    public void A_figure_reported_for_the_new_unit_wins_over_the_derived_one()
    {
        var members = new Dictionary<string, double> { ["60"] = 0.6, ["67"] = 0.6, ["68"] = 0.6 };
        var reported = Carry.Figure(LamDong, 2024, CarryMethod.Mean, reported: 0.71, members);
        Assert.Equal((0.71, FigureOrigin.Reported), (reported.Value, reported.Origin));
        var derived = Carry.Figure(LamDong, 2024, CarryMethod.Mean, reported: null, members);
        Assert.Equal(FigureOrigin.Derived, derived.Origin);
        Assert.Equal(0.6, derived.Value!.Value, 12);
    }

    [Fact]
    public void Targets_are_carried_like_any_figure()
    {
        // 2025 targets set by the three provinces for internet subscriptions: the new unit's target is their sum.
        var targets = new Dictionary<string, double> { ["60"] = 500_000, ["67"] = 200_000, ["68"] = 600_000 };
        Assert.Equal(1_300_000, Carry.Derive(LamDong, 2025, CarryMethod.Sum, targets).Value);
    }

    private static CarriedFigure SumWith(params (string Member, Qualifier Qualifier)[] qualified) =>
        Carry.Derive(LamDong, 2024, CarryMethod.Sum, new Dictionary<string, double> { ["60"] = 40, ["67"] = 20, ["68"] = 3 },
            memberQualifiers: qualified.ToDictionary(q => q.Member, q => q.Qualifier));

    [Fact]
    public void A_sum_with_exact_members_is_exact()
    {
        var f = SumWith();
        Assert.Equal((63d, (Qualifier?)null), (f.Value, f.Qualifier));
    }

    [Fact]
    public void A_sum_with_one_member_above_a_bound_and_the_others_exact_is_above_the_total()
    {
        var f = SumWith(("60", Qualifier.Above));
        Assert.Equal((63d, (Qualifier?)Qualifier.Above), (f.Value, f.Qualifier));
        Assert.Equal(Qualifier.Above, f.Members.Single(m => m.Member.Code == "60").Qualifier);
        Assert.Null(f.Members.Single(m => m.Member.Code == "67").Qualifier);
    }

    [Theory]
    [InlineData(Qualifier.AtLeast, Qualifier.AtLeast, Qualifier.AtLeast)]
    [InlineData(Qualifier.AtLeast, Qualifier.Above, Qualifier.Above)]   // 40 or more and more than 20: more than 60
    [InlineData(Qualifier.Below, Qualifier.AtMost, Qualifier.Below)]
    [InlineData(Qualifier.Above, Qualifier.Below, Qualifier.About)]     // bounds on both sides bound nothing
    [InlineData(Qualifier.AtLeast, Qualifier.AtMost, Qualifier.About)]
    [InlineData(Qualifier.About, Qualifier.Above, Qualifier.About)]
    [InlineData(Qualifier.About, Qualifier.About, Qualifier.About)]
    public void Members_qualifiers_carry_into_the_sum_as_far_as_they_honestly_go(Qualifier first, Qualifier second, Qualifier whole) =>
        Assert.Equal(whole, SumWith(("60", first), ("67", second)).Qualifier);

    [Fact]
    public void A_population_weighted_mean_with_an_approximate_member_is_approximate()
    {
        var population = new Dictionary<string, IReadOnlyDictionary<int, double>>
        {
            ["60"] = Years((2024, 1_200)), ["67"] = Years((2024, 700)), ["68"] = Years((2024, 1_300)),
        };
        var f = Carry.Derive(LamDong, 2024, CarryMethod.PopulationWeighted, new Dictionary<string, double> { ["60"] = 80, ["67"] = 70, ["68"] = 90 },
            population, new Dictionary<string, Qualifier> { ["67"] = Qualifier.About });
        Assert.Equal(Qualifier.About, f.Qualifier);
    }

    [Fact]
    public void Only_units_of_the_34_are_derived() =>
        Assert.Throws<ArgumentException>(() => Carry.Derive(Units.Find(G.Vn63, "68")!, 2024, CarryMethod.Sum, new Dictionary<string, double>()));

    [Theory]
    [InlineData("sum", CarryMethod.Sum)]
    [InlineData("mean", CarryMethod.Mean)]
    [InlineData("population-weighted", CarryMethod.PopulationWeighted)]
    [InlineData("none", CarryMethod.NotCarried)]
    public void Carry_methods_read_the_catalogs_aggregation_codes(string code, CarryMethod method)
    {
        Assert.True(CarryMethods.TryParse(code, out var parsed));
        Assert.Equal(method, parsed);
        Assert.Equal(code, method.ToCode());
    }
}
