using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Sessions;

/// <summary>
/// The QR and face step (P1, E1, and P2 after a risk escalation). A scan starts a face check at the
/// provider for exactly the identity being verified; only a result for that check's <c>bizToken</c>
/// decides the step, once, and only a live face similar enough to the authority's photo passes.
/// </summary>
public static partial class SessionRules
{
    /// <summary>Failed face results allowed before the session fails with <c>too_many_attempts</c>.</summary>
    public const int MaxFaceAttempts = 3;

    /// <summary>The default of <c>RealName:Sessions:FaceMinSimilarity</c>.</summary>
    public const double DefaultFaceMinSimilarity = 0.80;

    private static Decision DecideIssueQr(SessionState state, IssueQr issue, DateTimeOffset now)
    {
        if (state.Status is not (SessionStatus.AwaitingScan or SessionStatus.Scanned) || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"A QR code cannot be issued while the session is {state.Status.WireName()}.");
        return Decision.Accept(new QrIssued(issue.TokenHash, now, now + issue.QrTtl));
    }

    /// <summary>A valid scan asks the face provider for a check bound to the identity; nothing is written until it answers.</summary>
    private static Decision DecideScan(SessionState state, RequestScan scan, DateTimeOffset now)
    {
        if (CanScan(state, scan.TokenHash, now) is { } error)
            return new Decision([], error);
        return FaceIdentity(state) is ({ } name, { } idNumber)
            ? Decision.Needs(new SessionChecks.StartFaceCheck(state.Id, name, idNumber, scan.TokenHash, scan.AppUser))
            : Decision.Refuse(ErrorCodes.InvalidState, "The session holds no identity to compare the face with.");
    }

    private static Decision DecideBindScan(SessionState state, BindScan bind, DateTimeOffset now) =>
        CanScan(state, bind.TokenHash, now) is { } error
            ? new Decision([], error)
            : Decision.Accept(new QrScanned(bind.AppUser, now, FaceCheckHash: bind.FaceCheckHash, FaceCheckExpiresAt: bind.FaceCheckExpiresAt));

    private static SessionError? CanScan(SessionState state, string tokenHash, DateTimeOffset now)
    {
        if (state.Qr is not { } qr || !SameHash(qr.TokenHash, tokenHash))
            return new SessionError(ErrorCodes.QrUnknown, "The QR code is not known.");
        if (state.Status.IsTerminal())
            return new SessionError(ErrorCodes.InvalidState, $"The session is {state.Status.WireName()}.");
        if (qr.Scanned)
            return new SessionError(ErrorCodes.QrAlreadyScanned, "The QR code was already scanned.");
        if (now >= qr.ExpiresAt)
            return new SessionError(ErrorCodes.QrExpired, "The QR code has expired; refresh it on the PC page.");
        return null;
    }

    /// <summary>Whose face the provider compares: the legal person's in E1, the session's person otherwise.</summary>
    private static (Security.Sensitive? Name, Security.Sensitive? IdNumber) FaceIdentity(SessionState state) =>
        state.Method == VerificationMethod.LegalPersonFace
            ? (state.Enterprise?.LegalPersonName, state.Enterprise?.LegalPersonIdNumber)
            : (state.Name, state.IdNumber);

    private static Decision DecideFace(SessionState state, ReportFace face, DateTimeOffset now)
    {
        if (state.Face is not { } check || !SameHash(check.BizTokenHash, face.FaceCheckHash))
            return Decision.Refuse(ErrorCodes.FaceCheckUnknown);
        if (check.Used)
            return Decision.Refuse(ErrorCodes.FaceCheckUsed);
        if (state.Status != SessionStatus.Scanned || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"No face result is expected while the session is {state.Status.WireName()}.");
        if (now >= check.ExpiresAt)
            return Decision.Refuse(ErrorCodes.FaceCheckUnknown, "The face check has expired; scan a new QR code.");
        if (face.Passed && face.Liveness && face.Similarity >= face.MinSimilarity)
            return Decision.Accept(new FacePassed(face.ProviderRef, face.Similarity, now));

        var code = face.Liveness ? ErrorCodes.FaceMismatch : ErrorCodes.LivenessFailed;
        return state.FaceFailures + 1 >= MaxFaceAttempts
            ? Decision.Accept(new FaceFailed(code, face.ProviderRef, now), new Failed(ErrorCodes.TooManyAttempts, now))
            : Decision.Accept(new FaceFailed(code, face.ProviderRef, now));
    }
}
