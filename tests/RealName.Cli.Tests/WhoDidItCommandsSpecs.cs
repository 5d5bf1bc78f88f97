using System.Net.Http.Json;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary>A node whose sandbox key is named <c>web</c> and whose sandbox admin token is named <c>alice</c>.</summary>
public sealed class NamedCredentialsNode : IAsyncLifetime
{
    public SingleNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await SingleNode.StartAsync(new Dictionary<string, string?>
    {
        ["RealName:ApiKeys:0:Name"] = "web",
        ["RealName:ApiKeys:0:Key"] = "rn_test_key",
        ["RealName:ApiKeys:0:Scopes:0"] = "sessions",
        ["RealName:ApiKeys:0:Scopes:1"] = "read",
        ["RealName:ApiKeys:0:Scopes:2"] = "appeals",
        ["RealName:AdminTokens:0:Name"] = "alice",
        ["RealName:AdminTokens:0:Token"] = SingleNode.AdminToken,
    }, waitUntilReady: true);

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>Issue 14, item 7: the CLI shows who drove a session and which operator decided or erased.</summary>
public sealed class WhoDidItCommandsSpecs(NamedCredentialsNode fixture) : IClassFixture<NamedCredentialsNode>
{
    private SingleNode Node => fixture.Node;

    [Fact]
    public async Task Should_show_the_key_web_on_the_history_entries_of_a_session_it_drove()
    {
        var sessionId = await Node.VerifyAccountAsync(TestData.Account("web"), TestData.IdNumber());

        var table = (await Node.CliAsync("session", "inspect", sessionId)).AssertSucceeded();
        var timeline = Json.Parse(await Node.CliAsync("session", "inspect", sessionId, "--json")).GetProperty("timeline").EnumerateArray().ToList();

        Assert.Contains("By", table.Output);
        Assert.Contains("web", table.Output);
        Assert.Contains("face-provider", table.Output);
        Assert.Equal(["web", "web", "app", "face-provider", "system"], timeline.Select(e => e.Str("by")));
    }

    [Fact]
    public async Task Should_show_the_admin_token_alice_on_an_approved_appeal_and_an_erasure()
    {
        var idNumber = TestData.IdNumber();
        await Node.VerifyAccountAsync(TestData.Account("holder"), idNumber);
        var appellant = TestData.Account("appellant");
        using var filed = await Node.Client.PostAsJsonAsync("/v1/appeals", new { accountId = appellant, name = "张三", idNumber, contact = "me@example.com", reason = "mine" });
        var appeal = System.Text.Json.JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var approved = (await Node.CliAsync("appeals", "approve", appeal, "--reason", "contract checked")).AssertSucceeded();
        var listed = (await Node.CliAsync("appeals", "list")).AssertSucceeded();
        var erased = (await Node.CliAsync("accounts", "erase", appellant, "--yes")).AssertSucceeded();

        Assert.Contains("Decided by", approved.Output);
        Assert.Contains("alice", approved.Output);
        Assert.Contains("alice", listed.Output);
        Assert.Contains("Erased by", erased.Output);
        Assert.Contains("alice", erased.Output);
    }
}
