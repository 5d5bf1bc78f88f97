using System.Net.Http.Json;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>accounts erase</c> against one real node.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class AccountCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_erase_an_accounts_personal_data_and_show_what_was_destroyed()
    {
        var account = TestData.Account("erase");
        await node.VerifyAccountAsync(account, TestData.IdNumber());

        var erased = Json.Parse(await node.CliAsync("accounts", "erase", account, "--yes", "--json"));

        Assert.Equal(account, erased.Str("accountId"));
        Assert.True(erased.GetProperty("keysDestroyed").GetInt32() >= 1);
        Assert.True(erased.GetProperty("claimKept").GetBoolean());
        var record = await node.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/accounts/{account}/verification");
        Assert.Equal("verified", record.Str("status"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, record.GetProperty("identity").ValueKind);
    }

    [Fact]
    public async Task Should_refuse_to_erase_without_confirmation_and_change_nothing()
    {
        var account = TestData.Account("keep");
        await node.VerifyAccountAsync(account, TestData.IdNumber());

        var refused = await node.CliAsync("accounts", "erase", account);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--yes", refused.Output);
        var record = await node.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/accounts/{account}/verification");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, record.GetProperty("identity").ValueKind);
    }
}
