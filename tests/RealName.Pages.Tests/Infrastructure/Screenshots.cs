using Microsoft.Playwright;

namespace RealName.Pages.Tests.Infrastructure;

/// <summary>
/// Saves a full-page screenshot of each step as a test artifact under
/// <c>artifacts/screenshots/</c> of the repository (created on first use), named scenario-step.
/// </summary>
public sealed class Screenshots(string scenario)
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RealName.sln")))
            dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    private int _step;

    public async Task<string> TakeAsync(IPage page, string step)
    {
        var path = Path.Combine(Folder.Value, $"{scenario}-{++_step:D2}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0, $"The screenshot {path} is empty.");
        return path;
    }
}
