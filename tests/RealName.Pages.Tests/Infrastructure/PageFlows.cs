using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using RealName.Host.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests.Infrastructure;

/// <summary>The steps a person takes on the hosted page, as used by several specs.</summary>
public static class PageFlows
{
    /// <summary>The platform opens a session (API key) and sends its user to <c>session.url</c>; the page's first step shows.</summary>
    public static async Task<(string SessionId, IPage Page)> OpenSessionPageAsync(this PagesFixture fixture, string accountId, string method = "face")
    {
        var created = await fixture.Node.CreateSessionAsync(accountId, method: method);
        created.AssertStatus(HttpStatusCode.Created);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Reachable(created.Str("url")!));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();
        return (created.Str("id")!, page);
    }

    /// <summary>Fills the face method's form and submits it; returns the scan URL the page's call received (the QR's text).</summary>
    public static async Task<string> SubmitFaceDetailsAsync(this PagesFixture fixture, IPage page, string idNumber, Screenshots? shots = null)
    {
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync(TestData.Name);
        await page.GetByLabel("身份证号码", new() { Exact = true }).FillAsync(idNumber);
        if (shots is not null)
            await shots.TakeAsync(page, "details");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync(),
            r => r.Url.EndsWith("/identity", StringComparison.Ordinal));
        return fixture.Reachable(await ScanUrlOf(answer));
    }

    /// <summary>The scan URL in a page call's answer that issued a QR (identity or refresh).</summary>
    public static async Task<string> ScanUrlOf(IResponse response)
    {
        Assert.True(response.Ok, $"{response.Status} {await response.TextAsync()}");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("qr").GetProperty("scanUrl").GetString()!;
    }

    public static async Task ExpectQrCountdownAsync(IPage page)
    {
        await Expect(page.Locator("#qr-image")).ToBeVisibleAsync();
        await Expect(page.Locator("#qr-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"二维码 \d+ 秒后过期"));
    }
}
