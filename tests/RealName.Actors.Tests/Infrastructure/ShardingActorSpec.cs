using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;

namespace RealName.Actors.Tests.Infrastructure;

/// <summary>
/// A TestKit on a one-member cluster (real remoting on loopback, real sharding with ddata state), for specs of shard
/// regions; Akka's warnings go to the test's output.
/// </summary>
public abstract class ShardingActorSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "shards", output)
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.test.single-expect-default = 10s
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        """);

    /// <summary>Joins the cluster (once) and starts a region of <paramref name="typeName"/> with the production's routing and stop message.</summary>
    protected IActorRef StartRegion(string typeName, Props props, IMessageExtractor extractor, object stopMessage)
    {
        var cluster = Cluster.Get(Sys);
        if (cluster.SelfMember.Status != MemberStatus.Up)
        {
            cluster.Join(cluster.SelfAddress);
            AwaitCondition(() => cluster.SelfMember.Status == MemberStatus.Up, TimeSpan.FromSeconds(30));
        }
        var sharding = ClusterSharding.Get(Sys);
        var settings = ClusterShardingSettings.Create(Sys);
        return sharding.Start(typeName, props, settings, extractor, sharding.DefaultShardAllocationStrategy(settings), stopMessage);
    }

    /// <summary>The entity ids a region holds now, through its state query.</summary>
    protected IReadOnlyList<string> EntityIds(IActorRef region) =>
        region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10)).Result
            .Shards.SelectMany(shard => shard.EntityIds).ToList();
}
