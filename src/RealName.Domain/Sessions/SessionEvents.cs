using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>
/// What a session persists. Times live in the events, so <see cref="SessionRules.Apply"/> never
/// reads a clock; personal values are <see cref="Sensitive"/> and encrypted by the serializer.
/// Fields added later are optional, so old journals still read.
/// </summary>
public static class SessionEvents
{
    public interface ISessionEvent
    {
        DateTimeOffset At { get; }
    }

    /// <param name="ReturnUrl">Where the hosted page sends the person at a terminal status (contract v2; absent in older events).</param>
    public sealed record Created(SessionId SessionId, AccountId AccountId, VerificationMethod Method, string RequestHash, DateTimeOffset At, DateTimeOffset ExpiresAt, string? ReturnUrl = null) : ISessionEvent;

    /// <summary>
    /// The submitted (or, for group flows, looked-up) details passed their first checks; <paramref name="IdKey"/> is the HMAC the registry indexes.
    /// The step they open rides along: <paramref name="Qr"/> is the first QR code (applied as a <see cref="QrIssued"/>),
    /// <paramref name="Code"/> the first SMS code (as a <see cref="CodeSent"/>), one journal row instead of two. Journals
    /// written before that hold the step as its own event next to this one, and replay the same.
    /// </summary>
    public sealed record IdentityAccepted(
        Sensitive Name,
        Sensitive IdNumber,
        string IdKey,
        DateTimeOffset At,
        Sensitive? Phone = null,
        Sensitive? BankCard = null,
        Sensitive? GroupAccount = null,
        IssuedSecret? Qr = null,
        IssuedSecret? Code = null) : ISessionEvent;

    /// <summary>A QR token or SMS code issued with another event: only its hash is kept, with when it expires.</summary>
    public sealed record IssuedSecret(string Hash, DateTimeOffset ExpiresAt);

    /// <summary>A retryable refusal of the submitted details; the session waits for input again.</summary>
    public sealed record InputRejected(string Code, DateTimeOffset At) : ISessionEvent;

    /// <summary>A new QR token; only its SHA-256 hash is kept, the previous token dies.</summary>
    public sealed record QrIssued(string TokenHash, DateTimeOffset At, DateTimeOffset ExpiresAt) : ISessionEvent;

    /// <summary>
    /// The app scanned the live QR and the face provider started a check for the session's identity;
    /// only the hash of its <c>bizToken</c> is kept. The app user id is personal: <paramref name="AppUser"/>
    /// is encrypted under the account's data key, so erasing the account erases it. <paramref name="AppUserId"/>
    /// is the clear id of events written before that (read, never written); journals from before the
    /// bound face step have no check.
    /// </summary>
    public sealed record QrScanned(Sensitive AppUser, DateTimeOffset At, string? AppUserId = null, string? FaceCheckHash = null, DateTimeOffset? FaceCheckExpiresAt = null) : ISessionEvent;

    public sealed record FaceFailed(string Code, string ProviderRef, DateTimeOffset At) : ISessionEvent;

    /// <summary>The face step passed; the identity claim with the registry is now owed.</summary>
    public sealed record FacePassed(string ProviderRef, double Similarity, DateTimeOffset At) : ISessionEvent;

    /// <summary>An SMS code was sent; only its keyed hash is kept. A resend replaces the previous code.</summary>
    public sealed record CodeSent(string CodeHash, DateTimeOffset At, DateTimeOffset ExpiresAt, bool Resend) : ISessionEvent;

    /// <summary>A wrong or expired code was entered (<c>code_incorrect</c> counts towards the limit).</summary>
    public sealed record CodeRejected(string Code, DateTimeOffset At) : ISessionEvent;

    /// <summary>The code and the outside check (carrier, bank, group directory) passed; the identity claim is now owed.</summary>
    public sealed record DetailsConfirmed(DateTimeOffset At) : ISessionEvent;

    /// <summary>The carrier flagged a risk of identity theft: the session continues with the QR/face step.</summary>
    public sealed record RiskEscalated(DateTimeOffset At) : ISessionEvent;

    /// <summary>The business registry confirmed the enterprise details (E1, E2).</summary>
    public sealed record EnterpriseAccepted(EnterpriseDetails Details, DateTimeOffset At) : ISessionEvent;

    /// <summary>The micro-payment went to the corporate account; only a keyed hash of its amount is kept.</summary>
    public sealed record AmountSent(string AmountHash, DateTimeOffset At) : ISessionEvent;

    public sealed record AmountRejected(DateTimeOffset At) : ISessionEvent;

    public sealed record Verified(DateTimeOffset At) : ISessionEvent;

    public sealed record Failed(string Code, DateTimeOffset At) : ISessionEvent;

    public sealed record Expired(DateTimeOffset At) : ISessionEvent;

    public sealed record Canceled(DateTimeOffset At) : ISessionEvent;

    /// <summary>The account's personal data was erased (PIPL): the session forgets every personal value it held.</summary>
    public sealed record PersonalDataErased(DateTimeOffset At) : ISessionEvent;
}
