using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// The sharding entity of the session region: one bucket of sessions (ADR 0015), each a <see cref="LiveSession"/>
/// value rather than an actor of its own. A session keeps its own event stream (<c>session-vs_…</c>): the bucket
/// speaks the journal's protocol for it — <see cref="ReplayMessages"/> when one of its messages first arrives,
/// <see cref="WriteMessages"/> for its events — as a persistent actor would, so the journal, its tags, the
/// projection and the sweeper see the same rows as before.
/// </summary>
/// <remarks>
/// <para>Exactly once: the region runs one bucket per id in the cluster, so each session has one writer; a session
/// runs one message at a time, and while its replay or a write is in flight its next messages wait in order.
/// Sessions of one bucket share only the mailbox.</para>
/// <para>Replays run one at a time per bucket: the journal's <see cref="RecoverySuccess"/> names no persistence id.</para>
/// <para>A session leaves memory when it has been idle for <see cref="SessionSettings.PassivateAfter"/>, when its write
/// fails, or with its bucket (passivation, hand-off); an open one is then the sweeper's to wake at its deadline.
/// On the hand-off's stop message the bucket stops once no write or replay of it is in flight.</para>
/// </remarks>
public sealed class SessionBucket : UntypedActor, IWithTimers, ISessionHost
{
    private readonly SessionDependencies _shared;
    private readonly Dictionary<string, LiveSession> _sessions = new(StringComparer.Ordinal);
    private readonly IActorRef _journal;

    /// <summary>One writer id per stay of the bucket, as each incarnation of a persistent actor has one.</summary>
    private readonly string _writerGuid = Guid.NewGuid().ToString();

    private readonly Queue<LiveSession> _toReplay = new();
    private readonly Dictionary<int, Write> _writes = new();
    private LiveSession? _replaying;
    private int _lastWrite;
    private int _lastIncarnation;
    private bool _stopping;

