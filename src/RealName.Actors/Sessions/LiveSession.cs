using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Journal;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// One verification session, held by its <see cref="SessionBucket"/> (ADR 0015): a plain object, not an actor, so a
/// live session costs its state and a few fields. Outside calls and randomness happen here (see the <c>.Checks</c>
/// part), every rule lives in <see cref="SessionRules"/>, and every answer leaves only after its events are in the
/// journal, under the session's own persistence id. The bucket runs one message of a session at a time and holds the
/// session's next messages while its events are being written (as <c>Persist</c> stashes them in a persistent actor).
/// </summary>
public sealed partial class LiveSession
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

    private readonly ISessionHost _host;
    private readonly SessionDependencies _shared;

    /// <summary>Who waits for the registry's answer to the claim; made when someone first does.</summary>
    private List<IActorRef>? _awaitingClaim;
    private SessionState _state = SessionState.Empty;

    /// <summary>The live QR secret, kept in memory only so the PC page can draw the image; never persisted.</summary>
    private string? _qrSecret;

    /// <summary>The sender of the message being handled; cleared after it, so an ask's temporary actor is not kept.</summary>
    private IActorRef? _sender;

    public LiveSession(string id, int incarnation, ISessionHost host, SessionDependencies shared)
    {
        _id = id;
        Incarnation = incarnation;
        _host = host;
        _shared = shared;
    }

    public string Id => _id;

    /// <summary>Which of this session's stays in its bucket this is: messages a past stay scheduled are dropped.</summary>
    public int Incarnation { get; }

    /// <summary>The sequence number of the session's last event in the journal (its replay's highest at first).</summary>
    public long SequenceNr { get; set; }

    /// <summary>Whether a replay or a write of this session is in flight: its next messages wait in <see cref="Waiting"/>.</summary>
    public bool Busy { get; set; }

    /// <summary>Messages that arrived while <see cref="Busy"/>, with their senders; made when first needed.</summary>
    public Queue<(object Message, IActorRef Sender)>? Waiting { get; set; }

    /// <summary>When a message last reached the session (<see cref="Environment.TickCount64"/>): the bucket lets idle ones go.</summary>
    public long LastTouched { get; set; }

    /// <summary>Whether the session has a <c>Created</c> event (a message for an id never created leaves nothing behind).</summary>
    public bool Exists => _state.Exists;

    /// <summary>Whether the session is open: it must be woken at its deadline when it leaves memory.</summary>
    public bool IsOpen => _state.Exists && !_state.Status.IsTerminal();

    private IActorRef Sender => _sender ?? ActorRefs.NoSender!;

    /// <summary>Handles one message (a command, or what the session scheduled or piped to itself), answering <paramref name="sender"/>.</summary>
    public void Handle(object message, IActorRef sender)
    {
        _sender = sender;
        try
        {
            Dispatch(message);
        }
        finally
        {
            _sender = null;
        }
    }

    private void Dispatch(object message)
    {
        Attribute(message);
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
            default:
                _host.Log.Warning("A session ignored a message of type {0}", message.GetType().Name);
                break;
        }
    }

    /// <summary>One event of the session's replay, as the journal stored it.</summary>
    public void Recover(object payload, long sequenceNr)
    {
        if (AttributedEvent.Open(payload).Event is { } e)
            _state = SessionRules.Apply(_state, e);
        SequenceNr = sequenceNr;
    }

    /// <summary>
    /// Made when asked (a persist, a recovery: once or twice per event) rather than kept: a live session would
    /// otherwise hold a second 92-byte string beside its id (≈ 9 MB at 100,000 sessions).
    /// </summary>
    public string PersistenceId => new SessionId(_id).PersistenceId;

    private readonly string _id;

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

    /// <summary>Persists the events (tagging lifecycle ones), applies each once all are stored, then runs <paramref name="after"/>.</summary>
    private void PersistThen(IReadOnlyList<SessionEvents.ISessionEvent> events, Action after)
    {
        if (events.Count == 0)
        {
            after();
            return;
        }
        var startedAt = Telemetry.RealNameMetrics.Start();
        _host.Persist(this, events.Select(Tag).ToList(), () =>
        {
            foreach (var e in events)
            {
                _state = SessionRules.Apply(_state, e);
                _shared.Local?.Stored(_state.Id.Value, _state);
                Telemetry.RealNameMetrics.SessionEventStored(e, _state, startedAt);
                if (e is SessionEvents.Created)
                    ArmExpiry();
            }
            after();
        });
    }

    private object Tag(SessionEvents.ISessionEvent e) =>
        new Tagged(Stamped(e), e is SessionEvents.Created or SessionEvents.Verified or SessionEvents.Failed or SessionEvents.Expired or SessionEvents.Canceled
            ? LifecycleTags
            : EventTags);

    private SessionReply Reply(SessionError? error, string? qrSecret, FaceCheckTicket? face = null) => _state.Exists
        ? new SessionReply(SessionProtocol.ToView(_state, Now), error, qrSecret, face?.BizToken, face?.ExpiresAt)
        : new SessionReply(null, error ?? new SessionError(ErrorCodes.SessionNotFound, "No such session."), null);

    private static string NewTokenSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
