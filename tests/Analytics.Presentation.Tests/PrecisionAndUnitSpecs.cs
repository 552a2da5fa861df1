using Analytics.Presentation.Localization;

namespace Analytics.Presentation.Tests;

/// <summary>One display precision per indicator, raised only to keep different values apart; units in the reader's words.</summary>
public class PrecisionAndUnitSpecs
{
    [Fact]
    public void A_DTI_column_shows_its_four_published_decimals_so_0_82_0_80_and_0_79_do_not_jump()
    {
        var decimals = DisplayPrecision.ForColumn([0.82, 0.8, 0.79], 4);
        Assert.Equal(4, decimals);
        Assert.Equal(["0,8200", "0,8000", "0,7900"], new[] { 0.82, 0.8, 0.79 }.Select(v => ReaderLocale.Vietnamese.Value(v, decimals)));
        Assert.Equal("0.8000", ReaderLocale.English.Value(0.8, decimals));
    }

    [Fact]
    public void Two_different_stored_values_that_would_print_alike_get_the_decimals_that_tell_them_apart()
    {
        // Ranked on the stored values (0.75831 above 0.75829); at four decimals both would read 0,7583.
        Assert.Equal(5, DisplayPrecision.ForColumn([0.75831, 0.75829, 0.7], 4));
        // Equal stored values are a tie and stay at the indicator's precision.
        Assert.Equal(4, DisplayPrecision.ForColumn([0.7583, 0.7583, 0.7], 4));
    }

    [Fact]
    public void Without_a_precision_a_figure_shows_what_it_needs_up_to_two_decimals()
    {
        Assert.Null(DisplayPrecision.ForColumn([86.2, 85, 84.25], null));
        Assert.Equal("86,2", ReaderLocale.Vietnamese.Value(86.2, null));
    }

    [Theory]
    [InlineData("score", "điểm", "score")]
    [InlineData("subscriptions", "thuê bao", "subscriptions")]
    [InlineData("subscriptions/100 inhabitants", "thuê bao/100 dân", "subscriptions/100 inhabitants")]
    [InlineData("Thous. pers.", "nghìn người", "thousand persons")]
    [InlineData("%", "%", "%")]
    [InlineData("widgets", "widgets", "widgets")]
    public void A_unit_is_shown_in_the_readers_words(string unit, string vi, string en)
    {
        Assert.Equal(vi, ReaderLocale.Vietnamese.Unit(unit));
        Assert.Equal(en, ReaderLocale.English.Unit(unit));
    }

    [Fact]
    public void Every_unit_of_the_bundled_catalogs_has_words_in_both_languages()
    {
        var units = new[] { "indicators.csv", Path.Combine("ict", "indicators.csv") }
            .SelectMany(f => Analytics.Formats.IndicatorCsv.Load(Path.Combine(RepoFiles.Root, "data", f)).All)
            .Select(i => i.Unit).Where(u => u.Length > 0).Distinct().ToList();
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Contains(u, UnitWords.Known));
    }
}
