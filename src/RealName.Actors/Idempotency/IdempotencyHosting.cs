using Akka.Hosting;
using RealName.Actors.Buckets;

namespace RealName.Actors.Idempotency;

/// <summary>Marker key for the idempotency shard region in the <see cref="ActorRegistry"/>.</summary>
public sealed class IdempotencyMarker;

public static class IdempotencyHosting
{
    public const string ShardTypeName = "idempotency";

    /// <summary>
    /// Hosts the idempotency shard region: <see cref="BucketsHosting.Buckets"/> in-memory buckets of keys,
    /// spread over the cluster, so a retry that reaches another node finds its first answer. Needs <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddIdempotencyKeys(this AkkaConfigurationBuilder builder) =>
        builder.WithKeyBuckets<IdempotencyMarker>(ShardTypeName, clock => IdempotencyBucket.Props(clock, BucketsHosting.SweepEvery), IdempotencyProtocol.Stop.Instance);
}
