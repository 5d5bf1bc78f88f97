using System.Security.Cryptography;
using System.Text;
using RealName.Domain.Idempotency;
using RealName.Domain.Security;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Sessions;

/// <summary>
/// The session state machine: <see cref="Decide"/> and <see cref="Apply"/>, pure. The per-step
/// decisions live beside this file (details and codes, QR and face).
/// </summary>
public static partial class SessionRules
{
    public static Decision Decide(SessionState state, ISessionCommand command, DateTimeOffset now)
    {
        if (command is CreateSession create)
            return DecideCreate(state, create, now);
        if (!state.Exists)
            return Decision.Refuse(ErrorCodes.SessionNotFound, "No such session.");
        if (command is ErasePersonalData erase)
            return DecideErase(state, erase, now);
        if (IsOverdue(state, now))
            return new Decision([new Expired(state.ExpiresAt)], new SessionError(ErrorCodes.InvalidState, "The session has expired."));

        return command switch
        {
            RequestIdentity request => DecideRequestIdentity(state, request, now),
            RequestGroupSync => DecideRequestGroupSync(state, now),
            RequestEnterprise request => DecideRequestEnterprise(state, request, now),
            RequestResend request => DecideRequestResend(state, request, now),
            CompleteDetails submit => DecideDetails(state, submit, now),
            CompleteGroupSync sync => DecideGroupSync(state, sync, now),
            CompleteEnterpriseSync sync => DecideEnterpriseSync(state, sync, now),
            CompleteEnterprise enterprise => DecideEnterprise(state, enterprise, now),
            CheckAmount amount => DecideAmount(state, amount, now),
            CheckCode check => DecideCheckCode(state, check, now),
            CompleteCode complete => DecideCompleteCode(state, complete, now),
            CompleteResend resend => DecideResend(state, resend, now),
            IssueQr issue => DecideIssueQr(state, issue, now),
            RequestScan scan => DecideScan(state, scan, now),
            BindScan bind => DecideBindScan(state, bind, now),
            ReportFace face => DecideFace(state, face, now),
            RecordClaim claim => DecideClaim(state, claim, now),
            CancelSession => DecideCancel(state, now),
            Expire => Decision.Nothing,
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown session command."),
        };
    }

    /// <summary>The status a reader should see: an overdue session is expired even before its timer fires.</summary>
    public static SessionStatus Effective(SessionState state, DateTimeOffset now) =>
        IsOverdue(state, now) ? SessionStatus.Expired : state.Status;

    /// <summary>
    /// Past its TTL and still open. A session whose last check passed is not overdue while its
    /// claim is unanswered: the registry may already have recorded it, so only its answer may end the session.
    /// </summary>
    public static bool IsOverdue(SessionState state, DateTimeOffset now) =>
        !state.Status.IsTerminal() && !state.ClaimPending && now >= state.ExpiresAt;

