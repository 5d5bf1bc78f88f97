using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RealName.Pages.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests;

/// <summary>
/// The seeds' journeys around the steps (issue 19), in Chromium: the one-click sync popup for an
/// existing user and none for a new user, the paths after "ID already used", the return to the platform.
/// </summary>
public sealed class SeedJourneySpecs(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private RealNameNode Node => fixture.Node;

    private static ILocator Popup(IPage page) => page.GetByRole(AriaRole.Dialog, new() { Name = "一键同步实名信息" });

    [Fact]
    public async Task Should_pop_up_one_click_sync_for_an_existing_user_and_verify_the_account_with_authorize_now()
    {
        var shots = new Screenshots("p4-sync-offer", documented: true);
        var account = PageFlows.ExistingUser("page_p4");
        var (sessionId, page) = await fixture.OpenPageAsync(account);

        var popup = Popup(page);
        await Expect(popup).ToBeVisibleAsync();
        await Expect(popup).ToContainTextAsync("（*四）");
        await shots.TakeAsync(page, "popup");
        await popup.GetByRole(AriaRole.Button, new() { Name = "立即授权" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        await Expect(page.Locator("#result-details")).ToContainTextAsync("一键同步集团实名");
        await Expect(page.Locator("#result-details")).ToContainTextAsync("*四");
        await shots.TakeAsync(page, "result");
        var record = await Node.GetAccountVerificationAsync(account);
        Assert.Equal("verified", record.Str("status"));
        Assert.Equal("group_sync", record.Str("method"));
        // The platform opened a face session; the one-click sync replaced it for the same account.
        Assert.Equal("canceled", (await Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_take_an_existing_user_who_says_not_now_to_the_methods_for_manual_verification()
    {
        var shots = new Screenshots("p4-not-now", documented: true);
        var (sessionId, page) = await fixture.OpenPageAsync(PageFlows.ExistingUser("page_p4_manual"));
        var popup = Popup(page);
        await Expect(popup).ToBeVisibleAsync();

        await popup.GetByRole(AriaRole.Button, new() { Name = "暂不授权，手动认证" }).ClickAsync();

        await Expect(popup).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("刷脸认证")).ToBeCheckedAsync();
        await shots.TakeAsync(page, "methods");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await fixture.SubmitFaceDetailsAsync(page, TestData.IdNumber());
        await PageFlows.ExpectQrCountdownAsync(page);
        Assert.Equal("awaiting_scan", (await Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_offer_no_one_click_sync_to_a_new_user()
    {
        var (_, page) = await fixture.OpenPageAsync(PageFlows.NewUser("page_p4_new"));

        await Expect(page.Locator("#sync-offer")).ToHaveAttributeAsync("data-detected", "none");
        await Expect(Popup(page)).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Should_file_an_appeal_on_the_page_after_id_already_used()
    {
        var shots = new Screenshots("p6-appeal", documented: true);
        var (sessionId, page, idNumber) = await fixture.RefusedAsAlreadyUsedAsync("page_appeal", shots);
        var account = (await Node.GetSessionAsync(sessionId)).Str("accountId");

        await page.GetByRole(AriaRole.Button, new() { Name = "申诉找回" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "申诉找回实名身份" })).ToBeVisibleAsync();
        await Expect(page.Locator("#a-idNumber")).ToHaveValueAsync(idNumber);
        await Expect(page.Locator("#a-name")).ToHaveValueAsync(TestData.Name);
        await page.GetByLabel("联系方式（手机号或邮箱）").FillAsync("appellant@example.com");
        await page.GetByLabel("申诉理由").FillAsync("本人从未用此身份证在其他账号实名认证。");
        await shots.TakeAsync(page, "form");
        var filed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync(),
            r => r.Url.EndsWith("/appeals", StringComparison.Ordinal));
        Assert.Equal(201, filed.Status);

        var done = page.Locator("#appeal-done");
        await Expect(done).ToContainTextAsync(new Regex(@"申诉已提交（编号 ap_[a-z2-7]{20}），状态：待审核"));
        await shots.TakeAsync(page, "filed");
        var appealId = Regex.Match(await done.TextContentAsync() ?? "", "ap_[a-z2-7]{20}").Value;
        var appeal = await Node.SendAsync(HttpMethod.Get, $"/v1/appeals/{appealId}", null);
        appeal.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(idNumber);
        Assert.Equal(account, appeal.Str("accountId"));
        Assert.Equal("pending", appeal.Str("status"));

        // Filed, the person may still verify otherwise: no dead end here either.
        await page.GetByRole(AriaRole.Button, new() { Name = "返回认证" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "刷脸认证" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "关联已实名账号" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Should_associate_the_verified_group_account_after_id_already_used()
    {
        var shots = new Screenshots("p5-associate", documented: true);
        var (_, page, _) = await fixture.RefusedAsAlreadyUsedAsync("page_assoc", shots);

        await page.GetByRole(AriaRole.Button, new() { Name = "关联已实名账号" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "关联已实名账号" })).ToBeVisibleAsync();
        await page.GetByLabel("已实名的集团账号").FillAsync("jd_" + Guid.NewGuid().ToString("N")[..10]);
        await shots.TakeAsync(page, "group-account");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "输入短信验证码" })).ToBeVisibleAsync();
        await Expect(page.Locator("#code-sent")).ToContainTextAsync("138****8000");
        await page.GetByLabel("短信验证码", new() { Exact = true }).FillAsync(Node.LastSmsCode(RealName.Actors.Providers.SandboxGroupDirectory.Phone));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        await Expect(page.Locator("#result-details")).ToContainTextAsync("关联已实名账号");
        await shots.TakeAsync(page, "result");
    }

    [Fact]
    public async Task Should_lead_to_enterprise_verification_after_id_already_used()
    {
        var shots = new Screenshots("e1-after-id-used", documented: true);
        var (oldId, page, _) = await fixture.RefusedAsAlreadyUsedAsync("page_ent", shots);
        var account = (await Node.GetSessionAsync(oldId)).Str("accountId");

        await page.GetByRole(AriaRole.Button, new() { Name = "进行企业认证" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("企业认证", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("法人刷脸认证")).ToBeCheckedAsync();
        await shots.TakeAsync(page, "enterprise-methods");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        await Expect(page.GetByLabel("企业名称")).ToBeVisibleAsync();
        var moved = await Node.GetSessionAsync(new Uri(page.Url).Segments[^1]);
        Assert.Equal(account, moved.Str("accountId"));
        Assert.Equal("legal_person_face", moved.Str("method"));
        Assert.Equal("enterprise", moved.Str("subject"));
    }

    [Fact]
    public async Task Should_send_the_browser_back_to_the_platforms_return_url_once_the_account_is_verified()
    {
        var shots = new Screenshots("return-to-platform", documented: true);
        var idNumber = TestData.IdNumber();
        // The platform's page, served to this browser by the spec (no network): the browser must land on it.
        const string returnUrl = PagesFixture.PlatformOrigin + "/account/verified?from=rn";
        var (sessionId, page) = await fixture.OpenPageAsync(PageFlows.NewUser("page_return"), returnUrl: returnUrl, beforeOpen: async p =>
        {
            await p.Context.RouteAsync(PagesFixture.PlatformOrigin + "/**", route => route.FulfillAsync(new()
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = "<!doctype html><title>Platform</title><h1>平台控制台</h1>",
            }));
            // The page's clock stands still until the spec moves it: the result stays on screen for its picture.
            // An installed clock runs until paused, and a pause behind it fails ("Cannot fast-forward to the past"):
            // installed a minute early, it cannot overtake the pause target however slowly the two calls travel.
            var now = DateTime.Now;
            await p.Clock.InstallAsync(new() { TimeDate = now.AddMinutes(-1) });
            await p.Clock.PauseAtAsync(now);
        });

        // The person finishes with the app while the page watches (here: the platform's API and the app's callbacks).
        var submitted = await Node.SubmitIdentityAsync(sessionId, TestData.Name, idNumber);
        var token = RealNameNode.TokenFrom(submitted.AssertStatus(HttpStatusCode.OK).Str("qr", "scanUrl")!);
        (await Node.ScanAsync(token, "app_return")).AssertStatus(HttpStatusCode.OK);
        (await Node.PostFaceResultAsync(token, passed: true)).AssertStatus(HttpStatusCode.OK);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        await Expect(page.Locator("#return-countdown")).ToHaveTextAsync("5 秒后自动返回平台");
        var expected = $"{PagesFixture.PlatformOrigin}/account/verified?from=rn&session={sessionId}&status=verified";
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "立即返回平台" })).ToHaveAttributeAsync("href", expected);
        await shots.TakeAsync(page, "result");

        await page.Clock.RunForAsync(5_000);
        await Expect(page).ToHaveURLAsync(expected);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "平台控制台" })).ToBeVisibleAsync();
    }
}
