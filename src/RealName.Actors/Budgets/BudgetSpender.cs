using Akka.Actor;
using RealName.Domain.Budgets;

namespace RealName.Actors.Budgets;

/// <summary>A budget refused a spend inside an outside check (an SMS to a phone over its budget); nothing was sent.</summary>
public sealed class BudgetExhaustedException(TimeSpan retryAfter) : Exception("A cluster budget is spent.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>A budget named with its limits; <see cref="BudgetSpender"/> spends it for one subject.</summary>
public sealed record BudgetRule(string Name, BudgetLimit[] Limits);

/// <summary>
/// Spends cluster budgets through the budget region: the subject is keyed by <see cref="BudgetKeys"/>
/// before anything leaves this process. A spend that is not answered within the timeout throws
/// (<see cref="AskTimeoutException"/>): callers fail closed.
/// </summary>
public sealed class BudgetSpender(IActorRef region, byte[] keySecret, TimeSpan timeout)
{
    public TimeSpan Timeout => timeout;

    public Task<BudgetProtocol.Spent> SpendAsync(BudgetRule rule, string subject, CancellationToken ct = default) =>
        region.Ask<BudgetProtocol.Spent>(new BudgetProtocol.Spend(BudgetKeys.For(keySecret, rule.Name, subject), rule.Limits), timeout, ct);
}

/// <summary>How the hosting configures the SMS budget per phone: its rule and how long a send waits for the budget's answer.</summary>
public sealed record SmsBudgetSettings(BudgetRule Rule, TimeSpan Timeout)
{
    /// <summary>The budget's <c>RealName:RateLimits</c> key, named in its refusal (with its daily budget, <c>SmsPerPhonePerDay</c>).</summary>
    public const string Key = "SmsPerPhone";
}

/// <summary>The SMS budget per phone as <see cref="Sessions.SessionCheckRunner"/> spends it.</summary>
public sealed record SmsBudget(BudgetSpender Spender, BudgetRule Rule);