    /// <summary>The hash under which a QR token is stored and compared.</summary>
    public static string HashToken(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// The session as its <see cref="Created"/> event left it, whatever came after: what its creation
    /// answered, and so what a retried create (the same <c>Idempotency-Key</c>, the same request) answers
    /// again, from the journal, on any node and after any restart (ADR 0014).
    /// </summary>
    public static SessionState AsCreated(SessionState state) =>
        Opened(state.Id, state.AccountId, state.Method, state.RequestFingerprint, state.ReturnUrl, state.CreatedAt, state.ExpiresAt);

    private static SessionState Opened(SessionId id, AccountId account, VerificationMethod method, UInt128 requestFingerprint, string? returnUrl, DateTimeOffset at, DateTimeOffset expiresAt) => new()
    {
        Id = id,
        AccountId = account,
        Method = method,
        RequestFingerprint = requestFingerprint,
        ReturnUrl = returnUrl,
        Status = SessionStatus.RequiresInput,
        CreatedAt = at,
        ExpiresAt = expiresAt,
    };

    private static Decision DecideCreate(SessionState state, CreateSession create, DateTimeOffset now)
    {
        if (!state.Exists)
            return Decision.Accept(new Created(create.SessionId, create.AccountId, create.Method, create.RequestHash, now, now + create.Ttl, create.ReturnUrl));
        return state.RequestFingerprint == RequestFingerprints.Of(create.RequestHash)
            ? Decision.Nothing
            : Decision.Refuse(ErrorCodes.IdempotencyConflict, "The Idempotency-Key was already used with a different request.");
    }

    private static Decision DecideClaim(SessionState state, RecordClaim claim, DateTimeOffset now)
    {
        if (!state.ClaimPending)
            return Decision.Nothing;
        return claim.RefusalCode is null
            ? Decision.Accept(new Verified(now))
            : Decision.Accept(new Failed(claim.RefusalCode, now));
    }

    private static Decision DecideCancel(SessionState state, DateTimeOffset now) => state.Status switch
    {
        SessionStatus.Canceled => Decision.Nothing,
        _ when state.Status.IsTerminal() => Decision.Refuse(ErrorCodes.InvalidState, $"The session is already {state.Status.WireName()}."),
        _ when state.ClaimPending => Decision.Refuse(ErrorCodes.InvalidState, "The checks passed; the verification is being recorded."),
        _ => Decision.Accept(new Canceled(now)),
    };

    /// <summary>
    /// Erasure forgets the personal values (the registry keeps the uniqueness claim as an HMAC);
    /// a session still collecting input cannot go on without them, so it ends as canceled. A
    /// session whose claim is in flight keeps its course: the claim needs only the HMAC. An erasure of
    /// another account, or from before the session began (the account verified again since), is not this session's.
    /// </summary>
    private static Decision DecideErase(SessionState state, ErasePersonalData erase, DateTimeOffset now)
    {
        if (state.PersonalDataErased || state.AccountId != erase.AccountId || erase.ErasedAt < state.CreatedAt)
            return Decision.Nothing;
        if (state.Status.IsTerminal() || state.ClaimPending)
            return Decision.Accept(new PersonalDataErased(now));
        return IsOverdue(state, now)
            ? Decision.Accept(new PersonalDataErased(now), new Expired(state.ExpiresAt))
            : Decision.Accept(new PersonalDataErased(now), new Canceled(now));
    }

    private static SessionError Refusal(string code, string? detail = null, int? retryAfter = null) =>
        new(code, detail ?? ErrorMessages.For(code), retryAfter);

    private static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    public static SessionState Apply(SessionState state, ISessionEvent @event) => @event switch
    {
        Created e => Opened(e.SessionId, e.AccountId, e.Method, RequestFingerprints.Of(e.RequestHash), e.ReturnUrl, e.At, e.ExpiresAt),
        IdentityAccepted e => ApplyStepOpened(state with
        {
            Name = e.Name,
            IdNumber = e.IdNumber,
            IdKey = e.IdKey,
            Phone = e.Phone,
            BankCard = e.BankCard,
            GroupAccount = e.GroupAccount,
            LastErrorCode = null,
        }, e),
        InputRejected e => state with { Status = SessionStatus.RequiresInput, Code = null, Qr = null, LastErrorCode = e.Code },
        QrIssued e => state with { Status = SessionStatus.AwaitingScan, Qr = new QrState(e.TokenHash, e.At, e.ExpiresAt, false, null), Face = null },
        QrScanned e => state with
        {
            Status = SessionStatus.Scanned,
            Qr = state.Qr! with { Scanned = true, AppUser = e.AppUserId is { } legacy ? new Sensitive(legacy) : e.AppUser },
            Face = e.FaceCheckHash is { } hash ? new FaceCheckState(hash, e.FaceCheckExpiresAt ?? e.At, Used: false) : null,
        },
        FaceFailed e => state with { Status = SessionStatus.AwaitingScan, FaceFailures = state.FaceFailures + 1, LastErrorCode = e.Code, Face = state.Face is { } f ? f with { Used = true } : null },
        FacePassed => state with { ClaimPending = true, LastErrorCode = null, Face = state.Face is { } f ? f with { Used = true } : null },
        CodeSent e => state with
        {
            Status = SessionStatus.AwaitingCode,
            Code = new CodeState(e.CodeHash, e.At, e.ExpiresAt, state.Resends + (e.Resend ? 1 : 0), state.WrongCodes),
            Resends = state.Resends + (e.Resend ? 1 : 0),
        },
        CodeRejected e => state with
        {
            WrongCodes = state.WrongCodes + (e.Code == ErrorCodes.CodeIncorrect ? 1 : 0),
            Code = state.Code! with { WrongAttempts = state.WrongCodes + (e.Code == ErrorCodes.CodeIncorrect ? 1 : 0) },
            LastErrorCode = e.Code,
        },
        DetailsConfirmed => state with { ClaimPending = true, Code = null, LastErrorCode = null },
        EnterpriseAccepted e => state with { Enterprise = e.Details, LastErrorCode = null },
        AmountSent e => state with { Status = SessionStatus.AwaitingAmount, AmountHash = e.AmountHash },
        AmountRejected => state with { WrongAmounts = state.WrongAmounts + 1, LastErrorCode = ErrorCodes.AmountIncorrect },
        RiskEscalated => state with { Escalated = true, Code = null },
        Verified e => state with { Status = SessionStatus.Verified, ClaimPending = false, VerifiedAt = e.At, EndedAt = e.At },
        Failed e => state with { Status = SessionStatus.Failed, ClaimPending = false, LastErrorCode = e.Code, EndedAt = e.At },
        Expired e => state with { Status = SessionStatus.Expired, ClaimPending = false, EndedAt = e.At },
        Canceled e => state with { Status = SessionStatus.Canceled, ClaimPending = false, EndedAt = e.At },
        PersonalDataErased => state.WithoutPersonalData(),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown session event."),
    };

    /// <summary>Whether the event issues a new QR code: on its own, or as the first one with the accepted details.</summary>
    public static bool IssuesQr(ISessionEvent e) => e is QrIssued or IdentityAccepted { Qr: not null };

    /// <summary>The step accepted details open, applied exactly as the separate event older journals hold for it.</summary>
    private static SessionState ApplyStepOpened(SessionState state, IdentityAccepted e) => e switch
    {
        { Qr: { } qr } => Apply(state, new QrIssued(qr.Hash, e.At, qr.ExpiresAt)),
        { Code: { } code } => Apply(state, new CodeSent(code.Hash, e.At, code.ExpiresAt, Resend: false)),
        _ => state,
    };
}
