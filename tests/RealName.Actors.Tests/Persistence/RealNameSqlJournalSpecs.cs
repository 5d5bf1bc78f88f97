using Akka.Actor;
using Akka.Persistence;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Sessions;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// The production journal (<see cref="RealName.Persistence.Journal.RealNameSqlJournal"/>, configured by
/// <c>PersistenceHosting.Sqlite</c>) reads a persistence id's highest sequence number with its own query.
/// </summary>
public sealed class RealNameSqlJournalSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
{
    [Fact]
    public void Should_start_a_new_persistence_id_at_sequence_number_zero()
    {
        var counter = Sys.ActorOf(Props.Create<Counter>("counter-new"));

        counter.Tell(Counter.Get.Instance);

        Assert.Equal(0, ExpectMsg<long>());
    }

    [Fact]
    public void Should_continue_after_the_highest_stored_sequence_number_when_restarted()
    {
        var first = Sys.ActorOf(Props.Create<Counter>("counter-restarted"));
        for (var i = 0; i < 3; i++)
        {
            first.Tell(Counter.Increment.Instance);
            ExpectMsg<long>();
        }
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var second = Sys.ActorOf(Props.Create<Counter>("counter-restarted"));
        second.Tell(Counter.Get.Instance);
        var recovered = ExpectMsg<long>();
        second.Tell(Counter.Increment.Instance);

        Assert.Equal(3, recovered);
        Assert.Equal(4, ExpectMsg<long>());
    }

    /// <summary>
    /// Two incarnations of one persistence id (a split brain's): the journal's unique
    /// (persistence_id, sequence_number) refuses the second writer's event, so a replay never meets
    /// the interleaved writers Akka's replay filter repairs, and the production configuration turns
    /// that filter (an actor started for every recovery) off.
    /// </summary>
    [Fact]
    public void Should_refuse_a_second_writers_event_at_a_taken_sequence_number_so_replays_need_no_filter()
    {
        var first = Sys.ActorOf(Props.Create<Counter>("counter-two-writers"));
        var second = Sys.ActorOf(Props.Create<Counter>("counter-two-writers"));
        first.Tell(Counter.Get.Instance);
        second.Tell(Counter.Get.Instance);
        ExpectMsg<long>();
        ExpectMsg<long>();
        Watch(second);

        first.Tell(Counter.Increment.Instance);
        Assert.Equal(1, ExpectMsg<long>());
        second.Tell(Counter.Increment.Instance);

        ExpectTerminated(second); // its persist failed: sequence number 1 is taken
        var recovered = Sys.ActorOf(Props.Create<Counter>("counter-two-writers"));
        recovered.Tell(Counter.Get.Instance);
        Assert.Equal(1, ExpectMsg<long>());
        Assert.Equal("off", Sys.Settings.Config.GetString("akka.persistence.journal.sql.replay-filter.mode"));
    }

    /// <summary>Persists an event per increment (a registered type: the serializer refuses others) and answers with its sequence number.</summary>
    private sealed class Counter : ReceivePersistentActor
    {
        public Counter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<SessionEvents.InputRejected>(_ => { });
            Command<Get>(_ => Sender.Tell(LastSequenceNr));
            Command<Increment>(_ =>
            {
                var sender = Sender;
                Persist(new SessionEvents.InputRejected("tick", DateTimeOffset.UtcNow), _ => sender.Tell(LastSequenceNr));
            });
        }

        public override string PersistenceId { get; }

        public sealed record Get
        {
            public static readonly Get Instance = new();
        }

        public sealed record Increment
        {
            public static readonly Increment Instance = new();
        }
    }
}
