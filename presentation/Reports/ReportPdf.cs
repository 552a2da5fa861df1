using Analytics.Presentation.Localization;
using Analytics.Presentation.Pdf;

namespace Analytics.Presentation.Reports;

/// <summary>
/// The reports as PDF: the very HTML of <see cref="ReportHtml"/> printed by headless Chromium, so the web page and
/// the printed report have one layout, and Chromium shapes and embeds the (Vietnamese-capable) fonts.
/// </summary>
public sealed class ReportPdf(ReportHtml html, ChromiumPdfPrinter printer)
{
    public const string ContentType = "application/pdf";

    public Task<byte[]> RenderAsync(ProvinceReport report, ReaderLocale locale, CancellationToken cancellationToken = default) =>
        printer.PrintAsync(html.Render(report, locale), cancellationToken);

    public Task<byte[]> RenderAsync(IndicatorReport report, ReaderLocale locale, CancellationToken cancellationToken = default) =>
        printer.PrintAsync(html.Render(report, locale), cancellationToken);
}
