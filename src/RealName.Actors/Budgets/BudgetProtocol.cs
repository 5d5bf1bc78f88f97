using RealName.Actors.Buckets;
using RealName.Actors.Serialization;
using RealName.Domain.Budgets;

namespace RealName.Actors.Budgets;

/// <summary>What the budget region understands: one spend, one answer.</summary>
public static class BudgetProtocol
{
    /// <summary>Routed by <see cref="IBucketedMessage.Key"/>: the budget's name and the subject's keyed hash (<see cref="BudgetKeys"/>), never a personal value.</summary>
    public interface IBudgetMessage : IBucketedMessage;

    /// <summary>
    /// Spend <paramref name="Cost"/> of the budget <paramref name="Key"/> under <paramref name="Limits"/>.
    /// The limits travel with the spend, so the bucket needs no configuration of its own (every
    /// node of a cluster runs the same configuration).
    /// </summary>
    public sealed record Spend(string Key, BudgetLimit[] Limits, int Cost = 1) : IBudgetMessage;

    /// <summary>Granted, or refused with the milliseconds until it could be.</summary>
    public sealed record Spent(bool Granted, long RetryAfterMs) : IRealNameMessage
    {
        public TimeSpan RetryAfter => TimeSpan.FromMilliseconds(RetryAfterMs);
    }

    /// <summary>The bucket's own stop message on passivation and hand-off.</summary>
    public sealed record Stop : IRealNameMessage
    {
        public static readonly Stop Instance = new();
    }
}
