using RealName.Domain.Sessions;
using RealName.Host.Projections.Running;

namespace RealName.Host.Tests.Projections;

/// <summary>The projector's cache of open sessions' states: bounded, and it keeps the sessions in progress.</summary>
public sealed class OpenSessionStatesSpecs
{
    private static SessionState State(string account, SessionStatus status = SessionStatus.RequiresInput) =>
        SessionState.Empty with { AccountId = new AccountId(account), Status = status };

    [Fact]
    public void Should_keep_the_sessions_projected_last_when_more_open_sessions_arrive_than_it_holds()
    {
        var cache = new OpenSessionStates(capacity: 1_000);
        for (var i = 0; i < 3_000; i++)
            cache.Remember($"vs_{i}", State("acc_a"), sequenceNr: 1);

        Assert.Equal(1_000, cache.Count);
        Assert.All(Enumerable.Range(2_000, 1_000), i => Assert.True(cache.TryGet($"vs_{i}", out _, out _), $"vs_{i} was dropped"));
        Assert.All(Enumerable.Range(0, 2_000), i => Assert.False(cache.TryGet($"vs_{i}", out _, out _), $"vs_{i} was kept"));
    }

    [Fact]
    public void Should_drop_the_session_projected_least_recently_not_the_one_created_first()
    {
        var cache = new OpenSessionStates(capacity: 3);
        cache.Remember("vs_a", State("acc_a"), 1);
        cache.Remember("vs_b", State("acc_a"), 1);
        cache.Remember("vs_c", State("acc_a"), 1);
        cache.Remember("vs_a", State("acc_a", SessionStatus.AwaitingScan), 2); // vs_a's next event: in progress again

        cache.Remember("vs_d", State("acc_a"), 1);

        Assert.False(cache.TryGet("vs_b", out _, out _));
        Assert.True(cache.TryGet("vs_a", out var a, out var aSequenceNr));
        Assert.Equal((SessionStatus.AwaitingScan, 2L), (a.Status, aSequenceNr));
        Assert.True(cache.TryGet("vs_c", out _, out _));
        Assert.True(cache.TryGet("vs_d", out _, out _));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Should_forget_a_session_and_every_session_of_an_erased_account()
    {
        var cache = new OpenSessionStates(capacity: 10);
        cache.Remember("vs_1", State("acc_erased"), 1);
        cache.Remember("vs_2", State("acc_kept"), 1);
        cache.Remember("vs_3", State("acc_erased"), 3);
        cache.Remember("vs_4", State("acc_kept"), 1);

        cache.ForgetAccount("acc_erased");
        cache.Forget("vs_4");

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("vs_2", out _, out _));
        Assert.False(cache.TryGet("vs_1", out _, out _));
        Assert.False(cache.TryGet("vs_3", out _, out _));
        Assert.False(cache.TryGet("vs_4", out _, out _));
        // Forgotten sessions leave no slot behind: the cache fills to its capacity again.
        for (var i = 0; i < 20; i++)
            cache.Remember($"vs_new_{i}", State("acc_kept"), 1);
        Assert.Equal(10, cache.Count);
    }
}
