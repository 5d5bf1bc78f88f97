using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RealName.Pages.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests;

/// <summary>The hosted PC page in a real Chromium, with the sandbox app stand-in in a second tab.</summary>
public sealed class VerifyPageSpecs(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private RealNameNode Node => fixture.Node;

    [Fact]
    public async Task Should_take_a_person_through_face_verification_with_the_app_stand_in_to_the_result_page()
    {
        var shots = new Screenshots("p1-face", documented: true);
        var account = PageFlows.NewUser("page_p1");
        var idNumber = TestData.IdNumber();
        var (sessionId, page) = await fixture.OpenSessionPageAsync(account);
        await Expect(page.GetByLabel("刷脸认证")).ToBeCheckedAsync();
        await shots.TakeAsync(page, "choose");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        var scanUrl = await fixture.SubmitFaceDetailsAsync(page, idNumber, shots);
        await PageFlows.ExpectQrCountdownAsync(page);
        await Expect(page.Locator("#qr-state")).ToHaveTextAsync("等待扫码");
        await shots.TakeAsync(page, "qr");

        var app = await page.Context.NewPageAsync();
        await app.GotoAsync(scanUrl);
        await Expect(app.Locator("#masked-name")).ToHaveTextAsync(TestData.MaskedName);
        await Expect(app.Locator("#masked-id")).ToHaveTextAsync(TestData.Masked(idNumber));
        await shots.TakeAsync(app, "app-confirm");

        await Expect(page.Locator("#qr-state")).ToHaveTextAsync("已扫码，请在手机上完成刷脸");
        await shots.TakeAsync(page, "scanned");

        await app.GetByRole(AriaRole.Button, new() { Name = "提交刷脸结果" }).ClickAsync();
        await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "刷脸通过，请回到电脑页面查看认证结果" })).ToBeVisibleAsync();
        await shots.TakeAsync(app, "app-done");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        var details = page.Locator("#result-details");
        await Expect(details).ToContainTextAsync(TestData.MaskedName);
        await Expect(details).ToContainTextAsync(TestData.Masked(idNumber));
        await Expect(details).ToContainTextAsync("刷脸认证");
        await Expect(details).ToContainTextAsync("已认证");
        await shots.TakeAsync(page, "result");
        Assert.DoesNotContain(idNumber, await page.ContentAsync());

        var session = await Node.GetSessionAsync(sessionId);
        Assert.Equal("verified", session.Str("status"));
        Assert.Equal("verified", (await Node.GetAccountVerificationAsync(account)).Str("status"));
    }

    [Fact]
    public async Task Should_refresh_an_expired_qr_code_from_the_page()
    {
        var shots = new Screenshots("qr-expired");
        var (sessionId, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_qr"));
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        var firstScanUrl = await fixture.SubmitFaceDetailsAsync(page, TestData.IdNumber());
        await PageFlows.ExpectQrCountdownAsync(page);

        Node.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var refresh = page.GetByRole(AriaRole.Button, new() { Name = "刷新二维码" });
        await Expect(refresh).ToBeVisibleAsync();
        await Expect(page.Locator("#qr-overlay")).ToHaveTextAsync("二维码已过期，请刷新二维码");
        await Expect(page.Locator("#qr-image")).ToBeHiddenAsync();
        await shots.TakeAsync(page, "expired");

        var refreshed = await page.RunAndWaitForResponseAsync(() => refresh.ClickAsync(), r => r.Url.EndsWith("/qr", StringComparison.Ordinal));
        var scanUrl = fixture.Reachable(await PageFlows.ScanUrlOf(refreshed));
        Assert.NotEqual(firstScanUrl, scanUrl);
        await PageFlows.ExpectQrCountdownAsync(page);
        await Expect(refresh).ToBeHiddenAsync();
        await shots.TakeAsync(page, "refreshed");

        (await Node.ScanAsync(RealNameNode.TokenFrom(firstScanUrl), "app_old")).AssertProblem(HttpStatusCode.NotFound, "qr_unknown");
        (await Node.ScanAsync(RealNameNode.TokenFrom(scanUrl), "app_new")).AssertStatus(HttpStatusCode.OK);
        await Expect(page.Locator("#qr-state")).ToHaveTextAsync("已扫码，请在手机上完成刷脸");
        Assert.Equal("scanned", (await Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_verify_a_mobile_number_with_the_code_from_the_sandbox_outbox()
    {
        var shots = new Screenshots("p2-mobile", documented: true);
        var phone = TestData.Phone();
        var (sessionId, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_p2"), method: "mobile");
        await Expect(page.GetByLabel("实名手机号认证")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync(TestData.Name);
        await page.GetByLabel("身份证号码", new() { Exact = true }).FillAsync(TestData.IdNumber());
        await page.GetByLabel("手机号码", new() { Exact = true }).FillAsync(phone);
        await shots.TakeAsync(page, "details");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "输入短信验证码" })).ToBeVisibleAsync();
        await Expect(page.Locator("#code-sent")).ToContainTextAsync(phone[^4..]);
        var resend = page.Locator("#code-resend");
        await Expect(resend).ToBeDisabledAsync();
        await Expect(resend).ToHaveTextAsync(new Regex(@"\d+ 秒后可重新获取"));
        await shots.TakeAsync(page, "code");

        var code = Node.LastSmsCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        var codeInput = page.GetByLabel("短信验证码", new() { Exact = true });
        await codeInput.FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).ClickAsync();
        await Expect(page.Locator("#f-code-error")).ToHaveTextAsync("验证码不正确。");
        await Expect(page.Locator("#code-attempts")).ToHaveTextAsync("还可尝试 4 次");
        await shots.TakeAsync(page, "wrong-code");

        await codeInput.FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        await Expect(page.Locator("#result-details")).ToContainTextAsync("实名手机号认证");
        await Expect(page.Locator("#result-details")).ToContainTextAsync(phone[^4..]);
        await shots.TakeAsync(page, "result");
        Assert.Equal("verified", (await Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_show_a_wrong_id_number_before_any_request_is_sent()
    {
        var shots = new Screenshots("wrong-id");
        var (sessionId, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_wrong_id"));
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        var sent = new List<string>();
        page.Request += (_, request) => sent.Add(request.Method + " " + request.Url);

        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync(TestData.Name);
        var idInput = page.GetByLabel("身份证号码", new() { Exact = true });
        await idInput.FillAsync(TestData.WithWrongCheck(TestData.IdNumber()));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.Locator("#f-idNumber-error")).ToHaveTextAsync("身份证号码不正确，请检查位数、出生日期和最后一位校验码。");
        await Expect(idInput).ToHaveAttributeAsync("aria-invalid", "true");
        await shots.TakeAsync(page, "message");
        // Focus moved to the field (read from the document: a background headless page reports no focus state).
        Assert.Equal("f-idNumber", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        Assert.DoesNotContain(sent, r => r.StartsWith("POST", StringComparison.Ordinal));
        var session = await Node.GetSessionAsync(sessionId);
        Assert.Equal("requires_input", session.Str("status"));
        Assert.True(session.IsNull("identity"));
    }

    [Fact]
    public async Task Should_show_the_servers_refusal_as_a_message_in_chinese_and_in_english()
    {
        var shots = new Screenshots("refusal");
        var (_, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_refusal"));
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await page.GetByLabel("姓名", new() { Exact = true }).FillAsync(TestData.Name);
        await page.GetByLabel("身份证号码", new() { Exact = true }).FillAsync(TestData.MismatchIdNumber());
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync(),
            r => r.Url.EndsWith("/identity", StringComparison.Ordinal));
        Assert.Equal(422, answer.Status);

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToHaveTextAsync("姓名与身份证号码不一致。");
        await shots.TakeAsync(page, "zh");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Expect(alert).ToHaveTextAsync("The name and the ID number do not belong together.");
        await Expect(page.GetByLabel("ID card number", new() { Exact = true })).ToHaveValueAsync(new Regex("^110105"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await shots.TakeAsync(page, "en");
    }

    [Fact]
    public async Task Should_open_a_session_of_the_chosen_method_for_the_same_account_when_the_person_picks_another()
    {
        var account = PageFlows.NewUser("page_switch");
        var (oldId, page) = await fixture.OpenSessionPageAsync(account);
        await page.GetByLabel("实名手机号认证").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名手机号认证" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("手机号码", new() { Exact = true })).ToBeVisibleAsync();
        var newId = new Uri(page.Url).Segments[^1];
        Assert.NotEqual(oldId, newId);
        var moved = await Node.GetSessionAsync(newId);
        Assert.Equal(account, moved.Str("accountId"));
        Assert.Equal("mobile", moved.Str("method"));
        Assert.Equal("canceled", (await Node.GetSessionAsync(oldId)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_a_session_link_that_was_already_used()
    {
        var shots = new Screenshots("used-link");
        var created = await Node.CreateSessionAsync(PageFlows.NewUser("page_used"));
        var url = fixture.Reachable(created.Str("url")!);
        var first = await fixture.NewPageAsync();
        await first.GotoAsync(url);
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();
        Assert.DoesNotContain("lt=", first.Url);

        var second = await fixture.NewPageAsync();
        await second.GotoAsync(url);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "无法打开认证页面" })).ToBeVisibleAsync();
        await Expect(second.Locator("#result-message")).ToHaveTextAsync("此链接无效、已被使用或已过期，请从平台重新打开认证链接。");
        await shots.TakeAsync(second, "refused");
    }

    [Fact]
    public async Task Should_show_a_face_mismatch_from_the_app_and_offer_a_new_qr_code()
    {
        var shots = new Screenshots("face-mismatch");
        var (sessionId, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_mismatch"));
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        var scanUrl = await fixture.SubmitFaceDetailsAsync(page, TestData.IdNumber());

        var app = await page.Context.NewPageAsync();
        await app.GotoAsync(scanUrl);
        await app.GetByLabel("人脸不一致").CheckAsync();
        await app.GetByRole(AriaRole.Button, new() { Name = "提交刷脸结果" }).ClickAsync();
        await Expect(app.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("刷脸未通过：人脸与身份证照片不一致。 请在电脑页面刷新二维码后重试");
        await shots.TakeAsync(app, "app");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("人脸与身份证照片不一致。");
        var refresh = page.GetByRole(AriaRole.Button, new() { Name = "刷新二维码" });
        await Expect(refresh).ToBeVisibleAsync();
        await shots.TakeAsync(page, "pc");
        await refresh.ClickAsync();
        await PageFlows.ExpectQrCountdownAsync(page);
        Assert.Equal("awaiting_scan", (await Node.GetSessionAsync(sessionId)).Str("status"));
    }
}
