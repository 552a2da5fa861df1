using System.Net;
using System.Text.RegularExpressions;
using Analytics.Cli.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary><c>./analytics import</c> into a real embedded cluster that starts with the catalog and no figures.</summary>
public sealed class ImportCommandTests(CatalogClusterFixture fixture) : IClassFixture<CatalogClusterFixture>, IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    private Task<CliResult> ImportAsync(params string[] args) => CliRun.RunAsync(fixture.Api, ["import", .. args], key: fixture.Cluster.Keys.Admin);

    [Fact]
    public async Task A_good_file_lands_its_figures_and_counts_them()
    {
        var code = await fixture.DefineRateAsync(); // known to the cluster only: import checks against the cluster's catalog
        var file = _files.Csv("good.csv",
            $"60,{code},2019,,actual,59,%,report.txt,59",
            $"Bình Thuận,{code},2020,,estimate,62.5,%,report.txt,\"62,5\"",
            $"Binh Thuan,{code},2025,,target,80,%,report.txt,80",
            $"01,{code},2019,,actual,70,%,report.txt,70",
            $"Ha Noi,{code},2019,,actual,70,%,report.txt,70"); // the same figure twice: sent once

        var result = await ImportAsync("--file", file, "--batch-size", "2");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@$"^Imported {Regex.Escape(file)}: received 4, inserted 4, unchanged 0, revised 0 in \d+(\.\d)? s\.", result.Out);
        Assert.Equal([(2019, "actual", 59.0), (2020, "estimate", 62.5), (2025, "target", 80.0)], await fixture.SeriesAsync("60", code));
        Assert.Equal([(2019, "actual", 70.0)], await fixture.SeriesAsync("01", code));

        var again = await ImportAsync("--file", file);
        Assert.Contains("received 4, inserted 0, unchanged 4, revised 0", again.Out);
    }

    [Fact]
    public async Task A_file_with_one_bad_row_sends_nothing_and_exits_1()
    {
        var code = await fixture.DefineRateAsync();
        var first = _files.Csv("first.csv", $"60,{code},2019,,actual,59,%,report.txt,59");
        Assert.Equal(ExitCodes.Ok, (await ImportAsync("--file", first)).ExitCode);
        var file = _files.Csv("corrections.csv",
            $"60,{code},2019,,actual,61,%,report.txt,61",      // would revise 59
            $"60,{code},2020,,actual,63,%,report.txt,63",      // would insert
            $"60,{code},2021,,actual,140,%,report.txt,140");   // line 4: outside 0..100

        var result = await ImportAsync("--file", file);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Equal($"{file} line 4, value: value 140 is outside 0..100 for {code}", result.ErrorLines[0]);
        Assert.Contains("nothing was sent to the cluster", result.Error);
        Assert.Equal("", result.Out);
        Assert.Equal([(2019, "actual", 59.0)], await fixture.SeriesAsync("60", code));
    }

    [Fact]
    public async Task A_GSO_folder_defines_its_indicator_and_lands_its_figures()
    {
        var tag = "t" + Guid.NewGuid().ToString("n")[..8];
        _files.Write($"Culture/Number of cli {tag} libraries by province.csv", $"""
            "Number of cli {tag} libraries by province by Cities, provincies and Year"

            "Cities, provincies";"2015";"2016";"Prel. 2017"
            " WHOLE COUNTRY";100;110;120
            "Red River Delta";10;11;12
            "Ha Noi";5;6;7
            "Binh Thuan";1;..;3
            """);
        var code = $"gso-number-of-cli-{tag}-libraries";

        var result = await ImportAsync("--gso", _files.Root);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"Defined 1 indicator: {code}", result.Out);
        Assert.Contains("Imported ", result.Out);
        Assert.Contains("received 5, inserted 5, unchanged 0, revised 0", result.Out);
        Assert.Equal([(2015, "actual", 5.0), (2016, "actual", 6.0), (2017, "estimate", 7.0)], await fixture.SeriesAsync("01", code));
        Assert.Equal([(2015, "actual", 1.0), (2017, "estimate", 3.0)], await fixture.SeriesAsync("60", code));

        var again = await ImportAsync("--gso", _files.Root);
        Assert.DoesNotContain("Defined", again.Out);
        Assert.Contains("received 5, inserted 0, unchanged 5, revised 0", again.Out);
    }

    [Fact]
    public async Task A_GSO_table_with_an_unknown_area_defines_nothing_and_sends_nothing()
    {
        var tag = "t" + Guid.NewGuid().ToString("n")[..8];
        var table = _files.Write($"Number of cli {tag} kiosks by province.csv", $"""
            "Number of cli {tag} kiosks by province by Cities, provincies and Year"

            "Cities, provincies";"2015";"2016"
            "Ha Noi";5;6
            "Atlantis";1;1
            """);

        var result = await ImportAsync("--gso", table);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Contains($"{table}, province: unknown province 'Atlantis'", result.ErrorLines);
        // A table the GSO title map does not know is named too: its indicator would have no Vietnamese name.
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains($"no Vietnamese name for 'Number of cli {tag} kiosks'", StringComparison.Ordinal));
        Assert.Null(await fixture.SeriesAsync("01", $"gso-number-of-cli-{tag}-kiosks"));
    }
}
