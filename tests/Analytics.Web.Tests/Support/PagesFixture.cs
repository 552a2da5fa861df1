using Analytics.Presentation.Pdf;
using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Web.Tests.Support;

/// <summary>
/// One embedded cluster with every bundled file (seed reports and GSO tables), started as the API tests start it,
/// and one headless Chromium (Debian's, through Playwright's ExecutablePath: nothing is downloaded) for a test class.
/// </summary>
public sealed class PagesFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private IPlaywright? _playwright;

    public EmbeddedCluster Cluster { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Cluster.Http.BaseAddress!;

    /// <summary>Where the screenshots go: the repository's TestResults/ (test.sh's results directory).</summary>
    public string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var chromium = ChromiumPdfPrinter.Locate()
            ?? throw new InvalidOperationException("No Chromium found ($CHROMIUM_PATH or chromium on PATH). Run scripts/chromium.sh ensure.");
        Cluster = new EmbeddedCluster(_dir.Path, bundle: "all");
        var starting = Cluster.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Containers and CI often run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
        await starting;
        // The first forecast waits for the model's first training after the bundled data loaded (minutes on a busy
        // two-core machine): pay it here once, so that no page under test waits on it against a page timeout.
        await Poll.UntilAsync(async () =>
        {
            try { return (await Cluster.Http.GetAsync("/api/forecasts/60/internet-users-rate")).IsSuccessStatusCode; }
            catch (TaskCanceledException) { return false; } // one call outlived the client's timeout: ask again
        }, TimeSpan.FromMinutes(5), "a first forecast");
    }

    /// <summary>A fresh page (its own context: no cookies shared between tests) at a wide desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
        });
        // A busy two-core machine: the first forecast waits for the model, the first ranking for the leaderboards.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Cluster is not null) await Cluster.DisposeAsync();
        _dir.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
