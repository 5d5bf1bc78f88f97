using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>realname-ctl host:port</c> without a command: the interactive prompt, fed through stdin.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class InteractivePromptSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_run_each_line_as_a_command_and_leave_on_exit()
    {
        var result = await RealNameCtl.RunAsync(["--token", SingleNode.AdminToken, node.Admin], "cluster leader\nregistry stats --json\nexit\ncluster show\n", CancellationToken.None);

        result.AssertSucceeded();
        Assert.Contains("Connected to akka.tcp://realname@", result.Output);
        Assert.Contains($"realname@{node.Admin}> cluster leader", result.Output);
        Assert.Contains("(this node)", result.Output);
        Assert.Contains("\"verifiedAccounts\"", result.Output);
        Assert.DoesNotContain("│ Address", result.Output); // "cluster show" came after exit
    }

    [Fact]
    public async Task Should_keep_the_prompt_after_a_mistyped_or_failing_command()
    {
        var result = await RealNameCtl.RunAsync(["--token", SingleNode.AdminToken, node.Admin], "clustr leader\nsession inspect vs_aaaaaaaaaaaaaaaaaaaaaaaaaa\ncluster leader\n", CancellationToken.None);

        result.AssertSucceeded();
        Assert.Contains("Did you mean 'cluster leader'?", result.Output);
        Assert.Contains("session_not_found", result.Output);
        Assert.Contains("(this node)", result.Output);
    }

    [Fact]
    public async Task Should_list_commands_on_help()
    {
        var result = await RealNameCtl.RunAsync(["--token", SingleNode.AdminToken, node.Admin], "help\nhelp cluster\n", CancellationToken.None);

        result.AssertSucceeded();
        Assert.Contains("cluster-sharding", result.Output);
        Assert.Contains("down-unreachable", result.Output);
    }

    [Fact]
    public async Task Should_stop_a_running_tail_on_ctrl_c_and_keep_the_prompt()
    {
        var output = new SynchronizedStringWriter();
        Interactive.Repl? prompt = null;
        var run = CliApp.RunAsync(["--token", SingleNode.AdminToken, node.Admin], CliIO.Captured(output, new StringReader("cluster tail\ncluster leader\n")),
            CancellationToken.None, repl => prompt = repl);
        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains("MemberUp", output.ToString());
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(20));

        Assert.True(prompt!.CancelCurrent()); // what Ctrl-C does at the prompt

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains($"realname@{node.Admin}> cluster leader", output.ToString());
        Assert.Contains("(this node)", output.ToString());
        Assert.False(prompt.CancelCurrent()); // nothing running any more
    }

    [Fact]
    public async Task Should_not_open_the_prompt_with_a_wrong_token()
    {
        var result = await RealNameCtl.RunAsync(["--token", "wrong", node.Admin], "cluster show\n", CancellationToken.None);

        result.AssertFailed(1, "refused the admin token");
        Assert.DoesNotContain("Connected to", result.Output);
    }
}
