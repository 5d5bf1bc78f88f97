using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using RealName.Domain.Sessions;

namespace RealName.Actors.Sessions;

/// <summary>
/// Ends sessions that nobody touches. A live session ends itself (its timer); one that leaves
/// memory while still open (passivation, hand-off, a stop) tells this singleton its deadline
/// (<see cref="SessionProtocol.IdleOpen"/>), which wakes it through the shard region once overdue;
/// its recovery then persists <c>Expired</c>.
/// </summary>
/// <remarks>
/// What no session could tell (a crashed node, a report sent while this singleton moved) is read from the
/// journal's <see cref="LiveSession.LifecycleTag"/> at start and after a member is removed,
/// not followed continuously, which cost creation rate (see docs/adr/0004-session-deadlines-and-the-sweeper.md).
/// </remarks>
public sealed class SessionSweeper : ReceiveActor, IWithTimers
{
    private const string SweepTimer = "sweep";

    private readonly IActorRef _sessions;
    private readonly TimeProvider _clock;
    private readonly SessionSettings _settings;
    private readonly string _readJournalId;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DateTimeOffset> _open = new();
    private Offset _offset = Offset.NoOffset();
    private bool _catchingUp;
    private bool _catchUpAgain;
    // True from the start of a catch-up until one succeeds: no wake-ups meanwhile (see WakeOverdue).
    private bool _behind;

    public SessionSweeper(IActorRef sessions, TimeProvider clock, SessionSettings settings, string readJournalId)
    {
        _sessions = sessions;
        _clock = clock;
        _settings = settings;
        _readJournalId = readJournalId;

        Receive<EventEnvelope>(OnEnvelope);
        Receive<SessionProtocol.IdleOpen>(idle => _open[idle.SessionId] = idle.ExpiresAt);
        Receive<Sweep>(_ => WakeOverdue());
        Receive<ClusterEvent.MemberRemoved>(_ => CatchUp());
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<CaughtUp>(caughtUp =>
        {
            _catchingUp = false;
            _behind = caughtUp.Failure is not null;
            if (caughtUp.Failure is not null)
            {
                _log.Warning("Lifecycle catch-up failed ({0}); retrying from the last offset", caughtUp.Failure);
                Timers.StartSingleTimer("retry", RetryCatchUp.Instance, TimeSpan.FromSeconds(1));
            }
            else if (_catchUpAgain)
                CatchUp();
        });
        Receive<RetryCatchUp>(_ => CatchUp());
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
        CatchUp();
        Timers.StartPeriodicTimer(SweepTimer, Sweep.Instance, _settings.SweepInterval);
        if (IsClustered)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        if (IsClustered)
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private static bool IsClustered => Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal);

    /// <summary>Reads the lifecycle tag from where the last catch-up ended up to now (one at a time).</summary>
    private void CatchUp()
    {
        if (_catchingUp)
        {
            _catchUpAgain = true;
            return;
        }
        _catchingUp = true;
        _catchUpAgain = false;
        _behind = true;
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<ICurrentEventsByTagQuery>(_readJournalId);
        journal.CurrentEventsByTag(LiveSession.LifecycleTag, _offset)
            .RunWith(Sink.ActorRef<EventEnvelope>(Self, new CaughtUp(null), ex => new CaughtUp(ex.GetType().Name)), Context.Materializer());
    }

    private void OnEnvelope(EventEnvelope envelope)
    {
        _offset = envelope.Offset;
        if (!SessionId.TryFromPersistenceId(envelope.PersistenceId, out var id))
            return;
        var sessionId = id.Value;
        if (AttributedEvent.Open(envelope.Event).Event is SessionEvents.Created created)
            _open[sessionId] = created.ExpiresAt;
        else
            _open.Remove(sessionId);
    }

    /// <summary>
    /// Wakes each overdue session once and forgets it: its recovery persists <c>Expired</c>. A wake-up
    /// lost with a node is found again by the catch-up after that node's removal.
    /// </summary>
    /// <remarks>
    /// Not while a catch-up is reading: it may still deliver the <c>Created</c> of a session woken and
    /// forgotten meanwhile, which would put it back and wake it a second time.
    /// </remarks>
    private void WakeOverdue()
    {
        if (_behind)
            return;
        var now = _clock.GetUtcNow();
        foreach (var (sessionId, expiresAt) in _open.Where(o => o.Value <= now).ToList())
        {
            _sessions.Tell(new SessionProtocol.WakeUp(sessionId));
            _open.Remove(sessionId);
        }
    }

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record RetryCatchUp
    {
        public static readonly RetryCatchUp Instance = new();
    }

    private sealed record CaughtUp(string? Failure);
}
