using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace RealName.Actors.Budgets;

/// <summary>Marker key for the budget shard region in the <see cref="ActorRegistry"/>.</summary>
public sealed class ClusterBudgetMarker;

public static class BudgetsHosting
{
    public const string ShardTypeName = "budget";
    private const int MaxShards = 100;

    /// <summary>
    /// Hosts the budget shard region: one in-memory entity per budget subject, spread over the
    /// cluster, so every node spends from the same budget. Needs <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddClusterBudgets(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<ClusterBudgetMarker>(
            ShardTypeName,
            (_, _, resolver) =>
            {
                var clock = resolver.GetService<TimeProvider>();
                return _ => Props.Create<BudgetActor>(clock);
            },
            new BudgetMessageExtractor(MaxShards),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                HandOffStopMessage = BudgetProtocol.Stop.Instance,
            });
}
