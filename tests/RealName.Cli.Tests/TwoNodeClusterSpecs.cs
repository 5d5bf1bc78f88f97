using System.Net;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary>
/// The cluster commands against real node processes on a shared PostgreSQL journal: what both
/// nodes see, and the operator's levers actually changing the membership.
/// </summary>
public sealed class TwoNodeClusterSpecs
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_show_both_members_regions_and_the_same_leader_from_either_node()
    {
        await using var cluster = await PostgresCluster.CreateAsync();
        var a = await cluster.StartNodeAsync("a");
        var b = await cluster.StartNodeAsync("b", a.Address);

        foreach (var node in new[] { a, b })
        {
            await Eventually.AwaitAssertAsync(async () =>
                Assert.Equal(new[] { (a.Address, "Up"), (b.Address, "Up") }.Order(), (await MembersAsync(node)).Select(m => (m.Address, m.Status)).Order()), Converge);
            await Eventually.AwaitAssertAsync(async () =>
            {
                var regions = Json.Parse(await Ctl(node, "cluster-sharding", "regions", "--json"));
                var session = regions.GetProperty("regions").EnumerateArray().Single(r => r.Str("typeName") == "session");
                Assert.Equal(new[] { a.Address, b.Address }.Order(), session.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).Order());
            }, Converge);
        }
        var leaderOfA = Json.Parse(await Ctl(a, "cluster", "leader", "--json")).Str("leader");
        var leaderOfB = Json.Parse(await Ctl(b, "cluster", "leader", "--json")).Str("leader");
        var statusOfB = Json.Parse(await Ctl(b, "cluster", "status", "--json"));
        var regionStats = Json.Parse(await Ctl(b, "cluster-sharding", "region-stats", "-r", "session", "--json"));
        var table = (await Ctl(a, "cluster", "show")).AssertSucceeded();

        Assert.Equal(leaderOfA, leaderOfB);
        Assert.Equal(b.Address, statusOfB.Str("address"));
        Assert.Equal(2, statusOfB.GetProperty("up").GetInt32());
        Assert.Equal(new[] { a.Address, b.Address }.Order(), regionStats.GetProperty("regions").EnumerateArray().Select(r => r.Str("address")).Order());
        Assert.Contains(a.Address + " (this node)", table.Output);
        Assert.Contains(b.Address, table.Output);
    }

    [Fact]
    public async Task Should_remove_a_member_told_to_leave_and_tail_its_departure()
    {
        await using var cluster = await PostgresCluster.CreateAsync();
        var a = await cluster.StartNodeAsync("a");
        var b = await cluster.StartNodeAsync("b", a.Address);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(2, (await MembersAsync(a)).Count(m => m.Status == "Up")), Converge);
        var tailOutput = new SynchronizedStringWriter();
        using var stopTail = new CancellationTokenSource();
        var tail = CliApp.RunAsync(["--token", SingleNode.AdminToken, a.AdminAddress, "cluster", "tail"], CliIO.Captured(tailOutput, new StringReader("")), stopTail.Token);
        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains(b.Address, tailOutput.ToString());
            return Task.CompletedTask;
        }, Converge);

        var leave = (await Ctl(a, "cluster", "leave", b.Address)).AssertSucceeded();

        Assert.Contains($"{b.Address} is leaving", leave.Output);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal([a.Address], (await MembersAsync(a)).Select(m => m.Address)), Converge);
        await b.WaitForExitAsync(Converge); // a node that has left shuts itself down
        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains("MemberLeft", tailOutput.ToString());
            Assert.Contains("MemberRemoved", tailOutput.ToString());
            return Task.CompletedTask;
        }, Converge);
        stopTail.Cancel();
        Assert.Equal(0, await tail.WaitAsync(Converge));
    }

    [Fact]
    public async Task Should_remove_a_member_marked_down()
    {
        await using var cluster = await PostgresCluster.CreateAsync();
        var a = await cluster.StartNodeAsync("a");
        var b = await cluster.StartNodeAsync("b", a.Address);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(2, (await MembersAsync(b)).Count(m => m.Status == "Up")), Converge);

        var down = (await Ctl(b, "cluster", "down", a.Address)).AssertSucceeded();

        Assert.Contains($"{a.Address} is marked down", down.Output);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal([b.Address], (await MembersAsync(b)).Select(m => m.Address)), Converge);
        Assert.Equal(b.Address, Json.Parse(await Ctl(b, "cluster", "leader", "--json")).Str("leader"));
    }

    [Fact]
    public async Task Should_down_a_crashed_member_that_is_unreachable()
    {
        await using var cluster = await PostgresCluster.CreateAsync();
        var a = await cluster.StartNodeAsync("a");
        var b = await cluster.StartNodeAsync("b", a.Address);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(2, (await MembersAsync(a)).Count(m => m.Status == "Up")), Converge);

        b.Kill();
        await Eventually.AwaitAssertAsync(async () => Assert.False((await MembersAsync(a)).Single(m => m.Address == b.Address).Reachable), Converge);
        var table = (await Ctl(a, "cluster", "show")).AssertSucceeded();
        var downed = (await Ctl(a, "cluster", "down-unreachable")).AssertSucceeded();

        Assert.Contains("NO", table.Output);
        Assert.Contains($"1 unreachable member(s) marked down: {b.Address}.", downed.Output);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal([a.Address], (await MembersAsync(a)).Select(m => m.Address)), Converge);
        await a.WaitForAsync("/readyz", admin: false, Converge);
    }

    [Fact]
    public async Task Should_join_a_node_that_is_not_a_member_yet()
    {
        await using var cluster = await PostgresCluster.CreateAsync();
        var a = await cluster.StartNodeAsync("a");
        var lone = await cluster.StartLoneNodeAsync("lone");
        Assert.DoesNotContain(lone.Address, (await MembersAsync(a)).Select(m => m.Address));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessAsync(lone)); // not a member: not ready

        var join = (await Ctl(lone, "cluster", "join", a.Address)).AssertSucceeded();

        Assert.Contains("Joining " + a.Address, join.Output);
        await Eventually.AwaitAssertAsync(async () =>
            Assert.Equal(new[] { (a.Address, "Up"), (lone.Address, "Up") }.Order(), (await MembersAsync(a)).Select(m => (m.Address, m.Status)).Order()), Converge);
        await lone.WaitForAsync("/readyz", admin: false, Converge);
    }

    private static async Task<HttpStatusCode> ReadinessAsync(NodeProcess node)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync($"http://127.0.0.1:{node.HttpPort}/readyz");
        return response.StatusCode;
    }

    private static Task<CliResult> Ctl(NodeProcess node, params string[] command) =>
        RealNameCtl.RunAsync(["--token", SingleNode.AdminToken, node.AdminAddress, .. command]);

    private sealed record Member(string Address, string Status, bool Reachable);

    private static async Task<List<Member>> MembersAsync(NodeProcess node)
    {
        var members = Json.Parse(await Ctl(node, "cluster", "show", "--json"));
        return members.GetProperty("members").EnumerateArray()
            .Select(m => new Member(m.Str("address"), m.Str("status"), m.GetProperty("reachable").GetBoolean()))
            .ToList();
    }
}
