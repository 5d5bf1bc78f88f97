using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace RealName.Actors.Buckets;

public static class BucketsHosting
{
    /// <summary>Entities per region: a fixed number, so a region's memory no longer grows with its keys (a few KB of actor and sharding bookkeeping each).</summary>
    public const int Buckets = 1024;

    /// <summary>How often a bucket forgets its expired records.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private const int MaxShards = 100;

    /// <summary>The routing every node of a cluster uses: the same key reaches the same bucket.</summary>
    public static KeyBucketExtractor Extractor() => new(Buckets, MaxShards);

    /// <summary>
    /// Hosts a region of <see cref="Buckets"/> in-memory <see cref="RecordBucket{TRecord}"/> entities
    /// (ddata state, nothing remembered), spread over the cluster. Needs <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder WithKeyBuckets<TMarker>(
        this AkkaConfigurationBuilder builder, string typeName, Func<TimeProvider, Props> props, object stopMessage) =>
        builder.WithShardRegion<TMarker>(
            typeName,
            (_, _, resolver) =>
            {
                var bucket = props(resolver.GetService<TimeProvider>());
                return _ => bucket;
            },
            Extractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                // A bucket leaves memory when its records have; sharding's idle timer (120 s by default)
                // would drop a quiet bucket's 24 h answers and open budgets' windows.
                ShouldPassivateIdleEntities = false,
                HandOffStopMessage = stopMessage,
            });
}
