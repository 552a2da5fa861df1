using Analytics.Contracts;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>The product as shipped: a first start loads every bundled file (seed reports and GSO tables).</summary>
public sealed class BundledDataTests
{
    [Fact]
    public async Task After_the_first_start_population_ranks_all_63_provinces_and_still_does_after_a_restart()
    {
        using var dir = new TempDirectory();
        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "all"))
        {
            await cluster.StartAsync();

            var ranking = await cluster.GetAsync<RankingDto>("/api/rankings/gso-average-population-total?year=2015");

            Assert.Equal((63, 0), (ranking.Ranked, ranking.Unranked));
            Assert.Equal(("79", 1), (ranking.Rows[0].Province, ranking.Rows[0].Rank!.Value)); // Hồ Chí Minh City
            var series = await cluster.GetAsync<SeriesDto>("/api/series/60/internet-users-rate");
            Assert.Contains(series.Observations, o => o.Source == "000_280cfce90132468c.txt");
        }

        await using (var cluster = new EmbeddedCluster(dir.Path, bundle: "all"))
        {
            await cluster.StartAsync();
            var indicators = await cluster.GetAsync<List<IndicatorDto>>("/api/indicators");

            Assert.Contains(indicators, i => i.Code == "gso-poverty-rate");
            Assert.Equal(63, (await cluster.GetAsync<RankingDto>("/api/rankings/gso-average-population-total?year=2015")).Ranked);
        }
    }
}
