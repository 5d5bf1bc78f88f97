using System.Security.Cryptography;
using System.Text;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Sessions;

/// <summary>The session state machine: <see cref="Decide"/> and <see cref="Apply"/>, pure.</summary>
public static class SessionRules
{
    /// <summary>Failed face results allowed before the session fails with <c>too_many_attempts</c>.</summary>
    public const int MaxFaceAttempts = 3;

    public static Decision Decide(SessionState state, ISessionCommand command, DateTimeOffset now)
    {
        if (command is Create create)
            return DecideCreate(state, create, now);
        if (!state.Exists)
            return Decision.Refuse(ErrorCodes.SessionNotFound, "No such session.");
        if (IsOverdue(state, now))
            return new Decision([new Expired(state.ExpiresAt)], new SessionError(ErrorCodes.InvalidState, "The session has expired."));

        return command switch
        {
            CompleteIdentityCheck check => DecideIdentity(state, check, now),
            IssueQr issue => DecideIssueQr(state, issue, now),
            Scan scan => DecideScan(state, scan, now),
            ReportFace face => DecideFace(state, face, now),
            RecordClaim claim => DecideClaim(state, claim, now),
            Cancel => DecideCancel(state, now),
            Expire => Decision.Nothing,
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown session command."),
        };
    }

    /// <summary>Whether details may be submitted now; checked before any provider is called.</summary>
    public static SessionError? CanSubmitIdentity(SessionState state, DateTimeOffset now)
    {
        if (!state.Exists)
            return new SessionError(ErrorCodes.SessionNotFound, "No such session.");
        if (state.Status.IsTerminal() || IsOverdue(state, now))
            return new SessionError(ErrorCodes.InvalidState, $"The session is {Effective(state, now).WireName()}.");
        return state.Status == SessionStatus.RequiresInput
            ? null
            : new SessionError(ErrorCodes.InvalidState, "Identity details were already accepted for this session.");
    }

    /// <summary>The status a reader should see: an overdue session is expired even before its timer fires.</summary>
    public static SessionStatus Effective(SessionState state, DateTimeOffset now) =>
        IsOverdue(state, now) ? SessionStatus.Expired : state.Status;

    /// <summary>
    /// Past its TTL and still open. A session whose face step passed is not overdue while its
    /// claim is unanswered: the registry may already have recorded it, so only its answer may end the session.
    /// </summary>
    public static bool IsOverdue(SessionState state, DateTimeOffset now) =>
        !state.Status.IsTerminal() && !state.ClaimPending && now >= state.ExpiresAt;

    /// <summary>
    /// The same identity submitted again while its QR is unscanned (e.g. a retry whose first
    /// answer was lost): answered with a fresh QR instead of a refusal, without new outside checks.
    /// </summary>
    public static bool IsResubmission(SessionState state, string idKey) =>
        state.Status == SessionStatus.AwaitingScan && state.IdKey == idKey && state.Qr is { Scanned: false };

