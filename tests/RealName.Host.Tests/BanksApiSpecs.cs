using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>P3's "check Supported Banks": the public list, from the same BIN table the card check uses.</summary>
public sealed class BanksApiSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_list_the_supported_banks_with_their_card_types_without_an_api_key()
    {
        var answer = (await node.SendAsync(HttpMethod.Get, "/v1/banks", null, authorize: false)).AssertStatus(HttpStatusCode.OK);

        var banks = answer.Json.GetProperty("data").EnumerateArray().ToDictionary(b => b.GetProperty("code").GetString()!);
        Assert.Equal(["ABC", "BOC", "CCB", "CMB", "ICBC"], banks.Keys.Order());
        Assert.Equal(["debit", "credit"], banks["CMB"].GetProperty("cardTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["debit"], banks["ICBC"].GetProperty("cardTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("中国工商银行", banks["ICBC"].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Should_take_a_credit_card_of_a_listed_credit_bin_and_refuse_an_unlisted_bin()
    {
        var credit = TestData.BankCard(bin: "622575");
        var unlisted = TestData.BankCard(bin: "622576");

        Assert.Equal("awaiting_code", (await Submit(credit)).AssertStatus(HttpStatusCode.OK).Str("status"));
        (await Submit(unlisted)).AssertProblem(HttpStatusCode.BadRequest, "unsupported_bank");
    }

    private async Task<ApiResponse> Submit(string card)
    {
        var session = (await node.CreateSessionAsync(TestData.Account("bank"), method: "bank_card")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        return await node.PostJsonAsync($"/v1/sessions/{session}/identity",
            $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"bankCard\":\"{card}\",\"phone\":\"{TestData.Phone()}\"}}");
    }
}
