using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RealName.Pages.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests;

/// <summary>
/// The page in both languages (issue 19): English for a browser that asks for it (Accept-Language,
/// i.e. the browser's languages), Chinese otherwise, the toggle remembered, every text in both.
/// </summary>
public sealed partial class LanguageSpecs(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private RealNameNode Node => fixture.Node;

    [GeneratedRegex(@"[\u3400-\u9fff]")]
    private static partial Regex Chinese();

    [Fact]
    public async Task Should_take_an_english_speaking_person_through_face_verification_in_english()
    {
        var shots = new Screenshots("p1-face-en", documented: true);
        var account = PageFlows.NewUser("page_p1_en");
        var idNumber = TestData.IdNumber();
        var (sessionId, page) = await fixture.OpenPageAsync(account, locale: "en-US");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose who is verified and how" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByLabel("Face scan")).ToBeCheckedAsync();
        await shots.TakeAsync(page, "choose");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(TestData.Name);
        await page.GetByLabel("ID card number", new() { Exact = true }).FillAsync(idNumber);
        await shots.TakeAsync(page, "details");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync(),
            r => r.Url.EndsWith("/identity", StringComparison.Ordinal));
        var scanUrl = fixture.Reachable(await PageFlows.ScanUrlOf(answer));
        await Expect(page.Locator("#qr-countdown")).ToHaveTextAsync(new Regex(@"^The QR code expires in \d+ s$"));
        await Expect(page.Locator("#qr-state")).ToHaveTextAsync("Waiting for the scan");
        await shots.TakeAsync(page, "qr");

        var app = await page.Context.NewPageAsync();
        await app.GotoAsync(scanUrl);
        await Expect(app.Locator("#masked-name")).ToHaveTextAsync(TestData.MaskedName);
        await shots.TakeAsync(app, "app-confirm");
        await Expect(page.Locator("#qr-state")).ToHaveTextAsync("Scanned — complete the face scan on your phone");
        await shots.TakeAsync(page, "scanned");
        await app.GetByRole(AriaRole.Button, new() { Name = "Send face result" }).ClickAsync();
        await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Face scan passed; see the result on the PC page" })).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification complete" })).ToBeVisibleAsync();
        var details = page.Locator("#result-details");
        await Expect(details).ToContainTextAsync("Face scan");
        await Expect(details).ToContainTextAsync("Verified");
        await Expect(details).ToContainTextAsync(TestData.Masked(idNumber));
        await shots.TakeAsync(page, "result");
        Assert.Equal("verified", (await Node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_offer_one_click_sync_to_an_english_speaking_existing_user_in_english()
    {
        var shots = new Screenshots("p4-sync-offer-en", documented: true);
        var (_, page) = await fixture.OpenPageAsync(PageFlows.ExistingUser("page_p4_en"), locale: "en-US");

        var popup = page.GetByRole(AriaRole.Dialog, new() { Name = "One-click sync of your verification" });
        await Expect(popup).ToContainTextAsync("linked to a group account (*四)");
        await Expect(popup.GetByRole(AriaRole.Button, new() { Name = "Authorise now" })).ToBeVisibleAsync();
        await Expect(popup.GetByRole(AriaRole.Button, new() { Name = "Not now, verify manually" })).ToBeVisibleAsync();
        await shots.TakeAsync(page, "popup");
    }

    [Fact]
    public async Task Should_open_in_chinese_for_a_browser_that_asks_for_chinese_and_keep_the_toggled_language()
    {
        var (_, page) = await fixture.OpenPageAsync(PageFlows.NewUser("page_lang"), locale: "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "选择认证主体与认证方式" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose who is verified and how" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose who is verified and how" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Should_have_every_text_of_the_page_in_chinese_and_in_english()
    {
        var (_, page) = await fixture.OpenPageAsync(PageFlows.NewUser("page_texts"), locale: "en-US");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose who is verified and how" })).ToBeVisibleAsync();

        var missing = await page.EvaluateAsync<JsonElement>("""
            () => {
              const { texts, problems } = window.RealNameTexts;
              const used = [...document.querySelectorAll("[data-i18n]")].map((e) => e.dataset.i18n)
                .concat([...document.querySelectorAll("[data-i18n-alt]")].map((e) => e.dataset.i18nAlt));
              const gaps = [];
              for (const [a, b] of [["zh", "en"], ["en", "zh"]]) {
                for (const key of Object.keys(texts[a])) if (!(key in texts[b])) gaps.push(`texts.${b}: ${key}`);
                for (const key of Object.keys(problems[a])) if (!(key in problems[b])) gaps.push(`problems.${b}: ${key}`);
              }
              for (const key of used) for (const l of ["zh", "en"]) if (!(key in texts[l])) gaps.push(`texts.${l}: ${key} (used by the page)`);
              return gaps;
            }
            """);
        Assert.Empty(missing.EnumerateArray().Select(e => e.GetString()));
        // Nothing Chinese left on the English page (the toggle back to Chinese is named in Chinese on purpose).
        var shown = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotMatch(Chinese(), shown);
        Assert.DoesNotMatch(Chinese(), await page.TitleAsync());
    }

    [Fact]
    public async Task Should_word_refusals_on_the_chinese_page_with_the_servers_own_chinese_problem_texts()
    {
        var (_, page) = await fixture.OpenPageAsync(PageFlows.NewUser("page_problem_texts"));

        var served = await page.EvaluateAsync<Dictionary<string, string>>("() => window.RealNameProblemTexts.zh");
        Assert.Equal(RealName.Host.Http.ProblemLanguage.ChineseMessages.OrderBy(e => e.Key), served.OrderBy(e => e.Key));
        var shown = await page.EvaluateAsync<string>("() => window.RealNameI18n.problem('below_minimum_age')");
        Assert.Equal(RealName.Host.Http.ProblemLanguage.ChineseMessages["below_minimum_age"], shown);
    }
}
