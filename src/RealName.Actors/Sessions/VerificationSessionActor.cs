using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using RealName.Actors.Identities;
using RealName.Actors.Mailboxes;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// One verification session. Thin by design: outside calls and randomness happen here (see the
/// <c>.Checks</c> part), every rule lives in <see cref="SessionRules"/>, and every answer leaves
/// only after its events are in the journal.
/// </summary>
public sealed partial class VerificationSessionActor : UntypedPersistentActor
{
    /// <summary>Tag on creation and terminal events, read by the <see cref="SessionSweeper"/>.</summary>
    public const string LifecycleTag = "session-lifecycle";

    /// <summary>
    /// Tag on every session event, read by the results projection (read model and webhooks): one
    /// tag row per event in the same transaction, so the projection reads sessions' events alone
    /// in journal order instead of the whole journal.
    /// </summary>
    public const string EventsTag = "session";

    private static readonly string[] LifecycleTags = [LifecycleTag, EventsTag];
    private static readonly string[] EventTags = [EventsTag];

    private readonly SessionDependencies _shared;
    private ILoggingAdapter? _log;

    /// <summary>Who waits for the registry's answer to the claim; made when someone first does.</summary>
    private List<IActorRef>? _awaitingClaim;
    private SessionState _state = SessionState.Empty;

    /// <summary>The live QR secret, kept in memory only so the PC page can draw the image; never persisted.</summary>
    private string? _qrSecret;

    /// <param name="entityId">The session's id; null in the region's one <see cref="ForRegion"/> props, where the entity's name is its (escaped) id.</param>
    public VerificationSessionActor(string? entityId, SessionDependencies shared)
    {
        _shared = shared;
        _id = entityId ?? Uri.UnescapeDataString(Self.Path.Name); // the name's own string when it needs no unescaping
    }

