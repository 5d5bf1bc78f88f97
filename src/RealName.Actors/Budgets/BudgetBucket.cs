using Akka.Actor;
using RealName.Actors.Buckets;
using RealName.Domain.Budgets;
using static RealName.Actors.Budgets.BudgetProtocol;

namespace RealName.Actors.Budgets;

/// <summary>
/// One bucket of budget subjects, in memory only: each subject's windows of <see cref="BudgetWindows"/>,
/// forgotten once they have all closed, when forgetting changes nothing. A budget is not persisted: a
/// hand-off (its node leaving) or a crash starts its bucket afresh, which gives an attacker at most one
/// more window per such event — a node restart is not an attacker's lever.
/// </summary>
public sealed class BudgetBucket : RecordBucket<BudgetBucket.Subject>
{
    public BudgetBucket(TimeProvider clock, TimeSpan sweepEvery) : base(clock, sweepEvery, Stop.Instance) =>
        Receive<Spend>(OnSpend);

    public static Props Props(TimeProvider clock, TimeSpan sweepEvery) =>
        Akka.Actor.Props.Create(() => new BudgetBucket(clock, sweepEvery));

    /// <summary>One subject's windows, and the limits they were counted under.</summary>
    public sealed record Subject(BudgetState State, BudgetLimit[] Limits);

    protected override DateTimeOffset ForgetAfter(Subject subject) => BudgetWindows.IdleAfter(subject.State, subject.Limits);

    private void OnSpend(Spend spend)
    {
        var slot = Slot(spend.Key);
        var decision = BudgetWindows.Spend(Find(slot)?.State ?? BudgetState.Empty, spend.Limits, Clock.GetUtcNow(), spend.Cost);
        Keep(slot, new Subject(decision.State, spend.Limits));
        Sender.Tell(new Spent(decision.Granted, (long)Math.Ceiling(decision.RetryAfter.TotalMilliseconds)));
    }
}
