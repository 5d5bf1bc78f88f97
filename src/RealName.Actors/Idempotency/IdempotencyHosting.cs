using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace RealName.Actors.Idempotency;

/// <summary>Marker key for the idempotency shard region in the <see cref="ActorRegistry"/>.</summary>
public sealed class IdempotencyMarker;

/// <summary>Routes <see cref="IdempotencyProtocol.IIdempotencyMessage"/>s to their entity by key.</summary>
public sealed class IdempotencyMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => (message as IdempotencyProtocol.IIdempotencyMessage)?.Key;
}

public static class IdempotencyHosting
{
    public const string ShardTypeName = "idempotency";
    private const int MaxShards = 100;

    /// <summary>
    /// Hosts the idempotency shard region: one in-memory entity per key, spread over the cluster,
    /// so a retry that reaches another node finds its first answer. Needs <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddIdempotencyKeys(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<IdempotencyMarker>(
            ShardTypeName,
            (_, _, resolver) =>
            {
                var clock = resolver.GetService<TimeProvider>();
                return _ => Props.Create<IdempotencyActor>(clock);
            },
            new IdempotencyMessageExtractor(MaxShards),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                HandOffStopMessage = IdempotencyProtocol.Stop.Instance,
            });
}
