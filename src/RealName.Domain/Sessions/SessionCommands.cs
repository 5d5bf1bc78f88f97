using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>
/// The inputs of <see cref="SessionRules.Decide"/>. Randomness (QR tokens) and outside answers
/// (the identity authority, the registry) are resolved by the actor before it decides, so the
/// decision itself stays a pure function of state, command and time.
/// </summary>
public static class SessionCommands
{
    public interface ISessionCommand;

    public sealed record Create(SessionId SessionId, AccountId AccountId, VerificationMethod Method, string RequestHash, TimeSpan Ttl) : ISessionCommand;

    /// <summary>
    /// The outcome of checking submitted details; <paramref name="RefusalCode"/> is null when they passed,
    /// <paramref name="RefusalDetail"/> an optional message (never with personal data in clear).
    /// </summary>
    public sealed record CompleteIdentityCheck(Sensitive Name, Sensitive IdNumber, string IdKey, string? RefusalCode, string? RefusalDetail, string NewTokenHash, TimeSpan QrTtl) : ISessionCommand;

    public sealed record IssueQr(string TokenHash, TimeSpan QrTtl) : ISessionCommand;

    public sealed record Scan(string TokenHash, string AppUserId) : ISessionCommand;

    /// <summary>The face provider's verdict; <paramref name="FailureCode"/> is <c>face_mismatch</c> or <c>liveness_failed</c> when not passed.</summary>
    public sealed record ReportFace(string TokenHash, bool Passed, double Similarity, string ProviderRef, string? FailureCode) : ISessionCommand;

    /// <summary>The registry's answer to the claim; <paramref name="RefusalCode"/> is null when granted.</summary>
    public sealed record RecordClaim(string? RefusalCode) : ISessionCommand;

    public sealed record Cancel : ISessionCommand;

    public sealed record Expire : ISessionCommand;
}

/// <summary>Events to persist and, separately, the refusal to answer with (both may be present).</summary>
public sealed record Decision(IReadOnlyList<SessionEvents.ISessionEvent> Events, SessionError? Error)
{
    public static readonly Decision Nothing = new([], null);

    public static Decision Accept(params SessionEvents.ISessionEvent[] events) => new(events, null);

    public static Decision Refuse(string code, string message) => new([], new SessionError(code, message));
}
