using System.Diagnostics;

namespace Fathom.Reports;

/// <summary>
/// The report as PDF: the self-contained HTML export printed by headless Chromium, so that the PDF
/// looks like the page and keeps its links (citations jump to their references).
/// </summary>
public sealed class PdfExport(string? chromiumPath = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(90);

    /// <summary>Prints the document to PDF bytes.</summary>
    /// <exception cref="ReportExportException">No Chromium is found, or it fails or takes too long.</exception>
    public async Task<byte[]> WriteAsync(ReportDocument document, CancellationToken cancellationToken)
    {
        string browser;
        try
        {
            browser = ChromiumLocator.Find(chromiumPath)
                ?? throw new ReportExportException($"PDF export needs Chromium, and none is on PATH. Install it (apt-get install chromium), set {ChromiumLocator.Variable}, or name it with --chromium PATH.");
        }
        catch (FileNotFoundException ex)
        {
            throw new ReportExportException(ex.Message, ex);
        }

        var work = Directory.CreateTempSubdirectory("fathom-pdf-");
        try
        {
            var html = Path.Combine(work.FullName, "report.html");
            var pdf = Path.Combine(work.FullName, "report.pdf");
            await File.WriteAllTextAsync(html, HtmlExport.Document(document), cancellationToken);
            await PrintAsync(browser, html, pdf, Path.Combine(work.FullName, "profile"), cancellationToken);
            return File.Exists(pdf) && new FileInfo(pdf).Length > 0
                ? await File.ReadAllBytesAsync(pdf, cancellationToken)
                : throw new ReportExportException($"Chromium ('{browser}') ended without writing a PDF.");
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser helper may still hold its profile open for a moment; the temp folder is left for the system to clear.
            }
        }
    }

    private async Task PrintAsync(string browser, string html, string pdf, string profile, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
            "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", $"--user-data-dir={profile}", $"--print-to-pdf={pdf}",
            new Uri(html).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new ReportExportException($"Could not start Chromium at '{browser}'.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ReportExportException($"Chromium took longer than {_timeout.TotalSeconds:0} s to print the PDF.");
        }

        if (process.ExitCode != 0)
        {
            var detail = (await errors).Trim();
            throw new ReportExportException($"Chromium failed to print the PDF (exit code {process.ExitCode}): {(detail.Length > 400 ? detail[^400..] : detail)}");
        }
    }
}
