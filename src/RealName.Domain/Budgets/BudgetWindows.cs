namespace RealName.Domain.Budgets;

/// <summary><see cref="Permits"/> spends per <see cref="Window"/>: a fixed window that opens at the first spend after the last one closed.</summary>
public readonly record struct BudgetLimit(int Permits, TimeSpan Window);

/// <summary>One window of a budget: when it opened and how much of it is spent.</summary>
public readonly record struct WindowCount(DateTimeOffset OpenedAt, int Spent);

/// <summary>
/// The state of one budget subject (an account, a phone's key, a client address…): one window per
/// limit, so a budget may say "5 an hour and 10 a day" at once.
/// </summary>
public sealed record BudgetState(WindowCount[] Windows)
{
    public static readonly BudgetState Empty = new([]);
}

/// <summary>The answer to a spend: granted or not, how long until it could be, and the next state.</summary>
public readonly record struct BudgetDecision(bool Granted, TimeSpan RetryAfter, BudgetState State);

/// <summary>
/// The window arithmetic of the cluster's budgets, pure: no clock (times come in), no actor. A spend
/// is granted only when every limit has room for it, and then spends on every limit; a refused
/// spend spends nothing (a refused caller cannot push the window further out).
/// </summary>
public static class BudgetWindows
{
    public static BudgetDecision Spend(BudgetState state, IReadOnlyList<BudgetLimit> limits, DateTimeOffset now, int cost = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 1);
        // Limits that changed shape (another configuration) start afresh rather than misread counts.
        var windows = state.Windows.Length == limits.Count ? (WindowCount[])state.Windows.Clone() : new WindowCount[limits.Count];
        var retryAfter = TimeSpan.Zero;
        for (var i = 0; i < limits.Count; i++)
        {
            var window = Normalize(limits[i]).Window;
            if (windows[i].OpenedAt == default || now >= windows[i].OpenedAt + window || now < windows[i].OpenedAt)
                windows[i] = new WindowCount(now, 0);
            if (windows[i].Spent + cost > Normalize(limits[i]).Permits)
                retryAfter = Max(retryAfter, windows[i].OpenedAt + window - now);
        }
        if (retryAfter > TimeSpan.Zero)
            return new BudgetDecision(false, retryAfter, new BudgetState(windows));
        for (var i = 0; i < windows.Length; i++)
            windows[i] = windows[i] with { Spent = windows[i].Spent + cost };
        return new BudgetDecision(true, TimeSpan.Zero, new BudgetState(windows));
    }

    /// <summary>When every window of the state has closed: after this the state is the same as <see cref="BudgetState.Empty"/>, so its keeper may leave memory.</summary>
    public static DateTimeOffset IdleAfter(BudgetState state, IReadOnlyList<BudgetLimit> limits)
    {
        var until = DateTimeOffset.MinValue;
        for (var i = 0; i < state.Windows.Length && i < limits.Count; i++)
            if (state.Windows[i].OpenedAt + Normalize(limits[i]).Window > until)
                until = state.Windows[i].OpenedAt + Normalize(limits[i]).Window;
        return until;
    }

    /// <summary>At least one permit and a positive window: a zero in configuration never means "unlimited".</summary>
    public static BudgetLimit Normalize(BudgetLimit limit) =>
        new(Math.Max(1, limit.Permits), limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
