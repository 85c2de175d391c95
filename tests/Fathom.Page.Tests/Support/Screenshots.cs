using Microsoft.Playwright;

namespace Fathom.Page.Tests.Support;

/// <summary>
/// Screenshots of the page's main states at desktop and phone widths, written to
/// <c>tests/Fathom.Page.Tests/screenshots/</c> (git-ignored) so that a person can look at them.
/// </summary>
internal static class Screenshots
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static string Folder { get; } = FindFolder();

    /// <summary>Takes the page at both widths, full length, and leaves it at desktop width.</summary>
    public static async Task TakeAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }

    /// <summary>The viewport only, as it is (for states that hover or focus).</summary>
    public static Task TakeViewportAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}.png") });

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "tests", "Fathom.Page.Tests", "screenshots")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fathom-page-screenshots")).FullName;
    }
}
