using Analytics.Domain;

namespace Analytics.Domain.Tests.Text;

/// <summary>The one way words reach a reader: a pair written where the text is made, the reader's language picks.</summary>
public class BilingualTests
{
    [Fact]
    public void Without_a_reader_language_the_text_is_Vietnamese()
    {
        Assert.False(Bilingual.ReaderIsEnglish);
        Assert.Equal("Xếp hạng", Bilingual.T("Xếp hạng", "Ranking"));
    }

    [Fact]
    public void An_English_reader_reads_English_until_the_scope_ends()
    {
        using (Bilingual.Reading(english: true))
            Assert.Equal("Ranking", Bilingual.T("Xếp hạng", "Ranking"));
        Assert.Equal("Xếp hạng", Bilingual.T("Xếp hạng", "Ranking"));
    }

    [Fact]
    public async Task The_language_flows_into_awaited_calls()
    {
        using var english = Bilingual.Reading(english: true);
        var text = await Task.Run(async () =>
        {
            await Task.Yield();
            return Bilingual.T("Xếp hạng", "Ranking");
        });
        Assert.Equal("Ranking", text);
    }

    [Fact]
    public void Numbers_in_a_text_follow_each_languages_convention()
    {
        var value = 1234567.891;
        Assert.Equal("Dự báo 1.234.567,89", Bilingual.T($"Dự báo {value:N2}", $"Projected {value:N2}"));
        using var english = Bilingual.Reading(english: true);
        Assert.Equal("Projected 1,234,567.89", Bilingual.T($"Dự báo {value:N2}", $"Projected {value:N2}"));
    }

    [Fact]
    public void Text_made_without_a_reader_keeps_both_and_the_reader_chooses_later()
    {
        var share = 0.5;
        var words = Bilingual.Both($"khả năng {share:P0}", $"chance {share:P0}");
        Assert.Equal("khả năng 50 %", words.ForReader().Replace('\u00a0', ' '));
        using var english = Bilingual.Reading(english: true);
        Assert.StartsWith("chance 50", words.ForReader());
    }

    [Theory]
    [InlineData("en", true)]
    [InlineData("EN-gb", true)]
    [InlineData("vi", false)]
    [InlineData(null, false)]
    [InlineData("fr", false)]
    public void A_language_code_is_English_only_when_it_says_so(string? code, bool english) =>
        Assert.Equal(english, Bilingual.IsEnglish(code));
}
