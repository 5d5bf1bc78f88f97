using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace RealName.Actors.Mailboxes;

/// <summary>
/// A mailbox for entities that live by the hundred thousand and see a message now and then
/// (sessions): the same unbounded, double-ended semantics as Akka's default mailbox for a stashing
/// (persistent) actor, at a fraction of its memory. Akka's queue is a lock-free
/// <c>ConcurrentQueue</c> whose first segment already holds 32 slots (≈ 1 KB per idle actor);
/// <see cref="LeanDequeMessageQueue"/> starts empty and grows as messages wait. See ADR 0009, addendum.
/// </summary>
public sealed class LeanDequeMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<LeanDequeMessageQueue>
{
    /// <summary>The configuration path an actor's <c>Props.WithMailbox</c> names.</summary>
    public const string Id = "realname.lean-deque-mailbox";

    /// <summary>The configuration that defines <see cref="Id"/>; every actor system that hosts such actors includes it.</summary>
    public static Config Definition { get; } = ConfigurationFactory.ParseString(
        $"{Id}.mailbox-type = \"{typeof(LeanDequeMailbox).FullName}, {typeof(LeanDequeMailbox).Assembly.GetName().Name}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new LeanDequeMessageQueue();
}

/// <summary>
/// Many producers, one consumer (the actor's dispatcher run), and a front for messages the actor
/// un-stashes. One short critical section per operation under a spin lock held in an
/// <see cref="int"/>: no lock object, no sync block, nothing allocated until the first message.
/// </summary>
public sealed class LeanDequeMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private Envelope[] _items = [];
    private int _head;
    private int _count;
    private int _locked;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        Enter();
        try
        {
            if (_count == _items.Length)
                Grow();
            _items[(_head + _count) % _items.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Puts <paramref name="envelope"/> before every waiting message (the stash's un-stash).</summary>
    public void EnqueueFirst(Envelope envelope)
    {
        Enter();
        try
        {
            if (_count == _items.Length)
                Grow();
            _head = (_head - 1 + _items.Length) % _items.Length;
            _items[_head] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
        finally
        {
            Exit();
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            envelope = default;
            return false;
        }
        Enter();
        try
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _items[_head];
            _items[_head] = default; // the queue must not keep a handled message (or its sender) alive
            _head = (_head + 1) % _items.Length;
            Volatile.Write(ref _count, _count - 1);
            if (_count == 0)
                Shrink();
            return true;
        }
        finally
        {
            Exit();
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }

    /// <summary>Doubles the ring (from 4), keeping the order from the head.</summary>
    private void Grow()
    {
        var grown = new Envelope[Math.Max(4, _items.Length * 2)];
        for (var i = 0; i < _count; i++)
            grown[i] = _items[(_head + i) % _items.Length];
        _items = grown;
        _head = 0;
    }

    /// <summary>An emptied ring that grew for a burst is let go: an idle actor keeps at most the first 4 slots (88 bytes).</summary>
    private void Shrink()
    {
        _head = 0;
        if (_items.Length > 4)
            _items = [];
    }

    private void Enter()
    {
        if (Interlocked.CompareExchange(ref _locked, 1, 0) == 0)
            return;
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _locked, 1, 0) != 0)
            spin.SpinOnce(sleep1Threshold: -1); // never a 1 ms sleep: the critical sections are a few instructions
    }

    private void Exit() => Volatile.Write(ref _locked, 0);
}
