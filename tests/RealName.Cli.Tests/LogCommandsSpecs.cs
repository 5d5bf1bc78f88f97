using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>log peek</c> (pbm's) against one real node: its recent log lines, from memory.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class LogCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_peek_at_the_nodes_recent_log_lines_without_personal_data()
    {
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(TestData.Account("log"), idNumber);

        var text = (await node.CliAsync("log", "peek", "-n", "1000")).AssertSucceeded();
        var json = Json.Parse(await node.CliAsync("log", "peek", "--lines", "3", "--json"));

        Assert.Contains("Now listening on", text.Output);
        Assert.DoesNotContain(idNumber, text.Output);
        Assert.DoesNotContain("张三", text.Output);
        Assert.InRange(json.GetProperty("lines").GetArrayLength(), 1, 3);
        Assert.Equal(1000, json.GetProperty("capacity").GetInt32());
    }
}
