using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;

namespace RealName.Benchmarks;

/// <summary>
/// An Ask through a shard region of a one-node cluster to a live entity (no persistence): the
/// routing cost every session request pays. One at a time, and 1,000 at once across 1,000 entities.
/// </summary>
public class ShardingBenchmarks
{
    private const int Entities = 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private ActorSystem _system = null!;
    private IActorRef _region = null!;

    [GlobalSetup]
    public void Setup()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.sharding.state-store-mode = ddata
            akka.cluster.distributed-data.durable.keys = []
            """);
        _system = ActorSystem.Create("sharding-benchmarks", config);
        var cluster = Cluster.Get(_system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        up.Task.Wait(Timeout);
        _region = ClusterSharding.Get(_system).Start("echo", Props.Create<Echo>(), ClusterShardingSettings.Create(_system), new Extractor());
        Task.WaitAll(Enumerable.Range(0, Entities).Select(i => _region.Ask<Envelope>(new Envelope(i), Timeout)).ToArray());
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task<Envelope> Sharded_ask_one() => _region.Ask<Envelope>(new Envelope(42), Timeout);

    [Benchmark(OperationsPerInvoke = Entities)]
    public Task Sharded_ask_1000_concurrent() =>
        Task.WhenAll(Enumerable.Range(0, Entities).Select(i => _region.Ask<Envelope>(new Envelope(i), Timeout)));

    public sealed record Envelope(int EntityId);

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class Extractor() : HashCodeMessageExtractor(100)
    {
        public override string EntityId(object message) => ((Envelope)message).EntityId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
