using System.Net;
using System.Net.Sockets;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary>What the operator is told when the node, the port, the token or the command is wrong.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class ConnectionSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_explain_that_nothing_listens_at_the_address()
    {
        var result = await RealNameCtl.RunAsync("127.0.0.1:" + FreePort(), "cluster", "show");

        result.AssertFailed(1, "connection refused");
        Assert.Contains("admin port", result.Output);
    }

    [Fact]
    public async Task Should_refuse_a_wrong_admin_token()
    {
        (await RealNameCtl.RunAsync("--token", "not-the-token", node.Admin, "cluster", "show")).AssertFailed(1, "refused the admin token (401 unauthorized)");
        (await RealNameCtl.RunAsync("--token=rn_test_key", node.Admin, "registry", "stats")).AssertFailed(1, "refused the admin token");
    }

    [Fact]
    public async Task Should_point_to_the_admin_port_when_given_the_public_port()
    {
        (await RealNameCtl.RunAsync("--token", SingleNode.AdminToken, node.BaseAddress.Authority, "cluster", "show")).AssertFailed(1, "Is this the public port?");
    }

    [Fact]
    public async Task Should_suggest_the_closest_command_for_a_typo()
    {
        (await node.CliAsync("clustr", "show")).AssertFailed(2, "Unknown command 'clustr'. Did you mean 'cluster show'?");
        (await node.CliAsync("cluster", "shwo")).AssertFailed(2, "Did you mean 'cluster show'?");
        (await node.CliAsync("sharding", "regions")).AssertFailed(2, "Did you mean 'cluster-sharding regions'?");
        (await node.CliAsync("registry", "statz")).AssertFailed(2, "Did you mean 'registry stats'?");
    }

    [Fact]
    public async Task Should_say_plainly_when_nothing_is_close()
    {
        var result = (await node.CliAsync("xyzzy")).AssertFailed(2, "Unknown command 'xyzzy'.");

        Assert.DoesNotContain("Did you mean", result.Output);
    }

    [Fact]
    public async Task Should_list_the_subcommands_of_an_incomplete_command()
    {
        (await node.CliAsync("cluster")).AssertFailed(2, "'cluster' needs one of: show, status, leader, leave, down, join, down-unreachable, tail.");
    }

    [Fact]
    public async Task Should_refuse_something_that_is_not_a_node_address()
    {
        (await RealNameCtl.RunAsync("cluster", "show")).AssertFailed(2, "'cluster' is not a node address: name the node's admin port first");
        (await RealNameCtl.RunAsync("--token")).AssertFailed(2, "--token needs a value.");
    }

    [Fact]
    public async Task Should_print_usage_with_every_command()
    {
        var result = (await RealNameCtl.RunAsync("--help")).AssertSucceeded();

        foreach (var command in new[]
                 {
                     "cluster show", "cluster status", "cluster leader", "cluster leave", "cluster down", "cluster down-unreachable",
                     "cluster join", "cluster tail", "cluster-sharding regions", "cluster-sharding region-stats",
                     "cluster-sharding shard-stats", "actor hierarchy", "session inspect", "registry lookup", "registry stats",
                 })
            Assert.Contains("  " + command + " ", result.Output);
        Assert.Contains("realname-ctl [--token <admin token>] <host:port> [command] [--json]", result.Output);
    }

    [Fact]
    public async Task Should_print_a_commands_help()
    {
        var result = (await node.CliAsync("cluster-sharding", "region-stats", "--help")).AssertSucceeded();

        Assert.Contains("-r, --region", result.Output);
    }

    [Fact]
    public async Task Should_say_the_node_may_be_another_version_when_its_answer_does_not_fit_the_contract()
    {
        var port = FreePort();
        using var stranger = new HttpListener();
        stranger.Prefixes.Add($"http://127.0.0.1:{port}/");
        stranger.Start();
        var answering = Task.Run(async () =>
        {
            var context = await stranger.GetContextAsync();
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{\"members\":\"not a list\"}"u8.ToArray());
            context.Response.Close();
        });

        var result = await RealNameCtl.RunAsync("--token", "any", "127.0.0.1:" + port, "cluster", "show");

        await answering;
        result.AssertFailed(1, "cannot read: is the node another version of RealName?");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
