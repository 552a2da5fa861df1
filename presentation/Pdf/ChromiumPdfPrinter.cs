using System.Diagnostics;
using System.Text;

namespace Analytics.Presentation.Pdf;

/// <summary>Chromium could not be found, or could not print.</summary>
public sealed class PdfPrintException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Prints an HTML document to PDF with headless Chromium: the HTML goes to a temporary file, Chromium prints it
/// with <c>--print-to-pdf</c> (page size and margins from the document's <c>@page</c> rule, no browser header or
/// footer), and the PDF bytes come back. Fonts are the system's (scripts/chromium.sh installs Noto and DejaVu,
/// which cover Vietnamese) and are embedded by Chromium. Each print is its own short-lived process with its own
/// profile folder, so prints never share state; <paramref name="maxConcurrentPrints"/> bounds how many run at once
/// (each Chromium takes a few hundred MB).
/// </summary>
public sealed class ChromiumPdfPrinter(string? executablePath = null, TimeSpan? timeout = null, int maxConcurrentPrints = 2)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConcurrentPrints));

    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(90);

    /// <summary>The Chromium this printer runs: the given path, $CHROMIUM_PATH, or chromium/chromium-browser/google-chrome on PATH.</summary>
    public string? ExecutablePath { get; } = executablePath ?? Locate();

    public bool IsAvailable => ExecutablePath is not null && File.Exists(ExecutablePath);

    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(configured)) return configured;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public async Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (!IsAvailable)
        {
            throw new PdfPrintException(ExecutablePath is null
                ? "Chromium is needed to print PDF and was not found (looked at $CHROMIUM_PATH, then chromium, chromium-browser and google-chrome on PATH). Install it with: scripts/chromium.sh ensure"
                : $"Chromium is needed to print PDF and {ExecutablePath} does not exist. Install it with: scripts/chromium.sh ensure");
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var work = Directory.CreateTempSubdirectory("analytics-pdf-");
        try
        {
            var input = Path.Combine(work.FullName, "document.html");
            var output = Path.Combine(work.FullName, "document.pdf");
            await File.WriteAllTextAsync(input, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);

            var start = new ProcessStartInfo(ExecutablePath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--mute-audio",
                "--user-data-dir=" + Path.Combine(work.FullName, "profile"),
                "--no-pdf-header-footer", "--print-to-pdf=" + output,
                new Uri(input).AbsoluteUri,
            }) start.ArgumentList.Add(argument);
            // Chromium writes caches and crash dumps under HOME; keep them in the throwaway folder.
            start.Environment["HOME"] = work.FullName;

            using var process = new Process { StartInfo = start };
            var log = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
            try
            {
                process.Start();
            }
            catch (Exception e)
            {
                throw new PdfPrintException($"Could not start Chromium at {ExecutablePath}: {e.Message}", e);
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                cancellationToken.ThrowIfCancellationRequested();
                throw new PdfPrintException($"Chromium did not print the PDF within {Timeout.TotalSeconds:0} s.{Tail(log)}");
            }

            var pdf = File.Exists(output) ? await File.ReadAllBytesAsync(output, CancellationToken.None).ConfigureAwait(false) : [];
            if (pdf.Length < 5 || !pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
                throw new PdfPrintException($"Chromium exited with code {process.ExitCode} without writing a PDF.{Tail(log)}");
            return pdf;
        }
        finally
        {
            _slots.Release();
            try { work.Delete(recursive: true); } catch (IOException) { /* a late child may hold a file; the temp folder is cleaned by the OS */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string Tail(StringBuilder log)
    {
        string text;
        lock (log) text = log.ToString().Trim();
        if (text.Length == 0) return "";
        return " Chromium said: " + (text.Length > 1500 ? "…" + text[^1500..] : text);
    }
}
