using System.Diagnostics;
using Analytics.Presentation.Pdf;

namespace Analytics.Presentation.Tests;

public sealed class PdfSpecs
{
    private const string Html = """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><title>Báo cáo</title>
        <style>@page { size: A4; margin: 18mm } body { font-family: "Noto Sans", "DejaVu Sans", sans-serif }</style></head>
        <body><h1>Báo cáo tỉnh</h1><p>Bình Thuận, Lâm Đồng, Thừa Thiên Huế: 86,2%</p></body></html>
        """;

    [Fact]
    public async Task Vietnamese_text_printed_to_pdf_reads_back_with_its_diacritics()
    {
        var printer = new ChromiumPdfPrinter(timeout: TimeSpan.FromMinutes(3));
        Assert.True(printer.IsAvailable, "Chromium is missing: run scripts/chromium.sh ensure");
        var pdf = await printer.PrintAsync(Html);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));

        var text = await Poppler("pdftotext", pdf, "-enc", "UTF-8");
        Assert.Contains("Bình Thuận", text);
        Assert.Contains("Lâm Đồng", text);
        Assert.Contains("Thừa Thiên Huế", text);
        Assert.Contains("86,2%", text);

        // Fonts travel with the file, so the PDF reads the same on a machine without them.
        var fonts = (await Poppler("pdffonts", pdf)).Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line => Assert.Matches(@"\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line));
    }

    [Fact]
    public async Task A_missing_chromium_is_a_clear_error()
    {
        var printer = new ChromiumPdfPrinter(executablePath: "/nonexistent/chromium");
        Assert.False(printer.IsAvailable);
        var error = await Assert.ThrowsAsync<PdfPrintException>(() => printer.PrintAsync(Html));
        Assert.Contains("scripts/chromium.sh ensure", error.Message);
        Assert.Contains("/nonexistent/chromium", error.Message);
    }

    [Fact]
    public async Task A_print_that_outlasts_its_timeout_is_stopped_with_an_error()
    {
        // A stand-in for a Chromium that hangs: the printer must kill it and say so.
        var hanging = Path.Combine(Path.GetTempPath(), $"hanging-chromium-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(hanging, "#!/bin/sh\nexec sleep 600\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hanging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var printer = new ChromiumPdfPrinter(executablePath: hanging, timeout: TimeSpan.FromSeconds(1));
            var stopwatch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<PdfPrintException>(() => printer.PrintAsync(Html));
            Assert.Contains("did not print the PDF within 1 s", error.Message);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
        }
        finally
        {
            File.Delete(hanging);
        }
    }

    [Fact]
    public async Task A_chromium_that_exits_without_a_pdf_is_an_error_with_its_output()
    {
        var printer = new ChromiumPdfPrinter(executablePath: "/bin/false");
        var error = await Assert.ThrowsAsync<PdfPrintException>(() => printer.PrintAsync(Html));
        Assert.Contains("exited with code 1 without writing a PDF", error.Message);
    }

    /// <summary>Runs a poppler-utils tool on the PDF and returns its standard output.</summary>
    private static async Task<string> Poppler(string tool, byte[] pdf, params string[] options)
    {
        var file = Path.Combine(Path.GetTempPath(), $"presentation-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in options) start.ArgumentList.Add(argument);
            start.ArgumentList.Add(file);
            if (tool == "pdftotext") start.ArgumentList.Add("-");
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.ExitCode == 0, $"{tool} failed (scripts/chromium.sh ensure installs poppler-utils): " + await process.StandardError.ReadToEndAsync());
            // pdftotext may decompose letters; compare in the composed form the test strings use.
            return (await output).Normalize(System.Text.NormalizationForm.FormC);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
