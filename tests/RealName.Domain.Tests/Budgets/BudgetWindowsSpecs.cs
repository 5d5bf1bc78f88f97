using RealName.Domain.Budgets;

namespace RealName.Domain.Tests.Budgets;

public sealed class BudgetWindowsSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly BudgetLimit[] FivePerHourTenPerDay = [new(5, TimeSpan.FromHours(1)), new(10, TimeSpan.FromDays(1))];

    private static (BudgetState State, int Granted) SpendMany(BudgetState state, IReadOnlyList<BudgetLimit> limits, DateTimeOffset now, int times)
    {
        var granted = 0;
        for (var i = 0; i < times; i++)
        {
            var decision = BudgetWindows.Spend(state, limits, now);
            state = decision.State;
            granted += decision.Granted ? 1 : 0;
        }
        return (state, granted);
    }

    [Fact]
    public void Should_grant_the_permits_of_a_window_and_refuse_the_next_with_the_time_until_it_closes()
    {
        var (state, granted) = SpendMany(BudgetState.Empty, [new BudgetLimit(3, TimeSpan.FromMinutes(10))], T0, 3);

        var refused = BudgetWindows.Spend(state, [new BudgetLimit(3, TimeSpan.FromMinutes(10))], T0.AddMinutes(4));

        Assert.Equal(3, granted);
        Assert.False(refused.Granted);
        Assert.Equal(TimeSpan.FromMinutes(6), refused.RetryAfter);
    }

    [Fact]
    public void Should_open_a_new_window_once_the_old_one_closed()
    {
        var limits = new[] { new BudgetLimit(2, TimeSpan.FromMinutes(1)) };
        var (state, _) = SpendMany(BudgetState.Empty, limits, T0, 2);

        var later = BudgetWindows.Spend(state, limits, T0.AddMinutes(1));

        Assert.True(later.Granted);
        Assert.Equal(1, later.State.Windows[0].Spent);
    }

    [Fact]
    public void Should_hold_both_an_hourly_and_a_daily_limit()
    {
        var (state, firstHour) = SpendMany(BudgetState.Empty, FivePerHourTenPerDay, T0, 8);
        (state, var secondHour) = SpendMany(state, FivePerHourTenPerDay, T0.AddHours(1), 8);
        var third = BudgetWindows.Spend(state, FivePerHourTenPerDay, T0.AddHours(2));

        Assert.Equal(5, firstHour);
        Assert.Equal(5, secondHour);
        Assert.False(third.Granted);
        Assert.Equal(TimeSpan.FromHours(22), third.RetryAfter);
    }

    [Fact]
    public void Should_spend_nothing_on_a_refused_spend()
    {
        var limits = new[] { new BudgetLimit(1, TimeSpan.FromHours(1)), new BudgetLimit(100, TimeSpan.FromDays(1)) };
        var (state, _) = SpendMany(BudgetState.Empty, limits, T0, 50);

        Assert.Equal(1, state.Windows[1].Spent);
    }

    [Fact]
    public void Should_be_idle_once_every_window_has_closed()
    {
        var (state, _) = SpendMany(BudgetState.Empty, FivePerHourTenPerDay, T0, 1);

        Assert.Equal(T0.AddDays(1), BudgetWindows.IdleAfter(state, FivePerHourTenPerDay));
    }

    [Fact]
    public void Should_never_read_a_zero_limit_as_unlimited()
    {
        var limits = new[] { new BudgetLimit(0, TimeSpan.Zero) };
        var (_, granted) = SpendMany(BudgetState.Empty, limits, T0, 5);

        Assert.Equal(1, granted);
    }

    [Fact]
    public void Should_start_afresh_when_the_limits_change_shape()
    {
        var (state, _) = SpendMany(BudgetState.Empty, [new BudgetLimit(1, TimeSpan.FromHours(1))], T0, 1);

        Assert.True(BudgetWindows.Spend(state, FivePerHourTenPerDay, T0).Granted);
    }
}
