using System.Diagnostics;
using Analytics.Presentation.Pdf;

namespace Analytics.Tests.Support;

/// <summary>The real Chromium and poppler the reports are printed and read back with (scripts/chromium.sh ensure installs both).</summary>
public static class Chromium
{
    /// <summary>Where test artefacts go: TestResults/ at the repository root (ignored by git).</summary>
    public static string Results { get; } = Directory.CreateDirectory(Path.Combine(Repo.Root, "TestResults")).FullName;

    /// <summary>The text of a PDF as pdftotext reads it, in composed Unicode (as the tests' strings are).</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var (code, output, error) = await RunAsync("pdftotext", ["-enc", "UTF-8", file, "-"], TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"pdftotext failed (scripts/chromium.sh ensure installs poppler-utils): {error}");
            return output.Normalize(System.Text.NormalizationForm.FormC);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Renders an HTML file in headless Chromium at A4 width and saves a PNG screenshot of it.</summary>
    public static async Task ScreenshotAsync(string htmlFile, string pngFile)
    {
        var chromium = ChromiumPdfPrinter.Locate();
        Assert.True(chromium is not null, "Chromium is missing: run scripts/chromium.sh ensure");
        var profile = Directory.CreateTempSubdirectory("report-shot-");
        try
        {
            File.Delete(pngFile);
            var (code, _, error) = await RunAsync(chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + profile.FullName, "--window-size=1100,2600", "--screenshot=" + pngFile, new Uri(htmlFile).AbsoluteUri,
            ], TimeSpan.FromMinutes(3), profile.FullName);
            Assert.True(code == 0 && File.Exists(pngFile), $"Chromium did not take the screenshot (exit {code}): {error}");
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout, string? home = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (home is not null) start.Environment["HOME"] = home;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
