using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using RealName.Domain.Sessions;

namespace RealName.Actors.Sessions;

/// <summary>
/// Ends sessions that nobody touches. Passivated entities have no timers, so this singleton
/// follows the journal's <see cref="VerificationSessionActor.LifecycleTag"/> events (created /
/// ended), keeps each open session's deadline, and wakes overdue ones through the shard region;
/// their recovery then persists <c>Expired</c>. It costs no extra write per session.
/// </summary>
public sealed class SessionSweeper : ReceiveActor, IWithTimers
{
    private const string SweepTimer = "sweep";
    private const string PersistenceIdPrefix = "session-";

    private readonly IActorRef _sessions;
    private readonly TimeProvider _clock;
    private readonly SessionSettings _settings;
    private readonly string _readJournalId;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Deadline> _open = new();
    private Offset _offset = Offset.NoOffset();

    public SessionSweeper(IActorRef sessions, TimeProvider clock, SessionSettings settings, string readJournalId)
    {
        _sessions = sessions;
        _clock = clock;
        _settings = settings;
        _readJournalId = readJournalId;

        Receive<EventEnvelope>(OnEnvelope);
        Receive<Sweep>(_ => WakeOverdue());
        Receive<StreamEnded>(ended =>
        {
            _log.Warning("Lifecycle stream ended ({0}); resuming from the last offset", ended.Reason ?? "completed");
            Timers.StartSingleTimer("restart", RestartStream.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<RestartStream>(_ => StartStream());
        Receive<GetOpenCount>(_ => Sender.Tell(_open.Count));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Open sessions currently tracked (for tests and metrics).</summary>
    public sealed record GetOpenCount
    {
        public static readonly GetOpenCount Instance = new();
    }

    protected override void PreStart()
    {
        StartStream();
        Timers.StartPeriodicTimer(SweepTimer, Sweep.Instance, _settings.SweepInterval);
    }

    private void StartStream()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<IEventsByTagQuery>(_readJournalId);
        journal.EventsByTag(VerificationSessionActor.LifecycleTag, _offset)
            .RunWith(Sink.ActorRef<EventEnvelope>(Self, new StreamEnded(null), ex => new StreamEnded(ex.GetType().Name)), Context.Materializer());
    }

    private void OnEnvelope(EventEnvelope envelope)
    {
        _offset = envelope.Offset;
        if (!envelope.PersistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal))
            return;
        var sessionId = envelope.PersistenceId[PersistenceIdPrefix.Length..];
        if (envelope.Event is SessionEvents.Created created)
            _open[sessionId] = new Deadline(created.ExpiresAt, null);
        else
            _open.Remove(sessionId);
    }

    private void WakeOverdue()
    {
        var now = _clock.GetUtcNow();
        foreach (var (sessionId, deadline) in _open.ToList())
        {
            if (deadline.ExpiresAt > now || deadline.LastWoken > now - _settings.SweepInterval * 2)
                continue;
            _sessions.Tell(new SessionProtocol.WakeUp(sessionId));
            _open[sessionId] = deadline with { LastWoken = now };
        }
    }

    private sealed record Deadline(DateTimeOffset ExpiresAt, DateTimeOffset? LastWoken);

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record RestartStream
    {
        public static readonly RestartStream Instance = new();
    }

    private sealed record StreamEnded(string? Reason);
}
