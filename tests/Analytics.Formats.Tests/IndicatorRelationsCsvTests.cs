using Analytics.Domain.Quality;
using Analytics.Formats;
using Analytics.Tests.Support;

namespace Analytics.Formats.Tests;

/// <summary>The relations file: a share names its count, denominator and factor, all three indicators of the catalog.</summary>
public class IndicatorRelationsCsvTests
{
    private const string Header = "indicator,relation,other,denominator,factor,reason\n";

    [Fact]
    public void The_bundled_shares_name_catalog_indicators_and_the_on_time_rate_is_a_percent_of_dossiers_resolved()
    {
        var relations = new BundleLayout(Path.Combine(RepoFiles.Root, "data")).LoadRelations();
        var catalog = RepoFiles.LoadIndicators();
        Assert.NotEmpty(relations.Shares);
        Assert.All(relations.Shares.SelectMany(r => new[] { r.Indicator, r.Other!, r.Denominator! }),
            code => Assert.True(catalog.TryGet(code, out _), code));
        var share = Assert.Single(relations.Shares, r => r.Indicator == "one-stop-dossiers-on-time-rate");
        Assert.Equal(("one-stop-dossiers-resolved-on-time", "one-stop-dossiers-resolved", 100d), (share.Other, share.Denominator, share.Factor));
    }

    [Theory]
    [InlineData("s,share-of,c,,100,r", "denominator")]
    [InlineData("s,share-of,,d,100,r", "other")]
    [InlineData("s,share-of,c,d,-1,r", "factor")]
    [InlineData("s,share-of,c,d,percent,r", "factor")]
    public void A_share_without_its_count_denominator_or_a_positive_factor_is_refused_naming_the_field(string row, string field)
    {
        var ex = Assert.Throws<DataFormatException>(() => IndicatorRelationsCsv.Load(new StringReader(Header + row), "relations.csv"));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_without_a_factor_is_the_plain_quotient()
    {
        var share = Assert.Single(IndicatorRelationsCsv.Load(new StringReader(Header + "s,share-of,c,d,,per person"), "relations.csv").Shares);
        Assert.Equal(1, share.Factor);
    }
}