    /// <summary>
    /// One switch rather than <c>ReceivePersistentActor</c>'s per-instance handler tables: with
    /// 100,000 sessions in memory they cost ≈ 250 MB (measured: 1,189 → 943 MB RSS).
    /// </summary>
    protected override void OnCommand(object message)
    {
        if (message is ReleaseSender)
            return;
        Attribute(message);
        ReleaseAskerLater();
        switch (message)
        {
            case Create c:
                OnCreate(c);
                break;
            case Get or WakeUp:
                Sender.Tell(Reply(null, null));
                break;
            case SubmitIdentity submit:
                OnSubmitIdentity(submit);
                break;
            case SubmitCode code:
                OnSubmitCode(code);
                break;
            case ResendCode:
                OnResendCode();
                break;
            case Authorize:
                DecideAndReply(new SessionCommands.RequestGroupSync());
                break;
            case SubmitEnterprise enterprise:
                OnSubmitEnterprise(enterprise);
                break;
            case SubmitAmount amount:
                DecideAndReply(new SessionCommands.CheckAmount(AmountHash(amount.AmountFen.Value, amount.Remark.Value)));
                break;
            case Checked c:
                Handle(c.Command, c.ReplyTo, c.Secret, c.Ticket);
                break;
            case Unavailable u:
                u.ReplyTo.Tell(Reply(u.Error ?? new SessionError(ErrorCodes.ProviderUnavailable, ErrorMessages.For(ErrorCodes.ProviderUnavailable)), null));
                break;
            case RefreshQr:
                IssueQr();
                break;
            case GetQrSecret:
                AnswerQrSecret();
                break;
            case Scan s:
                DecideAndReply(new SessionCommands.RequestScan(s.TokenHash, new Sensitive(s.AppUserId, _state.AccountId.Value)));
                break;
            case FaceResult f:
                DecideAndReply(new SessionCommands.ReportFace(f.FaceCheckHash, f.Passed, f.Similarity, f.Liveness, f.ProviderRef, _shared.Settings.FaceMinSimilarity));
                break;
            case ClaimAnswered answer:
                OnClaimAnswered(answer);
                break;
            case Cancel:
                DecideAndReply(new SessionCommands.CancelSession());
                break;
            case ExpireDue:
                OnExpireDue();
                break;
            case ClaimDue:
                SendClaim();
                break;
            case ForgetAccount forget:
                OnForgetAccount(forget);
                break;
            case Stop:
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// A session with the given id, as specs and tools make it, on the <see cref="LeanDequeMailbox"/> (ADR 0009) as
    /// in the region (<see cref="ForRegion"/>).
    /// Not <c>Props.Create(() => new …)</c>: that compiles an expression per argument for every new entity
    /// (measured: a third of an activation's CPU).
    /// </summary>
    public static Props Props(string entityId, SessionDependencies shared) =>
        new(OnLeanMailbox, typeof(VerificationSessionActor), entityId, shared);

    /// <summary>
    /// The region's props, one for all its sessions: sharding names each entity after its id, so the id need not
    /// ride in a props of its own (a props, its arguments and its producer: ≈ 140 bytes per live session).
    /// </summary>
    public static Props ForRegion(SessionDependencies shared) =>
        new(OnLeanMailbox, typeof(VerificationSessionActor), null, shared);

    /// <summary>One deployment for every session: <c>Props.WithMailbox</c> would copy one per entity (72 bytes each).</summary>
    private static readonly Deploy OnLeanMailbox = new Deploy().WithMailbox(LeanDequeMailbox.Id);

    /// <summary>
    /// The actor cell keeps the last message's sender until the next message arrives. After an ask that is the
    /// ask's temporary actor with its task and the reply (≈ 0.5 KB), held for as long as the session idles in
    /// memory. A message to itself without a sender, handled after the reply was sent (a persist stashes it until
    /// then), lets them go. Only asks pay for it: a sender whose path is under <c>/temp</c>.
    /// </summary>
    private void ReleaseAskerLater()
    {
        if (Sender.Path is { Parent.Name: "temp" })
            Self.Tell(ReleaseSender.Instance, ActorRefs.NoSender);
    }

    /// <summary>Suppressed as a dead letter: one sent just before a stop (passivation, hand-off) is not worth a log line.</summary>
    private sealed record ReleaseSender : Akka.Event.IDeadLetterSuppression
    {
        public static readonly ReleaseSender Instance = new();
    }

    protected override void OnRecover(object message)
    {
        if (AttributedEvent.Open(message).Event is { } e)
            _state = SessionRules.Apply(_state, e);
        else if (message is RecoveryCompleted)
            OnRecovered();
    }

    /// <summary>
    /// Made when asked (a persist, a recovery: once or twice per event) rather than kept: a live session would
    /// otherwise hold a second 92-byte string beside its id (≈ 9 MB at 100,000 sessions).
    /// </summary>
    public override string PersistenceId => new SessionId(_id).PersistenceId;

    /// <summary>The session's id, the entity's name (the same string, not a copy, under the region's props).</summary>
    private readonly string _id;

    /// <summary>Sessions never snapshot: recovery skips the snapshot-store query (one round trip less for every new session).</summary>
    public override Recovery Recovery => NoSnapshots;

    private static readonly Recovery NoSnapshots = new(SnapshotSelectionCriteria.None);

    private DateTimeOffset Now => _shared.Clock.GetUtcNow();


    private void DecideAndReply(SessionCommands.ISessionCommand command) => Handle(command, Sender, null);

    /// <summary>
    /// A new session is decided like any command. An existing one answers a retried create (same request)
    /// with what its creation answered — the state its <c>Created</c> left, not its state now — and another
    /// request with the rules' <c>idempotency_conflict</c>: a creation's idempotency is its session's (ADR 0014).
    /// </summary>
    private void OnCreate(Create c)
    {
        var create = new SessionCommands.CreateSession(new SessionId(c.SessionId), new AccountId(c.AccountId), c.Method, c.RequestHash,
            c.Method == VerificationMethod.CorporateAccount ? _shared.Settings.CorporateAccountTtl : _shared.Settings.Ttl, c.ReturnUrl);
        if (!_state.Exists)
        {
            if (c.ReplayOnly)
                Sender.Tell(Reply(null, null));
            else
                DecideAndReply(create);
            return;
        }
        Sender.Tell(SessionRules.Decide(_state, create, Now).Error is { } conflict
            ? Reply(conflict, null)
            : new SessionReply(SessionProtocol.ToView(SessionRules.AsCreated(_state), _state.CreatedAt), null, null));
    }

    /// <summary>
    /// Decide, then either run the outside check the decision names or persist and answer. When the
    /// events make a claim owed, the answer waits for the registry, so the caller learns the final
    /// status. <paramref name="secret"/> is the fresh QR token (answered once, when issued) or the
    /// code/amount a check sends; <paramref name="ticket"/> the face check a scan started.
    /// </summary>
    private void Handle(SessionCommands.ISessionCommand command, IActorRef replyTo, string? secret, FaceCheckTicket? ticket = null)
    {
        var decision = SessionRules.Decide(_state, command, Now);
        if (decision.Check is { } check)
        {
            RunCheck(check, replyTo, secret);
            return;
        }
        if (decision.LiveQrHash is { } live && _qrSecret is { } held && SessionRules.HashToken(held) == live)
        {
            replyTo.Tell(Reply(null, held)); // the QR the client already holds; a new one only when its secret is gone
            return;
        }
        var qrSecret = secret;
        var issuesQr = decision.Events.Any(SessionRules.IssuesQr);
        var owesClaim = decision.Events.Any(e => e is SessionEvents.FacePassed or SessionEvents.DetailsConfirmed);
        PersistThen(decision.Events, () =>
        {
            if (issuesQr)
                _qrSecret = qrSecret;
            if (owesClaim && decision.Error is null)
            {
                (_awaitingClaim ??= []).Add(replyTo);
                SendClaim();
                return;
            }
            var scanned = decision.Events.Any(e => e is SessionEvents.QrScanned);
            replyTo.Tell(Reply(decision.Error, issuesQr ? qrSecret : null, scanned ? ticket : null));
        });
    }

    /// <summary>Persists the events (tagging lifecycle ones), applies each, then runs <paramref name="after"/> once all are stored.</summary>
    private void PersistThen(IReadOnlyList<SessionEvents.ISessionEvent> events, Action after)
    {
        if (events.Count == 0)
        {
            after();
            return;
        }
        var remaining = events.Count;
        var startedAt = Telemetry.RealNameMetrics.Start();
        PersistAll(events.Select(Tag), stored =>
        {
            var e = AttributedEvent.Open(stored is Tagged t ? t.Payload : stored).Event!;
            var wasOpen = _state.Exists && !_state.Status.IsTerminal();
            _state = SessionRules.Apply(_state, e);
            _shared.Local?.Stored(_state.Id.Value, _state);
            Telemetry.RealNameMetrics.SessionEventStored(e, _state, startedAt);
            if (e is SessionEvents.Created)
                ArmExpiry();
            if (--remaining == 0)
                after();
        });
    }

    private Tagged Tag(SessionEvents.ISessionEvent e) =>
        new(Stamped(e), e is SessionEvents.Created or SessionEvents.Verified or SessionEvents.Failed or SessionEvents.Expired or SessionEvents.Canceled
            ? LifecycleTags
            : EventTags);

    private SessionReply Reply(SessionError? error, string? qrSecret, FaceCheckTicket? face = null) => _state.Exists
        ? new SessionReply(SessionProtocol.ToView(_state, Now), error, qrSecret, face?.BizToken, face?.ExpiresAt)
        : new SessionReply(null, error ?? new SessionError(ErrorCodes.SessionNotFound, "No such session."), null);

    private static string NewTokenSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
