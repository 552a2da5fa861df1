using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Surrogates;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Analytics.Grains.Tests;

/// <summary>
/// Domain records carry no Orleans attributes; they cross grain calls and reach grain storage through the surrogates in
/// grains/Abstractions. They must arrive whole, and immutable ones must be handed over, not deep-copied.
/// </summary>
public sealed class SurrogateTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(AdministrativeUnitConverter).Assembly))
        .BuildServiceProvider();

    private static T RoundTrip<T>(T value)
    {
        var serializer = Services.GetRequiredService<Serializer>();
        return serializer.Deserialize<T>(serializer.SerializeToArray(value))!;
    }

    private static readonly DateTimeOffset Then = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Domain_records_arrive_whole()
    {
        var province = new AdministrativeUnit
        {
            Geography = Geography.Vn34, Code = "68", NameVi = "Lâm Đồng", NameEn = "Lam Dong", TerritoryCode = "vn34-68",
            Region = new UnitRegion("Central Highlands", IsApproximate: true), ValidFrom = new DateOnly(2025, 7, 1), Members = ["60", "67", "68"],
        };
        var indicator = new IndicatorDefinition("poverty-rate", "Tỷ lệ hộ nghèo", "Poverty rate", "%", Direction.LowerIsBetter, 0, 100, Aggregation.PopulationWeighted, "GSO");
        var observation = new Observation("60", "internet-users-rate", 2023, 2, ObservationKind.Estimate, 86.2, "%", "report.pdf", "ước 86,2%");
        var query = new RankingQuery(null, ObservationKind.Target, ["01", "28"], 5, [YearSpan.Always, new YearSpan(null, 2008)]);
        var ranking = new Ranking("poverty-rate", 2007, ObservationKind.Actual, Direction.LowerIsBetter, [new RankingRow("28", 3.5, 1, 2, 1), new RankingRow("01", null, null, null, null)]);
        var summary = new SeriesSummary("60", 7, [new YearValue(2020, ObservationKind.Actual, 59), new YearValue(2025, ObservationKind.Target, 85)]);

        Assert.Equivalent(province, RoundTrip(province), strict: true);
        Assert.Equal(indicator, RoundTrip(indicator));
        Assert.Equal(observation, RoundTrip(observation));
        Assert.Equal(new UpsertCounts(3, 2, 1), RoundTrip(new UpsertCounts(3, 2, 1)));
        Assert.Equivalent(query, RoundTrip(query), strict: true);
        Assert.Equivalent(ranking, RoundTrip(ranking), strict: true);
        Assert.Equivalent(summary, RoundTrip(summary), strict: true);
    }

    [Fact]
    public void Qualified_figures_arrive_with_their_qualifier()
    {
        var observation = new Observation("60", "datacenter-servers", 2020, null, ObservationKind.Actual, 40, "servers", "000.txt", "hơn 40 máy chủ", Qualifier.Above);
        var summary = new SeriesSummary("60", 3, [new YearValue(2020, ObservationKind.Actual, 40, Qualifier.Above), new YearValue(2021, ObservationKind.Actual, 41)]);
        var ranking = new Ranking("datacenter-servers", 2020, ObservationKind.Actual, Direction.HigherIsBetter,
            [new RankingRow("70", 50, 1, null, null, null, ["60"]), new RankingRow("60", 40, 2, null, null, Qualifier.Above, ["70"])]);
        var state = new SeriesState();
        state.Apply([observation with { Qualifier = Qualifier.About }], Then);
        state.Apply([observation], Then.AddDays(1));

        Assert.Equal(observation, RoundTrip(observation));
        Assert.Equivalent(summary, RoundTrip(summary), strict: true);
        Assert.Equivalent(ranking, RoundTrip(ranking), strict: true);
        var point = Assert.Single(RoundTrip(state).Points).Value;
        Assert.Equal(Qualifier.Above, point.Qualifier);
        Assert.Equal(Qualifier.About, Assert.Single(point.Revisions).Qualifier);
    }

    [Fact]
    public void A_series_state_is_stored_with_its_figures_revisions_and_version()
    {
        var state = new SeriesState();
        state.Apply([new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 59, "%", "a.pdf", "59%")], Then);
        state.Apply([new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 61, "%", "b.pdf", "61%")], Then.AddDays(1));

        var stored = RoundTrip(state);

        Assert.Equal(state.Version, stored.Version);
        var point = Assert.Single(stored.Points).Value;
        Assert.Equal((61.0, "b.pdf"), (point.Value, point.Source));
        Assert.Equivalent(new Revision(59, "a.pdf", "59%", Then, Then.AddDays(1)), Assert.Single(point.Revisions), strict: true);
    }

    [Fact]
    public void Immutable_records_are_handed_to_a_grain_on_the_same_silo_without_a_copy()
    {
        var copier = Services.GetRequiredService<DeepCopier>();
        var observation = new Observation("60", "internet-users-rate", 2019, null, ObservationKind.Actual, 59, null, null, null);
        var summary = new SeriesSummary("60", 1, [new YearValue(2019, ObservationKind.Actual, 59)]);
        IReadOnlyList<Observation> batch = new List<Observation> { observation };

        Assert.Same(observation, copier.Copy(observation));
        Assert.Same(summary, copier.Copy(summary));
        Assert.Same(observation, copier.Copy(batch)[0]);
    }
}
