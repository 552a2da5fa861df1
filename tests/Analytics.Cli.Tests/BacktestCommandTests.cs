using Analytics.Cli.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>
/// <c>./analytics backtest</c> and <c>validate</c> on GSO tables the product had not seen: real exports from data/gso,
/// edited the way other exports differ (GSO's "moutain" typo in a region row, an "Unidentified" area row).
/// </summary>
public sealed class BacktestCommandTests : IDisposable
{
    private const string Paddy = "Agriculture, Forestry and Fishery/Production of paddy by province.csv";
    private const string Maize = "Agriculture, Forestry and Fishery/Planted area of maize by province.csv";

    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Real(string relative) =>
        File.ReadAllText(Path.Combine(Repo.Data, "gso", relative)).TrimStart('\uFEFF').Replace("\r\n", "\n");

    /// <summary>Both tables, the paddy one with the typo'd region and an "Unidentified" row; returns the folder and that row's line.</summary>
    private (string Folder, int UnidentifiedLine) UnseenTables(string? extraRow = null)
    {
        var paddy = Real(Paddy);
        Assert.Contains("\"Northern midlands and mountain areas\"", paddy);
        var columns = paddy.Split('\n')[2].Split(';').Length - 1;
        paddy = paddy.TrimEnd('\n').Replace("\"Northern midlands and mountain areas\"", "\"Northern midlands and moutain areas\"")
                + "\n\"Unidentified\"" + string.Concat(Enumerable.Repeat(";1.5", columns)) + "\n"
                + (extraRow is null ? "" : extraRow + string.Concat(Enumerable.Repeat(";2.5", columns)) + "\n");
        var line = Array.FindIndex(paddy.Split('\n'), l => l.StartsWith("\"Unidentified\"")) + 1;
        _files.Write(Path.Combine("unseen", Paddy), paddy);
        _files.Write(Path.Combine("unseen", Maize), Real(Maize));
        return (Path.Combine(_files.Root, "unseen"), line);
    }

    [Fact]
    public async Task Backtest_reads_tables_with_an_Unidentified_row_and_a_typo_region_warns_and_prints_the_robust_figures()
    {
        var (folder, line) = UnseenTables();

        var result = await CliRun.RunAsync("backtest", "--input", folder, "--horizons", "1-3");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"{Paddy}: line {line}: 'Unidentified' names no province", result.Error);
        Assert.Contains("'Northern midlands and moutain areas' read as the region 'Northern midlands and mountain areas'", result.Error);
        Assert.DoesNotContain("nothing was back-tested", result.Error);
        Assert.Contains("| method | relMAE (geo.) | OWA | MASE | vs naive | MSIS 95% | pinball | sMAPE % | coverage 80% | coverage 95% |", result.Out);
        Assert.Contains("| method | relMAE in-sample | relMAE leave-tables-out |", result.Out);
        Assert.Contains("leave-tables-out (2 tables in 2 folds", result.Out);
        Assert.Contains("MASE by horizon", result.Out);
        Assert.Contains("| method | h1 | h2 | h3 |", result.Out);
        Assert.Contains("| cut to 2 |", result.Out);
        Assert.Contains("none left out", result.Out);
    }

    [Fact]
    public async Task Validate_accepts_the_same_tables_with_warnings()
    {
        var (folder, line) = UnseenTables();

        var result = await CliRun.RunAsync("validate", "--gso", folder);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"line {line}: 'Unidentified' names no province", result.Error);
    }

    [Fact]
    public async Task A_row_that_looks_like_a_province_but_matches_none_is_still_refused()
    {
        var (folder, _) = UnseenTables(extraRow: "\"Ha Noii\"");

        var validate = await CliRun.RunAsync("validate", "--gso", folder);
        var backtest = await CliRun.RunAsync("backtest", "--input", folder);

        Assert.Equal(ExitCodes.DataErrors, validate.ExitCode);
        Assert.Contains("unknown province 'Ha Noii'", validate.Error);
        Assert.Equal(ExitCodes.DataErrors, backtest.ExitCode);
        Assert.Contains("unknown province 'Ha Noii'", backtest.Error);
        Assert.Contains("nothing was back-tested", backtest.Error);
    }
}
