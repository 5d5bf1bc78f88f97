using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary>The <c>cluster</c> commands against one real node (membership changes: <see cref="TwoNodeClusterSpecs"/>).</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class ClusterCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_show_the_node_as_the_only_member_up_and_leading()
    {
        var address = Json.Parse(await node.CliAsync("cluster", "status", "--json")).Str("address");

        var show = (await node.CliAsync("cluster", "show")).AssertSucceeded();

        Assert.Contains(address + " (this node)", show.Output);
        Assert.Contains("│ Up ", show.Output);
        Assert.Contains("realname", show.Output);
    }

    [Fact]
    public async Task Should_print_status_and_leader_as_json_for_scripts()
    {
        var status = Json.Parse(await node.CliAsync("cluster", "status", "--json"));
        var leader = Json.Parse(await node.CliAsync("cluster", "leader", "--json"));
        var members = Json.Parse(await node.CliAsync("--json", "cluster", "show"));

        Assert.Equal("Up", status.Str("status"));
        Assert.True(status.GetProperty("isLeader").GetBoolean());
        Assert.Equal(1, status.GetProperty("members").GetInt32());
        Assert.Equal(status.Str("address"), leader.Str("leader"));
        Assert.Equal(status.Str("address"), members.GetProperty("members")[0].Str("address"));
    }

    [Fact]
    public async Task Should_print_status_and_leader_as_text()
    {
        var address = Json.Parse(await node.CliAsync("cluster", "status", "--json")).Str("address");

        var status = (await node.CliAsync("cluster", "status")).AssertSucceeded();
        var leader = (await node.CliAsync("cluster", "leader")).AssertSucceeded();

        Assert.Contains("Members  1 (1 up, 0 unreachable)", status.Output);
        Assert.Contains("Uptime", status.Output);
        Assert.Equal(address + " (this node)", leader.Output.Trim());
    }

    [Fact]
    public async Task Should_stream_the_current_members_in_tail_until_cancelled()
    {
        var output = new SynchronizedStringWriter();
        using var stop = new CancellationTokenSource();
        var tail = CliApp.RunAsync(["--token", SingleNode.AdminToken, node.Admin, "cluster", "tail"], CliIO.Captured(output, new StringReader("")), stop.Token);

        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains("MemberUp", output.ToString());
            Assert.Contains("LeaderChanged", output.ToString());
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(20));
        stop.Cancel();

        Assert.Equal(0, await tail.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Following cluster events of " + node.Admin, output.ToString());
    }

    [Fact]
    public async Task Should_refuse_to_act_on_an_address_that_is_not_a_member()
    {
        (await node.CliAsync("cluster", "leave", "akka.tcp://realname@127.0.0.1:1")).AssertFailed(1, "member_not_found");
        (await node.CliAsync("cluster", "down", "akka.tcp://realname@127.0.0.1:1")).AssertFailed(1, "is not a member of this node's cluster");
    }

    [Fact]
    public async Task Should_take_the_member_address_with_pbms_address_option_too()
    {
        (await node.CliAsync("cluster", "down", "-a", "akka.tcp://realname@127.0.0.1:1")).AssertFailed(1, "is not a member of this node's cluster");
        (await node.CliAsync("cluster", "leave", "--address", "akka.tcp://realname@127.0.0.1:1")).AssertFailed(1, "member_not_found");
        (await node.CliAsync("cluster", "down")).AssertFailed(2, "takes one address");
        (await node.CliAsync("cluster", "down", "akka.tcp://realname@127.0.0.1:1", "-a", "akka.tcp://realname@127.0.0.1:2")).AssertFailed(2, "takes one address");
    }

    [Fact]
    public async Task Should_refuse_an_address_that_is_not_an_akka_address()
    {
        (await node.CliAsync("cluster", "leave", "not-an-address")).AssertFailed(1, "invalid_request");
        (await node.CliAsync("cluster", "join", "http://127.0.0.1")).AssertFailed(1, "invalid_request");
    }

    [Fact]
    public async Task Should_refuse_to_join_a_node_that_is_already_a_member()
    {
        var address = Json.Parse(await node.CliAsync("cluster", "status", "--json")).Str("address");

        (await node.CliAsync("cluster", "join", address)).AssertFailed(1, "already a member");
    }

    [Fact]
    public async Task Should_report_that_no_member_is_unreachable()
    {
        var result = (await node.CliAsync("cluster", "down-unreachable")).AssertSucceeded();

        Assert.Contains("No member is unreachable", result.Output);
    }
}
