using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests.Infrastructure;

/// <summary>The steps a person takes on the hosted page, as used by several specs.</summary>
public static class PageFlows
{
    /// <summary>
    /// A new user: an account no group account is linked to (the sandbox directory's <c>_nolink</c>),
    /// so the page offers no one-click sync and opens on the methods.
    /// </summary>
    public static string NewUser(string prefix) => TestData.Account(prefix) + "_nolink";

    /// <summary>An existing user: the sandbox links any other account <c>X</c> to the verified group account <c>jd_X</c> (李四).</summary>
    public static string ExistingUser(string prefix) => TestData.Account(prefix);

    /// <summary>The platform opens a session (API key) and sends its user to <c>session.url</c>; the page's first step shows.</summary>
    public static async Task<(string SessionId, IPage Page)> OpenSessionPageAsync(this PagesFixture fixture, string accountId, string method = "face")
    {
        var (sessionId, page) = await fixture.OpenPageAsync(accountId, method);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();
        return (sessionId, page);
    }

    /// <summary>
    /// Opens a session's page in a browser of the given locale and waits for the page's read of the
    /// account record (the one-click sync detection), so what follows sees the popup or its absence.
    /// </summary>
    public static async Task<(string SessionId, IPage Page)> OpenPageAsync(this PagesFixture fixture, string accountId, string method = "face",
        string locale = "zh-CN", string? returnUrl = null, Func<IPage, Task>? beforeOpen = null)
    {
        var created = returnUrl is null
            ? await fixture.Node.CreateSessionAsync(accountId, method: method)
            : await fixture.Node.PostJsonAsync("/v1/sessions", RealNameNode.Json(new() { ["accountId"] = accountId, ["method"] = method, ["returnUrl"] = returnUrl }));
        created.AssertStatus(HttpStatusCode.Created);
        var page = await fixture.NewPageAsync(locale);
        if (beforeOpen is not null)
            await beforeOpen(page);
        await page.RunAndWaitForResponseAsync(() => page.GotoAsync(fixture.Reachable(created.Str("url")!)),
            r => r.Url.EndsWith("/account", StringComparison.Ordinal));
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

    /// <summary>Another account holds the identity; this page submits it and gets 409 with the seed's three paths.</summary>
    public static async Task<(string SessionId, IPage Page, string IdNumber)> RefusedAsAlreadyUsedAsync(this PagesFixture fixture, string prefix, Screenshots shots)
    {
        var idNumber = TestData.IdNumber();
        await fixture.Node.VerifyAccountAsync(TestData.Account("page_owner"), idNumber);
        var (sessionId, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser(prefix));
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync(TestData.Name);
        await page.GetByLabel("身份证号码", new() { Exact = true }).FillAsync(idNumber);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync(),
            r => r.Url.EndsWith("/identity", StringComparison.Ordinal));
        Assert.Equal(409, answer.Status);

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("该身份证已认证其他账号（acc_");
        var next = page.Locator("#next-steps");
        await Expect(next.GetByRole(AriaRole.Button, new() { Name = "申诉找回" })).ToBeVisibleAsync();
        await Expect(next.GetByRole(AriaRole.Button, new() { Name = "关联已实名账号" })).ToBeVisibleAsync();
        await Expect(next.GetByRole(AriaRole.Button, new() { Name = "进行企业认证" })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "id-already-used");
        return (sessionId, page, idNumber);
    }

    public static async Task ExpectQrCountdownAsync(IPage page)
    {
        await Expect(page.Locator("#qr-image")).ToBeVisibleAsync();
        await Expect(page.Locator("#qr-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"二维码 \d+ 秒后过期"));
    }
}
