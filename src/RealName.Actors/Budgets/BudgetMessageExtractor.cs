using Akka.Cluster.Sharding;

namespace RealName.Actors.Budgets;

/// <summary>Routes <see cref="BudgetProtocol.IBudgetMessage"/>s to their entity by budget key.</summary>
public sealed class BudgetMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => (message as BudgetProtocol.IBudgetMessage)?.Key;
}
