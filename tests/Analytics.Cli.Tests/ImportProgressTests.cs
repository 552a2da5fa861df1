using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>
/// The progress display: silent for quick imports, a bar on a terminal, plain lines in a log; in the language of the
/// run that started it (English where the test reads English).
/// </summary>
public sealed class ImportProgressTests
{
    [Fact]
    public void An_import_quicker_than_a_second_shows_nothing()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new ImportProgress(output, interactive: true, clock, total: 10_000);

        clock.Advance(TimeSpan.FromMilliseconds(900));
        progress.Advance(10_000);
        progress.Finish();

        Assert.Equal("", output.ToString());
        Assert.False(progress.Shown);
    }

    [Fact]
    public void On_a_terminal_a_bar_is_redrawn_in_place_and_ends_its_line()
    {
        using var english = Bilingual.Reading(english: true);
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new ImportProgress(output, interactive: true, clock, total: 68_000);

        clock.Advance(TimeSpan.FromSeconds(3));
        progress.Advance(12_000);
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Advance(56_000);
        progress.Finish();

        Assert.Equal(
            "\r[#####.........................] 12,000/68,000 observations 4,000/s" +
            "\r[##############################] 68,000/68,000 observations 17,000/s" +
            "\r[##############################] 68,000/68,000 observations 17,000/s" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public void In_a_log_plain_lines_at_most_once_a_second()
    {
        using var english = Bilingual.Reading(english: true);
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new ImportProgress(output, interactive: false, clock, total: 20_000);

        clock.Advance(TimeSpan.FromSeconds(2));
        progress.Advance(5_000);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        progress.Advance(5_000);   // too soon for another line
        clock.Advance(TimeSpan.FromMilliseconds(500));
        progress.Advance(10_000);
        progress.Finish();

        Assert.Equal(
            ["5,000/20,000 observations 2,500/s", "20,000/20,000 observations 6,667/s"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void In_Vietnamese_the_counts_use_Vietnamese_numbers_and_words()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new ImportProgress(output, interactive: false, clock, total: 20_000);

        clock.Advance(TimeSpan.FromSeconds(2));
        progress.Advance(5_000);
        progress.Finish();

        Assert.Equal("5.000/20.000 số liệu 2.500/giây" + Environment.NewLine, output.ToString());
    }
}
