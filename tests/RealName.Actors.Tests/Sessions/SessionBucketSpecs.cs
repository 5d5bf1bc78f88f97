using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Sessions;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Persistence;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Tests.Sessions;

/// <summary>What a <see cref="SessionBucket"/> does for the sessions it holds: their streams, their order, their stays in memory.</summary>
public sealed class SessionBucketSpecs(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public async Task Should_write_each_sessions_events_to_its_own_stream_while_they_share_a_bucket()
    {
        var bucket = StartBucket();
        var (first, second) = (SessionId.New().Value, SessionId.New().Value);

        bucket.Tell(new Create(first, "acc_first", VerificationMethod.Face, "req"));
        bucket.Tell(new Create(second, "acc_second", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        ExpectMsg<SessionReply>();
        bucket.Tell(new SubmitIdentity(first, new Sensitive("张三"), new Sensitive(IdNumber)));
        Assert.Equal(SessionStatus.AwaitingScan, ExpectMsg<SessionReply>().Session!.Status);

        var firstEvents = await JournalEventsAsync("session-" + first);
        var secondEvents = await JournalEventsAsync("session-" + second);
        Assert.Equal([typeof(SessionEvents.Created), typeof(SessionEvents.IdentityAccepted)], firstEvents.Select(e => e.GetType()));
        Assert.Equal(new SessionId(first), Assert.IsType<SessionEvents.Created>(firstEvents[0]).SessionId);
        Assert.Equal(new SessionId(second), Assert.IsType<SessionEvents.Created>(Assert.Single(secondEvents)).SessionId);
    }

    [Fact]
    public void Should_run_a_sessions_next_command_after_its_write_in_flight_is_stored()
    {
        var bucket = StartBucket();
        var id = SessionId.New().Value;

        // Sent together: the submission must be decided against the stored creation, never against an empty session.
        bucket.Tell(new Create(id, "acc_order", VerificationMethod.Face, "req"));
        bucket.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));

        Assert.Equal(SessionStatus.RequiresInput, ExpectMsg<SessionReply>().Session!.Status);
        var submitted = ExpectMsg<SessionReply>();
        Assert.Null(submitted.Error);
        Assert.Equal(SessionStatus.AwaitingScan, submitted.Session!.Status);
    }

    [Fact]
    public void Should_stop_on_the_hand_off_message_only_once_its_write_in_flight_is_stored()
    {
        var bucket = StartBucket();
        var id = SessionId.New().Value;
        Watch(bucket);

        bucket.Tell(new Create(id, "acc_handoff", VerificationMethod.Face, "req"));
        bucket.Tell(Stop.Instance);

        Assert.Null(ExpectMsg<SessionReply>().Error); // answered before the bucket stops
        ExpectTerminated(bucket);
        var next = StartBucket();
        next.Tell(new Get(id));
        Assert.Equal(SessionStatus.RequiresInput, ExpectMsg<SessionReply>().Session!.Status);
    }

    [Fact]
    public void Should_let_an_idle_session_leave_memory_for_the_sweeper_and_read_it_again_on_its_next_message()
    {
        var local = new LocalSessions();
        var sweeper = CreateTestProbe();
        var bucket = StartBucket(new SessionSettings { PassivateAfter = TimeSpan.FromSeconds(1) }, local: local, sweeper: sweeper.Ref);
        var id = SessionId.New().Value;
        bucket.Tell(new Create(id, "acc_idle", VerificationMethod.Face, "req"));
        var created = ExpectMsg<SessionReply>().Session!;
        Assert.True(local.TryGet(id, out _));

        var idle = sweeper.ExpectMsg<IdleOpen>(TimeSpan.FromSeconds(10)); // an open session left: the sweeper wakes it at its deadline
        Assert.Equal(id, idle.SessionId);
        Assert.Equal(created.ExpiresAt, idle.ExpiresAt);
        Assert.False(local.TryGet(id, out _));

        bucket.Tell(new Get(id));
        Assert.Equal(SessionStatus.RequiresInput, ExpectMsg<SessionReply>().Session!.Status);
        Assert.True(local.TryGet(id, out _));
    }

    [Fact]
    public void Should_let_a_session_whose_write_lost_its_sequence_number_leave_memory_and_read_it_again()
    {
        var local = new LocalSessions();
        var sweeper = CreateTestProbe();
        var bucket = StartBucket(local: local, sweeper: sweeper.Ref);
        var id = SessionId.New().Value;
        bucket.Tell(new Create(id, "acc_intruded", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();

        // A second writer of the session's stream takes its next sequence number (the journal's key refuses a reuse).
        var intruder = Sys.ActorOf(Props.Create(() => new Intruder("session-" + id)));
        intruder.Tell(Intruder.Write.Instance);
        ExpectMsg<Akka.Done>();
        bucket.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));

        Assert.Equal(id, sweeper.ExpectMsg<IdleOpen>().SessionId); // it left memory, still open as far as it knew
        Assert.False(local.TryGet(id, out _));
        bucket.Tell(new Get(id));
        Assert.Equal(SessionStatus.Canceled, ExpectMsg<SessionReply>().Session!.Status); // read again: the other writer's event is in it
    }

    [Fact]
    public async Task Should_keep_serving_its_other_sessions_when_one_sessions_replay_fails()
    {
        var first = StartBucket();
        var (broken, sound) = (SessionId.New().Value, SessionId.New().Value);
        first.Tell(new Create(broken, "acc_broken", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        Watch(first);
        first.Tell(Stop.Instance);
        ExpectTerminated(first);
        await using (var journal = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataPath, PersistenceHosting.JournalFile) }.ToString()))
        {
            await journal.OpenAsync();
            await using var unreadable = journal.CreateCommand();
            unreadable.CommandText = "UPDATE journal SET manifest = 'no-such-manifest' WHERE persistence_id = @pid";
            unreadable.Parameters.AddWithValue("@pid", "session-" + broken);
            Assert.Equal(1, await unreadable.ExecuteNonQueryAsync());
        }
        var bucket = StartBucket();

        bucket.Tell(new Get(broken)); // its replay fails: no answer, as from a session whose recovery failed
        bucket.Tell(new Create(sound, "acc_sound", VerificationMethod.Face, "req"));

        Assert.Equal(sound, ExpectMsg<SessionReply>().Session!.Id); // the next replay ran, and nothing came for the broken one
    }

    [Fact]
    public async Task Should_drop_an_outside_checks_answer_that_arrives_after_its_session_left_memory()
    {
        var registry = CreateTestProbe();
        var sweeper = CreateTestProbe();
        var bucket = StartBucket(new SessionSettings { PassivateAfter = TimeSpan.FromSeconds(1) }, registry: registry.Ref, sweeper: sweeper.Ref);
        var id = SessionId.New().Value;
        bucket.Tell(new Create(id, "acc_stale", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        bucket.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
        registry.ExpectMsg<RegistryProtocol.Check>(); // the check is out; its answer is held back
        var check = registry.LastSender;
        sweeper.ExpectMsg<IdleOpen>(TimeSpan.FromSeconds(10)); // meanwhile the session idled out of memory
        bucket.Tell(new Get(id)); // and came back: another stay
        Assert.Equal(SessionStatus.RequiresInput, ExpectMsg<SessionReply>().Session!.Status);

        check.Tell(new RegistryProtocol.Verdict(null, null)); // the first stay's check answers

        ExpectNoMsg(TimeSpan.FromSeconds(1)); // decided by the new stay, it would answer the submission and write
        Assert.Equal([typeof(SessionEvents.Created)], (await JournalEventsAsync("session-" + id)).Select(e => e.GetType()));
    }

    /// <summary>Another writer of a session's stream: persists a <c>Canceled</c> event after what it recovered.</summary>
    private sealed class Intruder(string persistenceId) : UntypedPersistentActor
    {
        public override string PersistenceId => persistenceId;

        protected override void OnCommand(object message)
        {
            var sender = Sender;
            Persist(new SessionEvents.Canceled(DateTimeOffset.UtcNow), _ => sender.Tell(Akka.Done.Instance));
        }

        protected override void OnRecover(object message)
        {
        }

        public sealed class Write
        {
            public static readonly Write Instance = new();
        }
    }
}
