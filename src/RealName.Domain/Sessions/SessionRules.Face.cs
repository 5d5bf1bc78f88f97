using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Sessions;

/// <summary>The QR and face step (P1, and P2 after a risk escalation).</summary>
public static partial class SessionRules
{
    /// <summary>Failed face results allowed before the session fails with <c>too_many_attempts</c>.</summary>
    public const int MaxFaceAttempts = 3;

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
        return Decision.Accept(new QrScanned(scan.AppUser, now));
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
}
