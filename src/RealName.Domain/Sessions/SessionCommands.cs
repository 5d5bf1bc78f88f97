using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>
/// The inputs of <see cref="SessionRules.Decide"/>. A request (<c>Request…</c>, <see cref="CheckCode"/>,
/// <see cref="Scan"/>) is decided first; when it needs an outside party the decision names the
/// check (<see cref="SessionChecks"/>) and the actor feeds the check's answer back as a completion
/// command (<see cref="SubmitDetails"/>, <see cref="CompleteCode"/>, <see cref="BindScan"/>, …).
/// Randomness (QR tokens, SMS codes, amounts) comes in as hashes, so every decision stays a pure
/// function of state, command and time.
/// </summary>
public static class SessionCommands
{
    public interface ISessionCommand;

    /// <summary>Details as typed in (each present field format-checked) or, for associate, the group account to look up.</summary>
    public sealed record RequestIdentity(Sensitive? Name, Sensitive? IdNumber, string? IdKey, Sensitive? Phone, Sensitive? BankCard, Sensitive? GroupAccount, SecretHash Next) : ISessionCommand;

    /// <summary>One-click sync (<c>group_sync</c> or <c>enterprise_sync</c>) asked for (<c>POST …/authorize</c>).</summary>
    public sealed record RequestGroupSync : ISessionCommand;

    /// <summary>Enterprise details as typed in; <paramref name="Next"/> is the QR token (E1) or the amount's hash (E2).</summary>
    public sealed record RequestEnterprise(EnterpriseDetails Details, SecretHash Next) : ISessionCommand;

    /// <summary>A new SMS code asked for; <paramref name="NewCode"/> is sent only if the rules allow it.</summary>
    public sealed record RequestResend(SecretHash NewCode) : ISessionCommand;

    public sealed record CreateSession(SessionId SessionId, AccountId AccountId, VerificationMethod Method, string RequestHash, TimeSpan Ttl, string? ReturnUrl = null) : ISessionCommand;

    /// <summary>
    /// The outcome of checking submitted details; <paramref name="RefusalCode"/> is null when they
    /// passed, <paramref name="RefusalDetail"/> an optional message (never with personal data in
    /// clear). <paramref name="Next"/> is the QR token (face) or SMS code (code methods) to issue.
    /// </summary>
    public sealed record CompleteDetails(IdentityDetails Details, string? RefusalCode, string? RefusalDetail, SecretHash Next) : ISessionCommand;

    public sealed record IssueQr(string TokenHash, TimeSpan QrTtl) : ISessionCommand;

    public sealed record RequestScan(string TokenHash, Sensitive AppUser) : ISessionCommand;

    /// <summary>The face provider started a check for the session's identity: the scan binds, with the hash of the provider's <c>bizToken</c>.</summary>
    public sealed record BindScan(string TokenHash, Sensitive AppUser, string FaceCheckHash, DateTimeOffset FaceCheckExpiresAt) : ISessionCommand;

    /// <summary>
    /// The face provider's verdict for the check <paramref name="FaceCheckHash"/> (the hash of its
    /// <c>bizToken</c>); passed only with <paramref name="Liveness"/> and a similarity of at least <paramref name="MinSimilarity"/>.
    /// </summary>
    public sealed record ReportFace(string FaceCheckHash, bool Passed, double Similarity, bool Liveness, string ProviderRef, double MinSimilarity) : ISessionCommand;

    /// <summary>
    /// A code entered by the user: wrong and expired codes are decided here; the right one completes
    /// associate at once and asks for the carrier or bank check (with <paramref name="EscalationQr"/> ready for a risk flag) otherwise.
    /// </summary>
    public sealed record CheckCode(string CodeHash, SecretHash? EscalationQr = null) : ISessionCommand;

    /// <summary>
    /// The right code plus the outside check's answer. <paramref name="EscalationQr"/> is the QR to
    /// issue when the carrier flags a risk.
    /// </summary>
    public sealed record CompleteCode(string CodeHash, FactorOutcome Outcome, SecretHash EscalationQr) : ISessionCommand;

    /// <summary>The new code of a <see cref="RequestResend"/> was sent.</summary>
    public sealed record CompleteResend(SecretHash NewCode) : ISessionCommand;

    /// <summary>One-click sync: the group directory's identity for this account, or why there is none.</summary>
    public sealed record CompleteGroupSync(IdentityDetails? Details, string? RefusalCode, string? RefusalDetail) : ISessionCommand;

    /// <summary>Enterprise one-click sync: the linked enterprise as the business registry confirmed it, or why there is none.</summary>
    public sealed record CompleteEnterpriseSync(EnterpriseDetails? Details, string? RefusalCode, string? RefusalDetail) : ISessionCommand;

    /// <summary>
    /// The business registry's answer for submitted enterprise details; <paramref name="Next"/> is
    /// the QR token (E1) or the hash of the micro-payment amount just sent (E2).
    /// </summary>
    public sealed record CompleteEnterprise(EnterpriseDetails Details, string? RefusalCode, string? RefusalDetail, SecretHash Next) : ISessionCommand;

    /// <summary>The amount the user read on the corporate account statement (E2).</summary>
    public sealed record CheckAmount(string AmountHash) : ISessionCommand;

    /// <summary>The registry's answer to the claim; <paramref name="RefusalCode"/> is null when granted.</summary>
    public sealed record RecordClaim(string? RefusalCode) : ISessionCommand;

    public sealed record CancelSession : ISessionCommand;

    /// <summary>
    /// <paramref name="AccountId"/>'s personal data was erased at <paramref name="ErasedAt"/>: a session of
    /// that account begun before then forgets it, and ends if it was still open.
    /// </summary>
    public sealed record ErasePersonalData(AccountId AccountId, DateTimeOffset ErasedAt) : ISessionCommand;

    public sealed record Expire : ISessionCommand;
}

/// <summary>
/// Events to persist and, separately, the refusal to answer with (both may be present) — or,
/// alone, the outside check to run before the step can be decided. With <see cref="LiveQrHash"/>
/// the answer is the live QR of that hash, whose secret only the caller may hold in memory; the
/// events are what to do instead when it does not (a new QR).
/// </summary>
public sealed record Decision(IReadOnlyList<SessionEvents.ISessionEvent> Events, SessionError? Error, SessionChecks.IOutsideCheck? Check = null, string? LiveQrHash = null)
{
    public static readonly Decision Nothing = new([], null);

    /// <summary>Answer the live QR <paramref name="tokenHash"/>; without its secret, <paramref name="instead"/>.</summary>
    public static Decision AnswerLiveQr(string tokenHash, SessionEvents.QrIssued instead) => new([instead], null, null, tokenHash);

    public static Decision Needs(SessionChecks.IOutsideCheck check) => new([], null, check);

    public static Decision Accept(params SessionEvents.ISessionEvent[] events) => new(events, null);

    public static Decision Refuse(string code, string message) => new([], new SessionError(code, message));

    public static Decision Refuse(string code) => new([], new SessionError(code, ErrorMessages.For(code)));
}