    /// <summary>The hash under which a QR token is stored and compared.</summary>
    public static string HashToken(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static Decision DecideCreate(SessionState state, Create create, DateTimeOffset now)
    {
        if (!state.Exists)
            return Decision.Accept(new Created(create.SessionId, create.AccountId, create.Method, create.RequestHash, now, now + create.Ttl));
        return state.RequestHash == create.RequestHash
            ? Decision.Nothing
            : Decision.Refuse(ErrorCodes.InvalidRequest, "The Idempotency-Key was already used with a different request.");
    }

    private static Decision DecideIdentity(SessionState state, CompleteIdentityCheck check, DateTimeOffset now)
    {
        if (IsResubmission(state, check.IdKey) && check.RefusalCode is null)
            return Decision.Accept(new QrIssued(check.NewTokenHash, now, now + check.QrTtl));
        if (CanSubmitIdentity(state, now) is { } error)
            return new Decision([], error);
        return check.RefusalCode switch
        {
            null => Decision.Accept(
                new IdentityAccepted(check.Name, check.IdNumber, check.IdKey, now),
                new QrIssued(check.NewTokenHash, now, now + check.QrTtl)),
            ErrorCodes.AccountAlreadyVerified => new Decision([new Failed(check.RefusalCode, now)], Refusal(check)),
            _ => new Decision([new InputRejected(check.RefusalCode, now)], Refusal(check)),
        };
    }

    private static Decision DecideIssueQr(SessionState state, IssueQr issue, DateTimeOffset now)
    {
        if (state.Status is not (SessionStatus.AwaitingScan or SessionStatus.Scanned) || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"A QR code cannot be issued while the session is {state.Status.WireName()}.");
        return Decision.Accept(new QrIssued(issue.TokenHash, now, now + issue.QrTtl));
    }

    private static Decision DecideScan(SessionState state, Scan scan, DateTimeOffset now)
    {
        if (state.Qr is not { } qr || !SameHash(qr.TokenHash, scan.TokenHash))
            return Decision.Refuse(ErrorCodes.QrUnknown, "The QR code is not known.");
        if (state.Status.IsTerminal())
            return Decision.Refuse(ErrorCodes.InvalidState, $"The session is {state.Status.WireName()}.");
        if (qr.Scanned)
            return Decision.Refuse(ErrorCodes.QrAlreadyScanned, "The QR code was already scanned.");
        if (now >= qr.ExpiresAt)
            return Decision.Refuse(ErrorCodes.QrExpired, "The QR code has expired; refresh it on the PC page.");
        return Decision.Accept(new QrScanned(scan.AppUserId, now));
    }

    private static Decision DecideFace(SessionState state, ReportFace face, DateTimeOffset now)
    {
        if (state.Qr is not { } qr || !SameHash(qr.TokenHash, face.TokenHash))
            return Decision.Refuse(ErrorCodes.QrUnknown, "The QR code is not known.");
        if (state.Status != SessionStatus.Scanned || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"No face result is expected while the session is {state.Status.WireName()}.");
        if (face.Passed)
            return Decision.Accept(new FacePassed(face.ProviderRef, face.Similarity, now));

        var code = face.FailureCode ?? ErrorCodes.FaceMismatch;
        return state.FaceFailures + 1 >= MaxFaceAttempts
            ? Decision.Accept(new FaceFailed(code, face.ProviderRef, now), new Failed(ErrorCodes.TooManyAttempts, now))
            : Decision.Accept(new FaceFailed(code, face.ProviderRef, now));
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
        _ when state.ClaimPending => Decision.Refuse(ErrorCodes.InvalidState, "The face step passed; the verification is being recorded."),
        _ => Decision.Accept(new Canceled(now)),
    };

    public static SessionState Apply(SessionState state, ISessionEvent @event) => @event switch
    {
        Created e => new SessionState
        {
            Id = e.SessionId,
            AccountId = e.AccountId,
            Method = e.Method,
            RequestHash = e.RequestHash,
            Status = SessionStatus.RequiresInput,
            CreatedAt = e.At,
            ExpiresAt = e.ExpiresAt,
        },
        IdentityAccepted e => state with { Name = e.Name, IdNumber = e.IdNumber, IdKey = e.IdKey, LastErrorCode = null },
        InputRejected e => state with { LastErrorCode = e.Code },
        QrIssued e => state with { Status = SessionStatus.AwaitingScan, Qr = new QrState(e.TokenHash, e.At, e.ExpiresAt, false, null) },
        QrScanned e => state with { Status = SessionStatus.Scanned, Qr = state.Qr! with { Scanned = true, AppUserId = e.AppUserId } },
        FaceFailed e => state with { Status = SessionStatus.AwaitingScan, FaceFailures = state.FaceFailures + 1, LastErrorCode = e.Code },
        FacePassed => state with { ClaimPending = true, LastErrorCode = null },
        Verified e => state with { Status = SessionStatus.Verified, ClaimPending = false, VerifiedAt = e.At, EndedAt = e.At },
        Failed e => state with { Status = SessionStatus.Failed, ClaimPending = false, LastErrorCode = e.Code, EndedAt = e.At },
        Expired e => state with { Status = SessionStatus.Expired, ClaimPending = false, EndedAt = e.At },
        Canceled e => state with { Status = SessionStatus.Canceled, ClaimPending = false, EndedAt = e.At },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown session event."),
    };

    private static SessionError Refusal(CompleteIdentityCheck check) =>
        new(check.RefusalCode!, check.RefusalDetail ?? ErrorMessages.For(check.RefusalCode!));

    private static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
