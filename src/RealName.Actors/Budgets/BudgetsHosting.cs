using Akka.Hosting;
using RealName.Actors.Buckets;

namespace RealName.Actors.Budgets;

/// <summary>Marker key for the budget shard region in the <see cref="ActorRegistry"/>.</summary>
public sealed class ClusterBudgetMarker;

public static class BudgetsHosting
{
    public const string ShardTypeName = "budget";

    /// <summary>
    /// Hosts the budget shard region: <see cref="BucketsHosting.Buckets"/> in-memory buckets of budget
    /// subjects, spread over the cluster, so every node spends from the same budget. Needs <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddClusterBudgets(this AkkaConfigurationBuilder builder) =>
        builder.WithKeyBuckets<ClusterBudgetMarker>(ShardTypeName, clock => BudgetBucket.Props(clock, BucketsHosting.SweepEvery), BudgetProtocol.Stop.Instance);
}
