using Microsoft.Playwright;

namespace RealName.Pages.Tests.Infrastructure;

/// <summary>
/// One in-process RealName node (sandbox, fake clock) and one headless Debian Chromium driven by
/// Playwright, shared by a spec class; every test opens its own browser context (fresh cookies).
/// Playwright never downloads a browser here: it launches <c>/usr/bin/chromium</c>
/// (<c>REALNAME_CHROMIUM</c> overrides), which the test command installs.
/// </summary>
public sealed class PagesFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>The flags a root, offline, GPU-less machine needs (see the machine notes): no sandbox, no calls home.</summary>
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--lang=zh-CN",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The platform's origin in these specs: sessions may name a <c>returnUrl</c> under it (specs answer the browser's requests to it themselves, never the network).</summary>
    public const string PlatformOrigin = "https://console.example.com";

    private RealNameNode? _node;

    public RealNameNode Node => _node ?? throw new InvalidOperationException("The node is not running.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not running.");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = Environment.GetEnvironmentVariable("REALNAME_CHROMIUM") ?? DefaultChromium;
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"No Chromium at {chromium}: install Debian's chromium and chromium-driver (./test.sh does).");
        _node = await RealNameNode.StartAsync(new Dictionary<string, string?> { ["RealName:AllowedReturnOrigins:0"] = PlatformOrigin });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumFlags,
        });
        // A shared 2-core machine runs other suites too: give the page time to answer.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_node is not null)
            await _node.DisposeAsync();
    }

    /// <summary>
    /// A fresh browser context (its own cookies) at a desktop size, with a page. <paramref name="locale"/>
    /// is what the browser reports as its languages and sends as <c>Accept-Language</c>.
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1000, Height = 860 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A URL the node handed out, on the address Kestrel really bound: test nodes are configured with
    /// port 0, so their session and scan URLs name port 0.
    /// </summary>
    public string Reachable(string url) => new Uri(Node.BaseAddress, new Uri(url).PathAndQuery).ToString();
}
