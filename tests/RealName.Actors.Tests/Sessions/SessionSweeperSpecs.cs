using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Providers;
using RealName.Actors.Sessions;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Sessions;
using RealName.Persistence;
using RealName.Persistence.Sqlite;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Tests.Sessions;

public sealed class SessionSweeperSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly SessionSettings _settings = new() { SweepInterval = TimeSpan.FromMilliseconds(200) };

    private IActorRef StartSession(string id, IActorRef? sweeper = null)
    {
        var target = sweeper ?? ActorRefs.Nobody;
        Func<IActorRef> sweeperRef = () => target;
        return Sys.ActorOf(SessionBucket.Props(new SessionDependencies(_settings, TestProviders.Sandbox(_clock), ActorRefs.Nobody, _clock, Secrets.IdKeySecret, Keys, sweeperRef)));
    }

    private IActorRef StartSweeper(IActorRef region) =>
        Sys.ActorOf(Props.Create(() => new SessionSweeper(region, _clock, _settings, PersistencePlugins.QueryId)));

    private int OpenCount(IActorRef sweeper)
    {
        sweeper.Tell(SessionSweeper.GetOpenCount.Instance);
        return ExpectMsg<int>();
    }

    private void CreateAndStop(string id, bool cancel = false, IActorRef? sweeper = null)
    {
        var session = StartSession(id, sweeper);
        session.Tell(new Create(id, "acc_sweep", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        if (cancel)
        {
            session.Tell(new Cancel(id));
            ExpectMsg<SessionReply>();
        }
        Watch(session);
        session.Tell(Stop.Instance);
        ExpectTerminated(session);
    }

    [Fact]
    public void Should_wake_overdue_passivated_session_and_leave_ended_ones_alone()
    {
        var idle = SessionId.New().Value;
        var ended = SessionId.New().Value;
        CreateAndStop(idle);
        CreateAndStop(ended, cancel: true);
        var region = CreateTestProbe();
        var sweeper = Sys.ActorOf(Props.Create(() => new SessionSweeper(region.Ref, _clock, _settings, PersistencePlugins.QueryId)));
        AwaitAssert(() =>
        {
            sweeper.Tell(SessionSweeper.GetOpenCount.Instance);
            Assert.True(ExpectMsg<int>() >= 1);
        }, TimeSpan.FromSeconds(10));
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        _clock.Advance(_settings.Ttl + TimeSpan.FromSeconds(1));

        var wake = region.FishForMessage<WakeUp>(w => w.SessionId == idle, TimeSpan.FromSeconds(10));
        Assert.Equal(idle, wake.SessionId);
    }

    [Fact]
    public async Task Should_end_untouched_session_as_expired_once_woken()
    {
        var id = SessionId.New().Value;
        CreateAndStop(id);
        _clock.Advance(_settings.Ttl + TimeSpan.FromSeconds(1));
        var region = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new SessionSweeper(region.Ref, _clock, _settings, PersistencePlugins.QueryId)));

        // Play the shard region: start the entity for the woken id.
        var wake = region.FishForMessage<WakeUp>(w => w.SessionId == id, TimeSpan.FromSeconds(10));
        StartSession(wake.SessionId).Tell(wake);

        await AwaitAssertAsync(async () =>
            Assert.Contains(await JournalEventsAsync(new SessionId(id).PersistenceId), e => e is SessionEvents.Expired), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Should_wake_a_session_that_left_memory_while_open_from_its_own_report_not_the_journal()
    {
        var region = CreateTestProbe();
        var sweeper = StartSweeper(region.Ref);
        // The sweeper wakes nothing while its start-up catch-up reads the journal: once it wakes a report, the catch-up
        // is over. Sessions made before that could be half read by it (a Created without its Canceled) and woken too.
        var probe = SessionId.New().Value;
        sweeper.Tell(new IdleOpen(probe, _clock.GetUtcNow()));
        Assert.Equal(probe, region.ExpectMsg<WakeUp>(TimeSpan.FromSeconds(10)).SessionId);
        Assert.Equal(0, OpenCount(sweeper)); // the start-up catch-up found nothing
        var idle = SessionId.New().Value;
        var ended = SessionId.New().Value;

        CreateAndStop(idle, sweeper: sweeper);
        CreateAndStop(ended, cancel: true, sweeper: sweeper);

        // Only the open one reported; the sweeper reads the journal again only after a member is removed.
        AwaitAssert(() => Assert.Equal(1, OpenCount(sweeper)), TimeSpan.FromSeconds(10));
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        _clock.Advance(_settings.Ttl + TimeSpan.FromSeconds(1));
        Assert.Equal(idle, region.ExpectMsg<WakeUp>(TimeSpan.FromSeconds(10)).SessionId);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(600)); // woken once, then forgotten
        Assert.Equal(0, OpenCount(sweeper));
    }
}
