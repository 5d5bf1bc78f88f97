using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>
/// The inputs of <see cref="SessionRules.Decide"/>. Randomness (QR tokens, SMS codes) and outside
/// answers (authority, carrier, bank, group directory, registry) are resolved by the actor before
/// it decides, so the decision itself stays a pure function of state, command and time.
/// </summary>
public static class SessionCommands
{
    public interface ISessionCommand;

    public sealed record Create(SessionId SessionId, AccountId AccountId, VerificationMethod Method, string RequestHash, TimeSpan Ttl) : ISessionCommand;

    /// <summary>
    /// The outcome of checking submitted details; <paramref name="RefusalCode"/> is null when they
    /// passed, <paramref name="RefusalDetail"/> an optional message (never with personal data in
    /// clear). <paramref name="Next"/> is the QR token (face) or SMS code (code methods) to issue.
    /// </summary>
    public sealed record SubmitDetails(IdentityDetails Details, string? RefusalCode, string? RefusalDetail, SecretHash Next) : ISessionCommand;

    public sealed record IssueQr(string TokenHash, TimeSpan QrTtl) : ISessionCommand;

    public sealed record Scan(string TokenHash, Sensitive AppUser) : ISessionCommand;

    /// <summary>The face provider's verdict; <paramref name="FailureCode"/> is <c>face_mismatch</c> or <c>liveness_failed</c> when not passed.</summary>
    public sealed record ReportFace(string TokenHash, bool Passed, double Similarity, string ProviderRef, string? FailureCode) : ISessionCommand;

    /// <summary>A code entered by the user, before any outside check: wrong and expired codes are decided here.</summary>
    public sealed record CheckCode(string CodeHash) : ISessionCommand;

    /// <summary>
    /// The right code plus the outside check's answer. <paramref name="EscalationQr"/> is the QR to
    /// issue when the carrier flags a risk.
    /// </summary>
    public sealed record CompleteCode(string CodeHash, FactorOutcome Outcome, SecretHash EscalationQr) : ISessionCommand;

    public sealed record ResendCode(SecretHash NewCode) : ISessionCommand;

    /// <summary>One-click sync: the group directory's identity for this account, or why there is none.</summary>
    public sealed record CompleteGroupSync(IdentityDetails? Details, string? RefusalCode, string? RefusalDetail) : ISessionCommand;

    /// <summary>
    /// The business registry's answer for submitted enterprise details; <paramref name="Next"/> is
    /// the QR token (E1) or the hash of the micro-payment amount just sent (E2).
    /// </summary>
    public sealed record SubmitEnterprise(EnterpriseDetails Details, string? RefusalCode, string? RefusalDetail, SecretHash Next) : ISessionCommand;

    /// <summary>The amount the user read on the corporate account statement (E2).</summary>
    public sealed record CheckAmount(string AmountHash) : ISessionCommand;

    /// <summary>The registry's answer to the claim; <paramref name="RefusalCode"/> is null when granted.</summary>
    public sealed record RecordClaim(string? RefusalCode) : ISessionCommand;

    public sealed record Cancel : ISessionCommand;

    /// <summary>
    /// <paramref name="AccountId"/>'s personal data was erased at <paramref name="ErasedAt"/>: a session of
    /// that account begun before then forgets it, and ends if it was still open.
    /// </summary>
    public sealed record ErasePersonalData(AccountId AccountId, DateTimeOffset ErasedAt) : ISessionCommand;

    public sealed record Expire : ISessionCommand;
}

/// <summary>Events to persist and, separately, the refusal to answer with (both may be present).</summary>
public sealed record Decision(IReadOnlyList<SessionEvents.ISessionEvent> Events, SessionError? Error)
{
    public static readonly Decision Nothing = new([], null);

    public static Decision Accept(params SessionEvents.ISessionEvent[] events) => new(events, null);

    public static Decision Refuse(string code, string message) => new([], new SessionError(code, message));

    public static Decision Refuse(string code) => new([], new SessionError(code, ErrorMessages.For(code)));
}
