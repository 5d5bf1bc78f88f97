using Akka.Actor;
using Akka.Cluster.Sharding;
using RealName.Domain.Budgets;
using static RealName.Actors.Budgets.BudgetProtocol;

namespace RealName.Actors.Budgets;

/// <summary>
/// One budget subject, in memory only: the windows of <see cref="BudgetWindows"/>. It asks to be
/// passivated once every window it holds has closed, when forgetting it changes nothing. A budget
/// is not persisted: a hand-off (its node leaving) or a crash starts it afresh, which gives an
/// attacker at most one more window per such event — a node restart is not an attacker's lever.
/// </summary>
public sealed class BudgetActor : ReceiveActor
{
    private readonly TimeProvider _clock;
    private BudgetState _state = BudgetState.Empty;
    private BudgetLimit[] _limits = [];

    public BudgetActor(TimeProvider clock)
    {
        _clock = clock;
        Receive<Spend>(OnSpend);
        Receive<ReceiveTimeout>(_ => IdleCheck());
        Receive<Stop>(_ => Context.Stop(Self));
    }

    private void OnSpend(Spend spend)
    {
        var now = _clock.GetUtcNow();
        var decision = BudgetWindows.Spend(_state, spend.Limits, now, spend.Cost);
        _state = decision.State;
        _limits = spend.Limits;
        Sender.Tell(new Spent(decision.Granted, (long)Math.Ceiling(decision.RetryAfter.TotalMilliseconds)));
        ArmIdle(now);
    }

    private void IdleCheck()
    {
        var now = _clock.GetUtcNow();
        if (now >= BudgetWindows.IdleAfter(_state, _limits))
        {
            Context.SetReceiveTimeout(null);
            Context.Parent.Tell(new Passivate(Stop.Instance));
            return;
        }
        ArmIdle(now);
    }

    /// <summary>Wakes when the last window closes (on a test's fake clock, whenever real time reaches it; the check reads the clock).</summary>
    private void ArmIdle(DateTimeOffset now)
    {
        var idle = BudgetWindows.IdleAfter(_state, _limits) - now;
        Context.SetReceiveTimeout(idle > TimeSpan.FromSeconds(1) ? idle : TimeSpan.FromSeconds(1));
    }
}
