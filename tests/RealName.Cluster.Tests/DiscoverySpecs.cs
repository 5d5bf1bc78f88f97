using System.Text.Json.Nodes;
using RealName.Cluster.Tests.Infrastructure;

namespace RealName.Cluster.Tests;

/// <summary>Seed nodes found through config discovery in place of hand-listed ones.</summary>
public sealed class DiscoverySpecs
{
    [Fact]
    public async Task Should_form_one_cluster_of_three_node_processes_from_config_discovery_without_seed_nodes()
    {
        await using var cluster = await TestCluster.StartWithDiscoveryAsync(3);

        await EveryNodeSeesAllUpAsync(cluster);
        // One cluster, so one registry and one session region: a session made through one node answers through another.
        var session = await FlowClient.CreateAsync(cluster.Nodes[0].Client, "acc_discovered");
        Assert.Equal("requires_input", (await FlowClient.GetSessionAsync(cluster.Nodes[2].Client, session))?["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task Should_rejoin_the_running_cluster_when_the_first_seed_restarts_instead_of_forming_its_own()
    {
        await using var cluster = await TestCluster.StartWithDiscoveryAsync(3);
        await EveryNodeSeesAllUpAsync(cluster);
        // The lowest address is every node's first seed: the one that forms a cluster when it finds none.
        var firstSeed = cluster.Nodes.OrderBy(n => n.RemotingPort).First();

        firstSeed.Kill();
        await cluster.StartNodeAsync(firstSeed);

        await EveryNodeSeesAllUpAsync(cluster);
    }

    /// <summary>Every node's own view: the three addresses, each <c>Up</c> — one cluster, not several.</summary>
    private static async Task EveryNodeSeesAllUpAsync(TestCluster cluster)
    {
        var expected = cluster.Nodes.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();
        foreach (var node in cluster.Nodes)
        {
            await Eventually.AwaitAssertAsync(async () =>
            {
                var members = JsonNode.Parse(await node.Admin.GetStringAsync("/admin/cluster/members"))!["members"]!.AsArray();
                Assert.Equal(expected, members.Select(m => m!["address"]!.GetValue<string>()).Order(StringComparer.Ordinal));
                Assert.All(members, m => Assert.Equal("Up", m!["status"]!.GetValue<string>()));
            }, TimeSpan.FromSeconds(60));
        }
    }
}
