using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Analytics.Cli.Tests.Support;
using Analytics.Tests.Support;

namespace Analytics.Cli.Tests;

/// <summary><c>./analytics report</c> against the real seeded cluster, and against a slow stand-in for the progress line.</summary>
public sealed class ReportCommandTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Uri Api => fixture.Cluster.Http.BaseAddress!;

    [Fact]
    public async Task A_province_report_is_written_as_the_pdf_asked_for()
    {
        var file = Path.Combine(_dir.Path, "binh-thuan-2025.pdf");

        var result = await CliRun.RunAsync(Api, ["report", "province", "60", "--year", "2025", "--format", "pdf", "--out", file]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(File.ReadAllBytes(file), 0, 5));
        Assert.StartsWith($"Wrote {file} (", result.Out);
    }

    [Fact]
    public async Task An_indicator_report_is_written_as_a_workbook()
    {
        var file = Path.Combine(_dir.Path, "internet.xlsx");

        var result = await CliRun.RunAsync(Api, ["report", "indicator", "internet-users-rate", "--format", "xlsx", "--lang", "en", "--out", file]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("PK", Encoding.ASCII.GetString(File.ReadAllBytes(file), 0, 2)); // a zip package
    }

    [Theory]
    [InlineData(new[] { "report" }, "say which report")]
    [InlineData(new[] { "report", "county", "60" }, "unknown report 'county'")]
    [InlineData(new[] { "report", "province", "60", "--format", "docx" }, "unknown format 'docx'")]
    [InlineData(new[] { "report", "province", "60", "--year", "soon" }, "--year must be a year")]
    public async Task Usage_mistakes_exit_2_naming_the_mistake(string[] args, string message)
    {
        var result = await CliRun.RunAsync(Api, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task What_the_API_refuses_is_reported_with_its_words()
    {
        var result = await CliRun.RunAsync(Api, ["report", "province", "nowhere", "--lang", "en", "--out", Path.Combine(_dir.Path, "x.pdf")]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("No province matches 'nowhere'", result.Error);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "x.pdf")));
    }

    [Fact]
    public async Task A_report_that_takes_more_than_a_second_says_so_on_stderr()
    {
        // The stand-in answers only once the command has said it is waiting: the test cannot pass without the line.
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new SignallingWriter(waiting);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var console = new CliConsole(output, error)
        {
            Environment = _ => null,
            RetryDelays = [],
            CreateHttpClient = address => new HttpClient(new HeldReport(waiting.Task)) { BaseAddress = address },
        };
        var file = Path.Combine(_dir.Path, "slow.pdf");

        var exit = await CommandLine.RunAsync(["report", "province", "60", "--api", "http://stub.invalid/", "--lang", "en", "--out", file], console)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("preparing the province 60 report (pdf) on the cluster", error.ToString());
        Assert.Equal("%PDF-stub", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_quick_report_prints_only_its_result()
    {
        var console = new CliConsole(new StringWriter(), new StringWriter())
        {
            Environment = _ => null,
            RetryDelays = [],
            CreateHttpClient = address => new HttpClient(new HeldReport(Task.CompletedTask)) { BaseAddress = address },
        };

        var exit = await CommandLine.RunAsync(["report", "province", "60", "--api", "http://stub.invalid/", "--out", Path.Combine(_dir.Path, "quick.pdf")], console);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", console.Error.ToString());
    }

    /// <summary>Answers a report request with a tiny "PDF" once <paramref name="release"/> completes.</summary>
    private sealed class HeldReport(Task release) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.StartsWith("/api/reports/province/60", request.RequestUri!.AbsolutePath);
            await release.WaitAsync(cancellationToken);
            var content = new ByteArrayContent("%PDF-stub"u8.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }

    /// <summary>A writer that completes <paramref name="written"/> at the first line written to it.</summary>
    private sealed class SignallingWriter(TaskCompletionSource written) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Task WriteLineAsync(string? value)
        {
            lock (this) base.WriteLine(value);
            written.TrySetResult();
            return Task.CompletedTask;
        }

        public override string ToString()
        {
            lock (this) return base.ToString();
        }
    }
}
