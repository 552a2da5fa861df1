using Analytics.Cli.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary>The dispatch table: help, unknown commands and options, exit code 2 for a wrong command line.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var result = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("  import ", result.Out);
        Assert.Contains("  validate ", result.Out);
        Assert.Contains("Exit codes: 0 ok, 1 data errors, 2 usage errors, 3 cluster unreachable.", result.Out);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("validate")]
    public async Task Each_command_prints_its_usage(string command)
    {
        var result = await CliRun.RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith($"Usage: ./analytics {command} --file FILE.csv | --gso PATH", result.Out);
        Assert.Contains("--file FILE.csv", result.Out);
    }

    [Fact]
    public async Task No_arguments_print_the_usage_and_exit_2()
    {
        var result = await CliRun.RunAsync();

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Usage: ./analytics COMMAND", result.Error);
    }

    [Fact]
    public async Task An_unknown_command_is_named()
    {
        var result = await CliRun.RunAsync("improt", "--file", "x.csv");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("analytics: unknown command 'improt'", result.Error);
    }

    [Theory]
    [InlineData("--fiel", "unknown option '--fiel'")]
    [InlineData("--fiel=x.csv", "unknown option '--fiel'")]
    [InlineData("-f", "unknown option '-f'")]
    [InlineData("x.csv", "unexpected argument 'x.csv'")]
    public async Task An_unknown_option_is_named(string arg, string message)
    {
        var result = await CliRun.RunAsync("validate", arg);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"analytics validate: {message}", result.ErrorLines[0]);
        Assert.Equal("Run './analytics validate --help' for usage.", result.ErrorLines[1]);
    }

    [Fact]
    public async Task A_missing_value_a_missing_file_and_a_bad_number_are_usage_errors()
    {
        var noValue = await CliRun.RunAsync("import", "--file");
        var noFile = await CliRun.RunAsync("validate", "--file", "/no/such/file.csv");
        var nothing = await CliRun.RunAsync("validate");
        var badBatch = await CliRun.RunAsync("import", "--file", typeof(CommandLineTests).Assembly.Location, "--batch-size", "0");

        Assert.All([noValue, noFile, nothing, badBatch], r => Assert.Equal(ExitCodes.Usage, r.ExitCode));
        Assert.Contains("option --file needs a value (FILE.csv)", noValue.Error);
        Assert.Contains("--file /no/such/file.csv: no such file", noFile.Error);
        Assert.Contains("nothing to do: give --file FILE.csv or --gso DIR", nothing.Error);
        Assert.Contains("option --batch-size needs a positive whole number, not '0'", badBatch.Error);
    }
}
