using Analytics.Domain;
using Analytics.Presentation.Localization;

namespace Analytics.Presentation.Tests;

public sealed class FormattingSpecs
{
    private static readonly ReaderLocale Vi = ReaderLocale.Vietnamese;
    private static readonly ReaderLocale En = ReaderLocale.English;

    [Fact]
    public void Numbers_follow_the_readers_convention()
    {
        Assert.Equal("1.846.000", Vi.Number(1_846_000));
        Assert.Equal("1,846,000", En.Number(1_846_000));
        Assert.Equal("86,2", Vi.Number(86.2, 1));
        Assert.Equal("86.2", En.Number(86.2, 1));
        Assert.Equal("1.234.567,89", Vi.Number(1234567.891, 2));
        Assert.Equal("-3,5", Vi.Number(-3.5, 1));
        Assert.Equal("–", Vi.Number((double?)null));
        Assert.Equal("–", En.Number(double.NaN));
    }

    [Fact]
    public void Figures_keep_only_the_decimals_they_have()
    {
        Assert.Equal("86,2", Vi.Figure(86.2));
        Assert.Equal("86", En.Figure(86.0));
        Assert.Equal("1.846.000,25", Vi.Figure(1_846_000.25));
        Assert.Equal("0.33", En.Figure(1.0 / 3));
        Assert.Equal("0", En.Figure(-0.001));
        Assert.Equal("0,0", Vi.Number(-0.04, 1));
        Assert.Equal("2,5", Vi.Number(2.45, 1));   // half away from zero, as readers round
    }

    [Fact]
    public void Percentages_years_dates_and_signed_changes()
    {
        Assert.Equal("86,2%", Vi.PercentOfFraction(0.862));
        Assert.Equal("86.2%", En.PercentOfFraction(0.862));
        Assert.Equal("45%", En.Percent(45, 0));
        Assert.Equal("2025", Vi.Year(2025));                    // never 2.025
        Assert.Equal("01/07/2025", Vi.Date(new DateOnly(2025, 7, 1)));
        Assert.Equal("1 Jul 2025", En.Date(new DateOnly(2025, 7, 1)));
        Assert.Equal("+1,5", Vi.SignedNumber(1.5));
        Assert.Equal("−0.3", En.SignedNumber(-0.3));
        Assert.Equal("0,0", Vi.SignedNumber(-0.01));
    }

    [Fact]
    public void Rank_change_shows_direction_and_new()
    {
        Assert.Equal("▲3", Vi.RankChange(3));
        Assert.Equal("▼2", En.RankChange(-2));
        Assert.Equal("=", En.RankChange(0));
        Assert.Equal("mới", Vi.RankChange(null));
        Assert.Equal("new", En.RankChange(null));
        Assert.Equal("up 5 places", En.RankChangeText(5));
        Assert.Equal("giảm 2 bậc", Vi.RankChangeText(-2));
    }

    [Fact]
    public void Labels_exist_in_both_languages_and_vietnamese_is_the_default()
    {
        Assert.Same(ReaderLocale.Vietnamese, ReaderLocale.Parse(null));
        Assert.Same(ReaderLocale.Vietnamese, ReaderLocale.Parse("fr"));
        Assert.Same(ReaderLocale.English, ReaderLocale.Parse("en-GB"));
        Assert.Equal("vi", ReaderLocale.Parse("vi").Code);
        foreach (var catalog in new[] { LabelCatalog.Vietnamese, LabelCatalog.English })
        {
            foreach (var label in Enum.GetValues<Label>()) Assert.False(string.IsNullOrWhiteSpace(catalog[label]));
            foreach (var status in Enum.GetValues<AttainmentStatus>()) Assert.False(string.IsNullOrWhiteSpace(catalog.Status(status)));
            foreach (var kind in Enum.GetValues<ObservationKind>()) Assert.False(string.IsNullOrWhiteSpace(catalog.Kind(kind)));
        }
        Assert.Equal("Hạng", Vi.Labels[Label.Rank]);
        Assert.Equal("On track", En.Labels.Status(AttainmentStatus.OnTrack));
        Assert.Equal("Đi lùi", Vi.Labels.Status(AttainmentStatus.Regressing));
        Assert.Equal("Estimate", En.Labels.Kind(ObservationKind.Estimate));
        Assert.Equal("suy ra", Vi.Labels[Label.Derived]);
        // Statuses and kinds differ from each other within a language, so a table never shows two the same.
        Assert.Equal(6, Enum.GetValues<AttainmentStatus>().Select(Vi.Labels.Status).Distinct().Count());
        Assert.Equal(5, Enum.GetValues<ObservationKind>().Select(En.Labels.Kind).Distinct().Count());
    }

    [Theory]
    [InlineData("on-track", AttainmentStatus.OnTrack)]
    [InlineData("off-track", AttainmentStatus.OffTrack)]
    [InlineData("at-risk", AttainmentStatus.AtRisk)]
    [InlineData("achieved", AttainmentStatus.Achieved)]
    [InlineData("unknown", AttainmentStatus.Unknown)]
    [InlineData("whatever", AttainmentStatus.Unknown)]
    [InlineData(null, AttainmentStatus.Unknown)]
    public void Statuses_read_from_the_apis_codes(string? code, AttainmentStatus expected) =>
        Assert.Equal(expected, AttainmentStatuses.FromCode(code));
}
