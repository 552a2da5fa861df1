using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Tests.Support;
using G = Analytics.Domain.Geography.Geography;

namespace Analytics.Domain.Tests.Geography;

/// <summary>An indicator's figures read in the 34 units: reported where the unit has one, else carried from its members up to 2025.</summary>
public class CarriedFiguresTests
{
    private static Gazetteer Units => BundledData.Gazetteer;
    private static AdministrativeUnit LamDong => Units.Find(G.Vn34, "68")!;
    private static AdministrativeUnit HaNoi => Units.Find(G.Vn34, "01")!;

    private static SeriesSummary Summary(string territory, params (int Year, ObservationKind Kind, double Value)[] values) =>
        new(territory, 1, [.. values.Select(v => new YearValue(v.Year, v.Kind, v.Value))]);

    private static CarriedFigures Figures(Aggregation aggregation, params SeriesSummary[] summaries) =>
        new(Units, aggregation, summaries.ToDictionary(s => s.Province));

    private static readonly SeriesSummary[] Members =
    [
        Summary("60", (2023, ObservationKind.Actual, 1), (2024, ObservationKind.Actual, 10), (2025, ObservationKind.Target, 100)),
        Summary("67", (2023, ObservationKind.Estimate, 2), (2024, ObservationKind.Actual, 20), (2025, ObservationKind.Target, 200)),
        Summary("68", (2023, ObservationKind.Actual, 3), (2024, ObservationKind.Actual, 30), (2025, ObservationKind.Target, 300)),
    ];

    [Fact]
    public void A_year_before_the_merger_is_derived_from_the_members()
    {
        var f = Figures(Aggregation.Sum, Members).For(LamDong, 2024, ObservationKind.Actual);

        Assert.Equal((60d, FigureOrigin.Derived), (f.Value, f.Origin));
        Assert.Equal(["60", "67", "68"], f.Members.Select(m => m.Member.Code));
    }

    [Fact]
    public void A_members_stored_bound_carries_into_the_derived_figure_and_a_reported_figure_keeps_its_own()
    {
        SeriesSummary[] summaries =
        [
            new("60", 1, [new YearValue(2024, ObservationKind.Actual, 40, Qualifier.Above)]),
            Summary("67", (2024, ObservationKind.Actual, 20)), Summary("68", (2024, ObservationKind.Actual, 30)),
            new("vn34-68", 1, [new YearValue(2025, ObservationKind.Actual, 95, Qualifier.AtLeast)]),
        ];
        var figures = Figures(Aggregation.Sum, summaries);

        var derived = figures.For(LamDong, 2024, ObservationKind.Actual);
        Assert.Equal((90d, FigureOrigin.Derived, (Qualifier?)Qualifier.Above), (derived.Value, derived.Origin, derived.Qualifier));
        var reported = figures.For(LamDong, 2025, ObservationKind.Actual);
        Assert.Equal((95d, FigureOrigin.Reported, (Qualifier?)Qualifier.AtLeast), (reported.Value, reported.Origin, reported.Qualifier));
    }

    [Fact]
    public void A_figure_reported_for_the_unit_wins_over_the_derived_one()
    {
        var f = Figures(Aggregation.Sum, [.. Members, Summary("vn34-68", (2025, ObservationKind.Target, 555))]).For(LamDong, 2025, ObservationKind.Target);

        Assert.Equal((555d, FigureOrigin.Reported), (f.Value, f.Origin));
        Assert.Empty(f.Members);
    }

    [Fact]
    public void An_unmerged_province_is_its_own_reported_series_in_every_year_and_a_merged_unit_after_2025_only_reported()
    {
        // The reasons and notes in English, as an English reader reads them.
        using var english = Bilingual.Reading(english: true);
        var figures = Figures(Aggregation.Sum, [.. Members, Summary("01", (2010, ObservationKind.Actual, 7), (2030, ObservationKind.Actual, 9))]);

        Assert.Equal((7d, FigureOrigin.Reported), (figures.For(HaNoi, 2010, ObservationKind.Actual).Value, figures.For(HaNoi, 2010, ObservationKind.Actual).Origin));
        Assert.Equal(9d, figures.For(HaNoi, 2030, ObservationKind.Actual).Value);
        var later = figures.For(LamDong, 2026, ObservationKind.Actual);
        Assert.False(later.HasValue);
        Assert.Contains("derived from the 63 provinces up to 2025 only", later.Reason);
    }

    [Fact]
    public void The_history_takes_each_years_actual_else_its_estimate_and_the_latest_year_counts_derivable_years()
    {
        var figures = Figures(Aggregation.Sum, Members);

        // 2023: Đắk Nông has only an estimate, so the actuals are partial; the estimates are too. No year 2023.
        Assert.Equal([(2024, 60d)], figures.Observed(LamDong).Select(h => (h.Year, h.Figure.Value!.Value)));
        Assert.Equal(2025, figures.LatestYear(ObservationKind.Target));
        Assert.Equal([2023, 2024], figures.YearsOf(LamDong, ObservationKind.Actual));
    }

    [Fact]
    public void The_aggregation_none_carries_nothing()
    {
        var f = Figures(Aggregation.None, Members).For(LamDong, 2024, ObservationKind.Actual);

        Assert.False(f.HasValue);
        Assert.Equal(CarryMethod.NotCarried, f.Method);
    }
}
