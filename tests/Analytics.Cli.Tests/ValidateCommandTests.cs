using Analytics.Cli.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary><c>./analytics validate</c>: the import checks, offline, against the bundled catalog in data/.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly InputFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Reports_every_bad_row_with_file_line_and_reason_and_exits_1()
    {
        var file = _files.Csv("report.csv",
            "60,internet-users-rate,2019,,actual,59,%,r.txt,59",   // line 2: fine
            "Atlantis,internet-users-rate,2019,,actual,59,%,r.txt,59",
            "60,internet-users-rate,2020,,actual,\"86,2\",%,r.txt,86",
            "60,internet-users-rate,2021,,actual,140,%,r.txt,140",
            "60,internet-users-rate,3000,,actual,59,%,r.txt,59");

        var result = await CliRun.RunAsync("validate", "--file", file);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Equal(
            [
                $"{file} line 3, province: unknown province 'Atlantis'",
                $"{file} line 4, value: value '86,2' is not a number (use '.' as the decimal mark and no thousands separators)",
                $"{file} line 5, value: value 140 is outside 0..100 for internet-users-rate",
                $"{file} line 6, year: year 3000 is outside 1990..2100",
            ],
            result.ErrorLines[..4]);
        Assert.Contains("4 problems", result.Error);
        Assert.Contains("nothing from it would be imported", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_good_file_exits_0_and_says_how_much_it_would_load()
    {
        var file = _files.Csv("good.csv",
            "60,internet-users-rate,2019,,actual,59,%,r.txt,59",
            "Bình Thuận,internet-users-rate,2019,,actual,59,%,r.txt,59", // the same figure again: counted once
            "Binh Thuan,internet-users-rate,2025,,target,80,%,r.txt,80");

        var result = await CliRun.RunAsync("validate", "--file", file);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"{file}: 3 rows, 2 observations (1 identical repeated row counted once); no problems.", result.Out);
    }

    [Fact]
    public async Task Every_bundled_seed_file_is_valid()
    {
        var seeds = Directory.GetFiles(Path.Combine(Repo.Data, "seeds"), "*.csv").Order().ToArray();

        var result = await CliRun.RunAsync(["validate", .. seeds.SelectMany(s => new[] { "--file", s })]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains($"{seeds.Length} files:", result.Out);
    }

    [Fact]
    public async Task A_malformed_file_is_reported_at_its_line()
    {
        var file = _files.Write("short.csv", InputFiles.Header + "\n60,internet-users-rate,2019\n");

        var result = await CliRun.RunAsync("validate", "--file", file);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.StartsWith($"{file} line 2: 3 fields where the header has 9", result.Error);
    }

    [Fact]
    public async Task Indicators_known_only_to_a_cluster_are_unknown_offline_and_the_hint_says_so()
    {
        var file = _files.Csv("gso.csv", "60,gso-made-up-table,2019,,actual,1,,GSO,1");

        var result = await CliRun.RunAsync("validate", "--file", file);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Contains($"{file} line 2, indicator: unknown indicator 'gso-made-up-table'", result.Error);
        Assert.Contains("'import' checks against the cluster's catalog", result.Error);
    }

    [Fact]
    public async Task A_GSO_table_is_checked_offline_and_an_unknown_area_name_is_an_error()
    {
        _files.Write("Tables/Number of test kiosks by province.csv", """
            "Number of test kiosks by province by Cities, provincies and Year"

            "Cities, provincies";"2015";"2016"
            " WHOLE COUNTRY";20;22
            "Ha Noi";5;6
            "Atlantis";1;1
            """);

        var result = await CliRun.RunAsync("validate", "--gso", _files.Root);

        Assert.Equal(ExitCodes.DataErrors, result.ExitCode);
        Assert.Contains($"{Path.Combine(_files.Root, "Tables/Number of test kiosks by province.csv")}, province: unknown province 'Atlantis'", result.Error);
    }

    [Fact]
    public async Task A_GSO_table_without_a_Vietnamese_title_is_named_and_a_known_one_is_not()
    {
        _files.Write("Tables/Number of test ferries by province.csv", """
            "Number of test ferries by province by Cities, provincies and Year"

            "Cities, provincies";"2015";"2016"
            "Ha Noi";5;6
            """);
        _files.Write("Tables/Average population by province.csv", """
            "Average population by province by Cities, provincies, Average population and Year"

            "Cities, provincies";"Total 2015";"Total 2016"
            "Ha Noi";7216.0;7328.4
            """);

        var result = await CliRun.RunAsync("validate", "--gso", _files.Root);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains("no Vietnamese name for 'Number of test ferries'", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ErrorLines, l => l.Contains("no Vietnamese name for 'Average population'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_data_folder_can_be_named_and_must_hold_the_catalog()
    {
        var file = _files.Csv("good.csv", "60,internet-users-rate,2019,,actual,59,%,r.txt,59");

        var named = await CliRun.RunAsync("validate", "--file", file, "--data", Repo.Data);
        var wrong = await CliRun.RunAsync("validate", "--file", file, "--data", _files.Root);

        Assert.Equal(ExitCodes.Ok, named.ExitCode);
        Assert.Equal(ExitCodes.Usage, wrong.ExitCode);
        Assert.Contains($"--data {_files.Root}: no provinces.csv, provinces_2025.csv and indicators.csv there", wrong.Error);
    }

    [Fact]
    public async Task A_figure_for_a_merged_province_after_its_end_is_refused_naming_the_successor_and_a_geography_places_an_ambiguous_code()
    {
        var merged = _files.Csv("merged.csv", "60,internet-users-rate,2026,,actual,59,%,r.txt,59");
        var placed = _files.Write("placed.csv", "province,indicator,year,quarter,kind,value,unit,source,quote,geography\n" +
                                              "68,internet-users-rate,2025,,target,80,%,r.txt,80,vn-34\n68,dti-score,2024,,actual,0.5,score,r.txt,0.5,\n");

        var refused = await CliRun.RunAsync("validate", "--file", merged);
        var accepted = await CliRun.RunAsync("validate", "--file", placed);

        Assert.Equal(ExitCodes.DataErrors, refused.ExitCode);
        Assert.Contains("province: Bình Thuận (60) was merged into Lâm Đồng (68) on 2025-07-01; send figures from 2026 for Lâm Đồng", refused.Error);
        Assert.True(accepted.ExitCode == ExitCodes.Ok, accepted.Error); // dti-score: data/ict/indicators.csv is read too
    }
}
