using Microsoft.Playwright;
using RealName.Actors.Providers;
using RealName.Pages.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests;

/// <summary>The enterprise seed's one-click sync (offered in the popup to an enterprise session, or chosen) and P3's "check Supported Banks" on the hosted page, in a real Chromium.</summary>
public sealed class EnterpriseSyncAndBanksPageSpecs(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task Should_verify_an_enterprise_with_one_click_sync_from_the_page()
    {
        var shots = new Screenshots("e3-enterprise-sync", documented: true);
        var account = TestData.Account("page_e3");
        var (sessionId, page) = await fixture.OpenSessionPageAsync(account, method: "enterprise_sync");
        // The popup offers the same; the person takes the step on the page instead.
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "暂不授权，手动认证" }).ClickAsync();
        await Expect(page.GetByLabel("一键同步企业认证")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await shots.TakeAsync(page, "authorize");

        await page.GetByRole(AriaRole.Button, new() { Name = "立即授权" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        await Expect(page.Locator("#result-details")).ToContainTextAsync(SandboxEnterpriseDirectory.Name);
        await shots.TakeAsync(page, "result");
        Assert.Equal("verified", (await fixture.Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_pop_up_the_enterprise_one_click_sync_for_an_enterprise_session_and_verify_with_authorize_now()
    {
        var shots = new Screenshots("e3-enterprise-offer", documented: true);
        var account = TestData.Account("page_e3_offer");
        var (sessionId, page) = await fixture.OpenPageAsync(account, method: "legal_person_face");

        var popup = page.GetByRole(AriaRole.Dialog, new() { Name = "一键同步实名信息" });
        await Expect(popup).ToBeVisibleAsync();
        await Expect(popup).ToContainTextAsync($"集团企业站完成企业认证的企业（{SandboxEnterpriseDirectory.Name}）");
        await shots.TakeAsync(page, "popup");
        await popup.GetByRole(AriaRole.Button, new() { Name = "立即授权" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "实名认证已完成" })).ToBeVisibleAsync();
        await Expect(page.Locator("#result-details")).ToContainTextAsync(SandboxEnterpriseDirectory.Name);
        await shots.TakeAsync(page, "result");
        var record = await fixture.Node.GetAccountVerificationAsync(account);
        Assert.Equal("enterprise", record.Str("level"));
        Assert.Equal("enterprise_sync", record.Str("method"));
        // The platform opened a legal-person face session; the one-click sync replaced it for the same account.
        Assert.Equal("canceled", (await fixture.Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_offer_a_personal_session_no_enterprise_sync_and_an_enterprise_session_no_group_sync()
    {
        var (_, personal) = await fixture.OpenPageAsync(TestData.Account("page_e3_personal") + "_entunverified");
        await Expect(personal.GetByRole(AriaRole.Dialog)).ToContainTextAsync("完成个人实名认证的集团账号");

        var (_, enterprise) = await fixture.OpenPageAsync(TestData.Account("page_e3_none") + "_entunverified", method: "legal_person_face");
        await Expect(enterprise.Locator("#sync-offer")).ToHaveAttributeAsync("data-detected", "none");
    }

    [Fact]
    public async Task Should_show_the_refusal_when_no_enterprise_is_linked_and_keep_the_step_open()
    {
        var (_, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_e3x"), method: "enterprise_sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "立即授权" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("未关联集团企业站的企业");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "立即授权" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Should_show_the_supported_banks_with_their_card_types_before_the_card_is_typed()
    {
        var shots = new Screenshots("p3-supported-banks", documented: true);
        var (_, page) = await fixture.OpenSessionPageAsync(PageFlows.NewUser("page_banks"), method: "bank_card");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        var banks = page.Locator("#banks");
        await Expect(banks).ToContainTextAsync("招商银行 (储蓄卡/信用卡)");
        await Expect(banks).ToContainTextAsync("中国工商银行 (储蓄卡)");
        await Expect(page.GetByLabel("银行卡号", new() { Exact = true })).ToBeEmptyAsync();
        await shots.TakeAsync(page, "banks");
    }
}
