using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using Akka.TestKit.Xunit2;
using RealName.Actors.Mailboxes;

namespace RealName.Actors.Tests.Mailboxes;

/// <summary>
/// The sessions' mailbox: its queue keeps order and puts un-stashed messages first, loses nothing
/// under many producers, and a stashing actor on it behaves as on Akka's own deque mailbox.
/// </summary>
public sealed class LeanDequeMailboxSpecs() : TestKit(LeanDequeMailbox.Definition.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")))
{
    [Fact]
    public void Should_hand_out_messages_in_arrival_order_with_unstashed_ones_first_across_growth_and_wrap_around()
    {
        var queue = new LeanDequeMessageQueue();
        var expected = new List<int>();
        var next = 0;
        for (var round = 0; round < 50; round++)
        {
            // Arrivals, a front insert, then take some: the ring wraps, grows and shrinks.
            for (var i = 0; i < round % 7 + 1; i++)
            {
                queue.Enqueue(TestActor, Envelope(next));
                expected.Add(next++);
            }
            queue.EnqueueFirst(Envelope(-round));
            expected.Insert(0, -round);
            for (var i = 0; i < round % 5 + 1 && expected.Count > 0; i++)
            {
                Assert.True(queue.TryDequeue(out var envelope));
                Assert.Equal(expected[0], envelope.Message);
                expected.RemoveAt(0);
            }
            Assert.Equal(expected.Count, queue.Count);
            Assert.Equal(expected.Count > 0, queue.HasMessages);
        }
        foreach (var value in expected)
        {
            Assert.True(queue.TryDequeue(out var envelope));
            Assert.Equal(value, envelope.Message);
        }
        Assert.False(queue.TryDequeue(out _));
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public async Task Should_deliver_every_message_of_many_concurrent_producers_once_and_in_each_producers_order()
    {
        const int producers = 4;
        const int each = 20_000;
        var queue = new LeanDequeMessageQueue();
        var writers = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < each; i++)
                queue.Enqueue(TestActor, Envelope((p, i)));
        })).ToArray();

        var lastSeen = Enumerable.Repeat(-1, producers).ToArray();
        var received = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received < producers * each && DateTime.UtcNow < deadline)
        {
            if (!queue.TryDequeue(out var envelope))
                continue;
            var (p, i) = ((int, int))envelope.Message;
            Assert.Equal(lastSeen[p] + 1, i);
            lastSeen[p] = i;
            received++;
        }
        await Task.WhenAll(writers);

        Assert.Equal(producers * each, received);
        Assert.All(lastSeen, last => Assert.Equal(each - 1, last));
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void Should_hand_what_is_left_to_dead_letters_on_clean_up()
    {
        var queue = new LeanDequeMessageQueue();
        var deadLetters = new UnboundedMessageQueue();
        queue.Enqueue(TestActor, Envelope(1));
        queue.Enqueue(TestActor, Envelope(2));

        queue.CleanUp(TestActor, deadLetters);

        Assert.Equal(2, deadLetters.Count);
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void Should_let_a_stashing_actor_on_it_unstash_before_what_arrived_since()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor)).WithMailbox(LeanDequeMailbox.Id));

        gate.Tell("a");
        gate.Tell("b");
        gate.Tell(Gate.Open.Instance);
        gate.Tell("c");

        Assert.Equal(["a", "b", "c"], ReceiveN(3).Cast<string>());
        Assert.IsType<LeanDequeMessageQueue>(((ActorCell)((ActorRefWithCell)gate).Underlying).Mailbox!.MessageQueue);
    }

    private Envelope Envelope(object message) => new(message, TestActor);

    /// <summary>Stashes strings until opened, then forwards them to <c>target</c>.</summary>
    private sealed class Gate : ReceiveActor, IWithUnboundedStash
    {
        public Gate(IActorRef target)
        {
            Receive<string>(_ => Stash.Stash());
            Receive<Open>(_ =>
            {
                Become(() => Receive<string>(s => target.Tell(s)));
                Stash.UnstashAll();
            });
        }

        public IStash Stash { get; set; } = null!;

        public sealed class Open
        {
            public static readonly Open Instance = new();
        }
    }
}
