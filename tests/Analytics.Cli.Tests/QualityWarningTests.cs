using Analytics.Cli.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>
/// <c>./analytics validate</c> runs the quality rules on a valid file: a suspect figure is a warning with its line, not
/// a problem (the file still validates), and a row that confirms its figure is listed as confirmed instead.
/// </summary>
public sealed class QualityWarningTests : IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Bình Thuận's Internet subscriptions 2010..2021 growing ~9 % a year; 2016 (line 8) typed in thousands × 1000.</summary>
    private static string[] Rows(string? confirmed = null) =>
    [
        .. Enumerable.Range(2010, 12).Select((year, i) =>
        {
            var value = Math.Round(40_000 * Math.Pow(1.09, i)) * (year == 2016 ? 1000 : 1);
            var text = $"60,internet-subscribers,{year},,actual,{value},subscriptions,report.txt,{value}";
            return confirmed is null ? text : text + "," + (year == 2016 ? confirmed : "");
        }),
    ];

    [Fact]
    public async Task A_figure_a_thousand_times_its_series_is_a_warning_with_its_line_and_the_file_still_validates()
    {
        var file = _files.Csv("subscribers.csv", Rows());

        var result = await CliRun.RunAsync("validate", "--file", file);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"quality warning: {file} line 8, internet-subscribers 2016: unit-slip:", result.Error);
        Assert.Contains("×1,000", result.Error);
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith("quality warning:", StringComparison.Ordinal) && !l.Contains("line 8,"));
        Assert.Contains("12 rows, 12 observations", result.Out);
    }

    [Fact]
    public async Task A_row_that_confirms_its_figure_is_listed_as_confirmed_not_warned_about()
    {
        var file = _files.Write("confirmed.csv",
            string.Join('\n', ["province,indicator,year,quarter,kind,value,unit,source,quote,confirmed", .. Rows("a new industrial park opened")]) + "\n");

        var result = await CliRun.RunAsync("validate", "--file", file);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.DoesNotContain("quality warning", result.Error);
        Assert.Contains($"{file} line 8, internet-subscribers 2016: unit-slip:", result.Out);
        Assert.Contains("confirmed: a new industrial park opened", result.Out);
    }
}