    public SessionBucket(SessionDependencies shared)
    {
        _shared = shared;
        _journal = Akka.Persistence.Persistence.Instance.Apply(Context.System).JournalFor(null);
        Log = Context.GetLogger();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public ILoggingAdapter Log { get; }

    /// <summary>The region's props, one for all its buckets.</summary>
    public static Props Props(SessionDependencies shared) => Akka.Actor.Props.Create<SessionBucket>(shared);

    /// <summary>How long a replay may take before the bucket gives up and stops (its sessions are read again on their next message).</summary>
    public static readonly TimeSpan ReplayTimeout = TimeSpan.FromSeconds(30);

    protected override void PreStart()
    {
        var every = _shared.Settings.PassivateAfter / 4;
        Timers.StartPeriodicTimer(nameof(LetIdleGo), LetIdleGo.Instance, every > MinIdleCheck ? every : MinIdleCheck);
    }

    private static readonly TimeSpan MinIdleCheck = TimeSpan.FromSeconds(1);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ISessionMessage m:
                Deliver(m.SessionId, message, Sender);
                break;
            case ForgetAccountInBucket f:
                foreach (var id in _sessions.Keys.ToList())
                    Deliver(id, new ForgetAccount(id, f.AccountId, f.ErasedAt, f.By), ActorRefs.NoSender!);
                break;
            case ToSession t:
                if (_sessions.TryGetValue(t.SessionId, out var session) && session.Incarnation == t.Incarnation)
                    Run(session, t.Message, ActorRefs.NoSender!);
                break;
            case ReplayedMessage replayed:
                if (_replaying is { } r && replayed.Persistent.PersistenceId == r.PersistenceId)
                    r.Recover(replayed.Persistent.Payload, replayed.Persistent.SequenceNr);
                break;
            case RecoverySuccess success:
                OnReplayed(success.HighestSequenceNr);
                break;
            case ReplayMessagesFailure failure:
                OnReplayFailed(failure.Cause);
                break;
            case ReplayTimedOut timedOut:
                if (_replaying is { } stuck && stuck.Incarnation == timedOut.Incarnation)
                {
                    // A late RecoverySuccess could not be told from the next replay's: stop, and read again later.
                    Log.Warning("A session's replay took longer than {0}; its bucket stops", ReplayTimeout);
                    Context.Stop(Self);
                }
                break;
            case WriteMessageSuccess written:
                OnWritten(written.ActorInstanceId);
                break;
            case WriteMessageFailure failed:
                OnWriteFailed(failed.ActorInstanceId, failed.Cause, "failed");
                break;
            case WriteMessageRejected rejected:
                OnWriteFailed(rejected.ActorInstanceId, rejected.Cause, "was rejected");
                break;
            case WriteMessagesSuccessful or WriteMessagesFailed:
                break; // each write's own answer follows
            case LetIdleGo:
                OnLetIdleGo();
                break;
            case Stop:
                _stopping = true;
                StopIfQuiet();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Every session still in memory leaves with the bucket.</summary>
    protected override void PostStop()
    {
        foreach (var session in _sessions.Values)
            session.Left();
        _sessions.Clear();
    }

    private void Deliver(string id, object message, IActorRef sender)
    {
        if (_sessions.TryGetValue(id, out var session))
        {
            Run(session, message, sender);
            return;
        }
        session = new LiveSession(id, ++_lastIncarnation, this, _shared) { Busy = true };
        _sessions[id] = session;
        Wait(session, message, sender);
        if (_replaying is null)
            Replay(session);
        else
            _toReplay.Enqueue(session);
    }

    private void Run(LiveSession session, object message, IActorRef sender)
    {
        if (session.Busy)
        {
            Wait(session, message, sender);
            return;
        }
        session.LastTouched = Environment.TickCount64;
        session.Handle(message, sender);
        Drain(session);
    }

    private static void Wait(LiveSession session, object message, IActorRef sender) =>
        (session.Waiting ??= new Queue<(object, IActorRef)>()).Enqueue((message, sender));

    /// <summary>Runs the session's waiting messages until one starts a write; forgets a session that was never created.</summary>
    private void Drain(LiveSession session)
    {
        while (!session.Busy && session.Waiting is { Count: > 0 } waiting)
        {
            var (message, sender) = waiting.Dequeue();
            session.LastTouched = Environment.TickCount64;
            session.Handle(message, sender);
        }
        if (session.Waiting is { Count: 0 })
            session.Waiting = null;
        if (!session.Busy && !session.Exists && _sessions.GetValueOrDefault(session.Id) == session)
            _sessions.Remove(session.Id);
    }

    private void Replay(LiveSession session)
    {
        _replaying = session;
        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, session.PersistenceId, Self));
        Timers.StartSingleTimer(nameof(ReplayTimedOut), new ReplayTimedOut(session.Incarnation), ReplayTimeout);
    }

    private void OnReplayed(long highestSequenceNr)
    {
        if (_replaying is not { } session)
            return;
        _replaying = null;
        Timers.Cancel(nameof(ReplayTimedOut));
        session.SequenceNr = Math.Max(session.SequenceNr, highestSequenceNr);
        session.Busy = false;
        session.LastTouched = Environment.TickCount64;
        session.Recovered();
        Drain(session);
        ReplayNext();
    }

    private void OnReplayFailed(Exception cause)
    {
        if (_replaying is not { } session)
            return;
        _replaying = null;
        Timers.Cancel(nameof(ReplayTimedOut));
        Log.Warning("A session's replay failed ({0}); its waiting messages are dropped", cause.GetType().Name);
        _sessions.Remove(session.Id); // nothing was stored for it: its next message reads it again
        ReplayNext();
    }

    private void ReplayNext()
    {
        if (_toReplay.TryDequeue(out var next))
            Replay(next);
        else
            StopIfQuiet();
    }

    void ISessionHost.Persist(LiveSession session, IReadOnlyList<object> payloads, Action stored)
    {
        session.Busy = true;
        var id = ++_lastWrite;
        var events = ImmutableList.CreateBuilder<IPersistentRepresentation>();
        foreach (var payload in payloads)
            events.Add(new Persistent(payload, ++session.SequenceNr, session.PersistenceId, string.Empty, false, ActorRefs.NoSender, _writerGuid));
        _writes[id] = new Write(session, payloads.Count, stored);
        _journal.Tell(new WriteMessages([new AtomicWrite(events.ToImmutable())], Self, id));
    }

    private void OnWritten(int id)
    {
        if (!_writes.TryGetValue(id, out var write) || --write.Remaining > 0)
            return;
        _writes.Remove(id);
        write.Session.Busy = false;
        write.Stored();
        Drain(write.Session);
        StopIfQuiet();
    }

    private void OnWriteFailed(int id, Exception cause, string what)
    {
        if (!_writes.Remove(id, out var write))
            return; // the same write's other events
        Log.Warning("A session's write {0} ({1}); the session leaves memory and is read again on its next message", what, cause.GetType().Name);
        if (_sessions.GetValueOrDefault(write.Session.Id) == write.Session)
            _sessions.Remove(write.Session.Id);
        write.Session.Left();
        StopIfQuiet();
    }

    private void OnLetIdleGo()
    {
        var idleSince = Environment.TickCount64 - (long)_shared.Settings.PassivateAfter.TotalMilliseconds;
        foreach (var (id, session) in _sessions)
        {
            if (session.Busy || session.Waiting is not null || session.LastTouched > idleSince)
                continue;
            _sessions.Remove(id);
            session.Left();
        }
    }

    private void StopIfQuiet()
    {
        if (_stopping && _writes.Count == 0 && _replaying is null)
            Context.Stop(Self);
    }

    void ISessionHost.ScheduleOnce(LiveSession session, TimeSpan delay, object message) =>
#pragma warning disable AK1004 // idempotent and cheap to drop: a message for a session that left is dropped on arrival
        Context.System.Scheduler.ScheduleTellOnce(delay, Self, new ToSession(session.Id, session.Incarnation, message), ActorRefs.NoSender);
#pragma warning restore AK1004

    void ISessionHost.PipeToSelf<T>(LiveSession session, Task<T> task, Func<T, object> success, Func<Exception, object> failure)
    {
        var (id, incarnation) = (session.Id, session.Incarnation);
        task.PipeTo(Self, success: answer => new ToSession(id, incarnation, success(answer)), failure: ex => new ToSession(id, incarnation, failure(ex)));
    }

    /// <summary>A write in flight: its session, how many of its events the journal has still to confirm, what then.</summary>
    private sealed class Write(LiveSession session, int events, Action stored)
    {
        public LiveSession Session { get; } = session;
        public int Remaining { get; set; } = events;
        public Action Stored { get; } = stored;
    }

    /// <summary>A message a session scheduled or piped to itself: for the stay of it that sent it only. Never leaves the process.</summary>
    private sealed record ToSession(string SessionId, int Incarnation, object Message) : IDeadLetterSuppression;

    private sealed record ReplayTimedOut(int Incarnation);

    private sealed class LetIdleGo
    {
        public static readonly LetIdleGo Instance = new();
    }
}
