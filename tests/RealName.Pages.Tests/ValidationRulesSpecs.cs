using System.Text.Json;
using Microsoft.Playwright;
using RealName.Domain.Identities;
using RealName.Pages.Tests.Infrastructure;

namespace RealName.Pages.Tests;

/// <summary>The page's ported format rules (validate.js) agree with the server's, input by input, in the real browser.</summary>
public sealed class ValidationRulesSpecs(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private static string Credit(string first17) => first17 + CreditCode.ComputeCheckCharacter(first17);

    private static IEnumerable<(string Rule, string Input)> Inputs()
    {
        var id = TestData.IdNumber();
        var card = TestData.BankCard();
        var credit = Credit("91110000MA01ABCD1");
        string[] ids =
        [
            id, TestData.WithWrongCheck(id), TestData.PublishedIdNumber.ToLowerInvariant(), TestData.WithCheck("00010519491231002"),
            TestData.WithCheck("11010520990101123"), TestData.WithCheck("11010519490230123"), TestData.WithCheck("11010518991231123"),
            id[..17], $" {id} ",
        ];
        string[] names = ["张三", "张", "阿依古丽·买买提", "阿依古丽・买买提", "·张三", "张三·", "张··三", "John", new string('张', 30), new string('张', 31), "\U00020000三"];
        string[] phones = ["13800138000", "+86 138 0013 8000", "008613800138000", "8613800138000", "138-0013-8000", "12800138000", "1380013800", ""];
        string[] cards =
        [
            card, card[..^1] + (card[^1] == '0' ? '1' : '0'), "62220212345", string.Join(' ', card.Chunk(4).Select(c => new string(c))), "6222 0212 3456 789a",
        ];
        string[] credits = [credit, credit.ToLowerInvariant(), credit[..17] + (credit[17] == '0' ? '1' : '0'), "91110000MA01ABCDI0", credit[..17]];
        return ids.Select(i => ("idNumber", i)).Concat(names.Select(n => ("name", n))).Concat(phones.Select(p => ("phone", p)))
            .Concat(cards.Select(c => ("bankCard", c))).Concat(credits.Select(c => ("creditCode", c)));
    }

    [Fact]
    public async Task Should_accept_and_refuse_the_same_details_as_the_server()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Node.BaseAddress, "/m/scan").ToString());
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = "/verify/assets/validate.js" });
        var disagreements = new List<string>();
        var accepted = 0;
        foreach (var (rule, input) in Inputs())
        {
            var result = await page.EvaluateAsync<JsonElement>($"input => window.RealNameRules.{rule}(input)", input);
            var inBrowser = result.ValueKind == JsonValueKind.String ? result.GetString() : null;
            var onServer = Server(rule, input);
            if (onServer is not null)
                accepted++;
            if (inBrowser != onServer)
                disagreements.Add($"{rule}('{input}'): browser {inBrowser ?? "refuses"}, server {onServer ?? "refuses"}");
        }
        Assert.Empty(disagreements);
        Assert.InRange(accepted, 10, 30); // both sides accept the valid ones, not just refuse everything
        await page.Context.CloseAsync();
    }

    private static string? Server(string rule, string input)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return rule switch
        {
            "idNumber" => IdNumber.TryParse(input, today, out var id) ? id.Value : null,
            "name" => PersonName.TryParse(input, out var name) ? name.Value : null,
            "phone" => PhoneNumber.TryParse(input, out var phone) ? phone.Value : null,
            "bankCard" => BankCard.TryParse(input, out var card) ? card.Value : null,
            "creditCode" => CreditCode.TryParse(input, out var code) ? code.Value : null,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }
}
