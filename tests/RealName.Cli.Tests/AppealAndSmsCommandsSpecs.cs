using System.Net.Http.Json;
using RealName.Cli.Tests.Infrastructure;
using RealName.Domain.Identities;

namespace RealName.Cli.Tests;

/// <summary><c>appeals list|approve|reject</c> and <c>sms outbox</c> against one real node.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class AppealAndSmsCommandsSpecs(SingleNode node)
{
    private async Task<string> FileAppealAsync(string appellant, string idNumber)
    {
        using var response = await node.Client.PostAsJsonAsync("/v1/appeals",
            new { accountId = appellant, name = "张三", idNumber, contact = "me@example.com", reason = "my identity" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Should_approve_an_appeal_and_move_the_claim()
    {
        var holder = TestData.Account("holder");
        var appellant = TestData.Account("appellant");
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(holder, idNumber);
        var appeal = await FileAppealAsync(appellant, idNumber);

        var listed = (await node.CliAsync("appeals", "list")).AssertSucceeded();
        var approved = (await node.CliAsync("appeals", "approve", appeal, "--reason", "contract checked")).AssertSucceeded();

        Assert.Contains(appeal, listed.Output);
        Assert.DoesNotContain(idNumber, listed.Output);
        Assert.Contains("approved", approved.Output);
        var owner = Json.Parse(await node.CliAsync("registry", "lookup", "--id-number", idNumber, "--json"));
        Assert.Equal(Masking.MaskAccount(appellant), owner.Str("owner"));
    }

    [Fact]
    public async Task Should_refuse_deciding_an_appeal_twice()
    {
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(TestData.Account("holder"), idNumber);
        var appeal = await FileAppealAsync(TestData.Account("appellant"), idNumber);
        (await node.CliAsync("appeals", "reject", appeal, "--reason", "no proof")).AssertSucceeded();

        var again = await node.CliAsync("appeals", "approve", appeal, "--reason", "changed my mind");

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already", again.Output);
    }

    [Fact]
    public async Task Should_show_the_sandbox_sms_outbox_with_masked_phones()
    {
        using var create = await node.Client.PostAsJsonAsync("/v1/sessions", new { accountId = TestData.Account("sms"), method = "mobile" });
        var session = System.Text.Json.JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var identity = await node.Client.PostAsJsonAsync($"/v1/sessions/{session}/identity",
            new { name = "张三", idNumber = TestData.IdNumber(), phone = "13912340001" });
        Assert.True(identity.IsSuccessStatusCode, await identity.Content.ReadAsStringAsync());

        var outbox = (await node.CliAsync("sms", "outbox")).AssertSucceeded();

        Assert.Contains("139****0001", outbox.Output);
        Assert.DoesNotContain("13912340001", outbox.Output);
    }
}
