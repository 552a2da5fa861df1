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

        var text = await PdfText(pdf);
        Assert.Contains("Bình Thuận", text);
        Assert.Contains("Lâm Đồng", text);
        Assert.Contains("Thừa Thiên Huế", text);
        Assert.Contains("86,2%", text);
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
        // /bin/sleep stands in for a Chromium that hangs: the printer must kill it and say so.
        var printer = new ChromiumPdfPrinter(executablePath: "/bin/sleep", timeout: TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<PdfPrintException>(() => printer.PrintAsync(Html));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60));
        Assert.True(error.Message.Contains("within") || error.Message.Contains("without writing"), error.Message);
    }

    private static async Task<string> PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"presentation-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-enc", "UTF-8", file, "-" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.ExitCode == 0, "pdftotext failed (scripts/chromium.sh ensure installs poppler-utils): " + await process.StandardError.ReadToEndAsync());
            // pdftotext may decompose letters; compare in the composed form the test strings use.
            return (await output).Normalize(System.Text.NormalizationForm.FormC);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
