using RealName.Actors.Sessions;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary>The <c>cluster-sharding</c> commands against one real node.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class ShardingCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_list_the_session_region_and_the_node_hosting_it()
    {
        var address = Json.Parse(await node.CliAsync("cluster", "status", "--json")).Str("address");

        var regions = Json.Parse(await node.CliAsync("cluster-sharding", "regions", "--json"));
        var table = (await node.CliAsync("cluster-sharding", "regions")).AssertSucceeded();

        var session = Assert.Single(regions.GetProperty("regions").EnumerateArray(), r => r.Str("typeName") == "session");
        Assert.Equal(address, session.GetProperty("nodes")[0].GetString());
        Assert.Contains("session", table.Output);
        Assert.Contains(address, table.Output);
    }

    [Fact]
    public async Task Should_count_live_session_entities_per_region_and_per_shard()
    {
        await node.CreateSessionIdAsync(TestData.Account("shard"));

        var regionStats = Json.Parse(await node.CliAsync("cluster-sharding", "region-stats", "-r", "session", "--json"));
        var shardStats = Json.Parse(await node.CliAsync("cluster-sharding", "shard-stats", "-r", "session", "--json"));
        var table = (await node.CliAsync("cluster-sharding", "region-stats", "-r", "session")).AssertSucceeded();

        var region = Assert.Single(regionStats.GetProperty("regions").EnumerateArray());
        Assert.True(region.GetProperty("entities").GetInt32() >= 1, regionStats.ToString());
        Assert.True(region.GetProperty("shards").GetInt32() >= 1, regionStats.ToString());
        Assert.True(shardStats.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("entities").GetInt32()) >= 1, shardStats.ToString());
        Assert.Contains("total", table.Output);
    }

    [Fact]
    public async Task Should_show_this_nodes_shards_as_a_table_with_the_default_region()
    {
        await node.CreateSessionIdAsync(TestData.Account("shard"));

        var table = (await node.CliAsync("cluster-sharding", "shard-stats")).AssertSucceeded();

        Assert.Contains("Shards of region session on akka.tcp://realname@", table.Output);
        Assert.Contains("Entities", table.Output);
    }

    [Fact]
    public async Task Should_fetch_the_entity_ids_of_this_nodes_shards()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("fetch"));
        var bucket = SessionMessageExtractor.BucketOf(sessionId, SessionsHosting.Buckets); // the session region's entities are buckets

        var fetched = Json.Parse(await node.CliAsync("cluster-sharding", "fetch", "-r", "session", "--json"));
        var table = (await node.CliAsync("cluster-sharding", "fetch")).AssertSucceeded();

        Assert.Contains(bucket, fetched.GetProperty("shards").EnumerateArray().SelectMany(s => s.GetProperty("entityIds").EnumerateArray()).Select(e => e.GetString()));
        Assert.Contains("Entities of region session on akka.tcp://realname@", table.Output);
        Assert.Contains(bucket, table.Output);
    }

    [Fact]
    public async Task Should_refuse_a_region_that_does_not_exist()
    {
        (await node.CliAsync("cluster-sharding", "region-stats", "-r", "nope")).AssertFailed(1, "shard_region_not_found");
        (await node.CliAsync("cluster-sharding", "shard-stats", "--region", "nope")).AssertFailed(1, "No shard region 'nope'");
        (await node.CliAsync("cluster-sharding", "fetch", "-r", "nope")).AssertFailed(1, "shard_region_not_found");
    }
}
