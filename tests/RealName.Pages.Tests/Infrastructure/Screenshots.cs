using Microsoft.Playwright;

namespace RealName.Pages.Tests.Infrastructure;

/// <summary>
/// Saves a full-page screenshot of each step as a test artifact under
/// <c>artifacts/screenshots/</c> of the repository (created on first use), named scenario-step.
/// A journey the README shows (<paramref name="documented"/>) is also saved to <c>docs/screenshots/</c>
/// when <c>REALNAME_DOC_SCREENSHOTS=1</c>: the committed pictures are refreshed on purpose, not by every run.
/// </summary>
public sealed class Screenshots(string scenario, bool documented = false)
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealName.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    });

    private static readonly Lazy<string> Folder = new(() => Directory.CreateDirectory(Path.Combine(Root.Value, "artifacts", "screenshots")).FullName);

    private static bool RefreshDocs => Environment.GetEnvironmentVariable("REALNAME_DOC_SCREENSHOTS") == "1";

    private int _step;

    public async Task<string> TakeAsync(IPage page, string step)
    {
        var path = Path.Combine(Folder.Value, $"{scenario}-{++_step:D2}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0, $"The screenshot {path} is empty.");
        if (documented && RefreshDocs)
            File.Copy(path, Path.Combine(Root.Value, "docs", "screenshots", Path.GetFileName(path)), overwrite: true);
        return path;
    }
}
