using RealName.Actors.Serialization;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Actors.Sessions;

/// <summary>Messages to and from a <see cref="LiveSession"/>, routed by session id to its <see cref="SessionBucket"/> through the shard region.</summary>
public static class SessionProtocol
{
    public interface ISessionMessage : IRealNameMessage
    {
        string SessionId { get; }

        /// <summary>
        /// Who sent the command (an API key's name, <see cref="Callers"/>): recorded with the events it
        /// causes. Optional on the wire, so a node of the previous version can still send it.
        /// </summary>
        string? By => null;
    }

    /// <summary>
    /// Open the session, or — when it exists — answer what its creation answered (the same request) or
    /// <c>idempotency_conflict</c> (another one). <paramref name="ReplayOnly"/>: create nothing; a session that
    /// does not exist yet answers <c>session_not_found</c> (the API asks this before it spends a creation's budget).
    /// </summary>
    public sealed record Create(string SessionId, string AccountId, VerificationMethod Method, string RequestHash, string? By = null, string? ReturnUrl = null, bool ReplayOnly = false) : ISessionMessage;

    public sealed record Get(string SessionId) : ISessionMessage;

    /// <summary>
    /// Details already format-checked by the caller (each present field is valid); the session
    /// checks which fields its method needs and runs the outside checks.
    /// </summary>
    public sealed record SubmitIdentity(
        string SessionId,
        Sensitive? Name,
        Sensitive? IdNumber,
        Sensitive? Phone = null,
        Sensitive? BankCard = null,
        Sensitive? GroupAccount = null,
        string? By = null) : ISessionMessage;

    /// <summary>An SMS code typed by the user (encrypted on the wire like any personal value).</summary>
    public sealed record SubmitCode(string SessionId, Sensitive Code, string? By = null) : ISessionMessage;

    public sealed record ResendCode(string SessionId, string? By = null) : ISessionMessage;

    /// <summary>Enterprise details (E1 with the legal person, E2 with the corporate account), format-checked by the caller.</summary>
    public sealed record SubmitEnterprise(
        string SessionId,
        SubjectType SubjectType,
        string EnterpriseName,
        string CreditCode,
        Sensitive? LegalPersonName = null,
        Sensitive? LegalPersonIdNumber = null,
        string? BankName = null,
        Sensitive? AccountNumber = null,
        string? By = null) : ISessionMessage;

    /// <summary>The micro-payment amount in fen (1–99) and the remark code (upper case) the user read on the statement.</summary>
    public sealed record SubmitAmount(string SessionId, Sensitive AmountFen, Sensitive Remark, string? By = null) : ISessionMessage;

    /// <summary>One-click sync: copy the identity of the linked, verified group account.</summary>
    public sealed record Authorize(string SessionId, string? By = null) : ISessionMessage;

    public sealed record RefreshQr(string SessionId, string? By = null) : ISessionMessage;

    /// <summary>Asks for the scan URL secret of the live QR, for drawing its image; it is held in memory only.</summary>
    public sealed record GetQrSecret(string SessionId) : ISessionMessage;

    /// <summary>A scan, carrying only the hash of the token: the secret never leaves the HTTP node.</summary>
    public sealed record Scan(string SessionId, string TokenHash, string AppUserId, string? By = null) : ISessionMessage;

    /// <summary>
    /// The face provider's verdict on the check whose <c>bizToken</c> hashes to <paramref name="FaceCheckHash"/>
    /// (fetched from the provider in <c>http</c> mode; routed here by the check's reference).
    /// </summary>
    public sealed record FaceResult(string SessionId, string FaceCheckHash, bool Passed, double Similarity, bool Liveness, string ProviderRef, string? By = null) : ISessionMessage;

    public sealed record Cancel(string SessionId, string? By = null) : ISessionMessage;

    /// <summary>Reads the session into its bucket so its recovery can act on an overdue deadline (sent by the sweeper).</summary>
    public sealed record WakeUp(string SessionId) : ISessionMessage;

    /// <summary>The account was erased at <paramref name="ErasedAt"/>: a live session of it forgets its personal data (no answer).</summary>
    public sealed record ForgetAccount(string SessionId, string AccountId, DateTimeOffset ErasedAt, string? By = null) : ISessionMessage;

    /// <summary>
    /// The account was erased: every session the bucket <paramref name="Bucket"/> holds is told <see cref="ForgetAccount"/>
    /// (each checks whether it is the account's). Routed by bucket, not by session (no answer).
    /// </summary>
    public sealed record ForgetAccountInBucket(string Bucket, string AccountId, DateTimeOffset ErasedAt, string? By = null) : IRealNameMessage;

    /// <summary>A session left memory while still open: the sweeper wakes it at <paramref name="ExpiresAt"/> (no answer).</summary>
    public sealed record IdleOpen(string SessionId, DateTimeOffset ExpiresAt) : IRealNameMessage;

    /// <summary>The bucket's hand-off and passivation stop message: it stops once its writes in flight are stored.</summary>
    public sealed record Stop : IRealNameMessage
    {
        public static readonly Stop Instance = new();
    }

    /// <summary>The masked view of a session: what every reply carries.</summary>
    public sealed record SessionView(
        string Id,
        string AccountId,
        VerificationMethod Method,
        SessionStatus Status,
        DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt,
        string? MaskedName,
        string? MaskedIdNumber,
        DateTimeOffset? QrExpiresAt,
        bool QrScanned,
        string? LastErrorCode,
        DateTimeOffset? VerifiedAt,
        string? MaskedPhone = null,
        string? MaskedBankCard = null,
        DateTimeOffset? CodeExpiresAt = null,
        DateTimeOffset? CodeResendAt = null,
        int? CodeAttemptsLeft = null,
        SubjectType? SubjectType = null,
        string? EnterpriseName = null,
        string? MaskedCreditCode = null,
        string? MaskedLegalPerson = null,
        int? AmountAttemptsLeft = null,
        bool PersonalDataErased = false,
        string? ReturnUrl = null);

    /// <summary>
    /// The answer to every session command: the view when the session exists, the refusal when
    /// refused, the QR secret only in the answer that issued it, and the face check's <c>bizToken</c>
    /// only in the answer to the scan that started it.
    /// </summary>
    public sealed record SessionReply(SessionView? Session, SessionError? Error, string? QrSecret, string? FaceBizToken = null, DateTimeOffset? FaceExpiresAt = null) : IRealNameMessage;

    public static SessionView ToView(SessionState state, DateTimeOffset now) => new(
        state.Id.Value,
        state.AccountId.Value,
        state.Method,
        SessionRules.Effective(state, now),
        state.CreatedAt,
        state.ExpiresAt,
        state.MaskedName,
        state.MaskedIdNumber,
        state.Qr?.ExpiresAt,
        state.Qr?.Scanned ?? false,
        state.LastErrorCode,
        state.VerifiedAt,
        state.MaskedPhone,
        state.MaskedBankCard,
        state.Code?.ExpiresAt,
        state.Code is { } code ? code.SentAt + SessionRules.ResendCooldown : null,
        state.Code is null ? null : SessionRules.MaxWrongCodes - state.WrongCodes,
        state.Enterprise?.SubjectType,
        state.Enterprise?.EnterpriseName,
        state.Enterprise is { } e ? CreditCode.Mask(e.CreditCode) : null,
        state.MaskedLegalPerson,
        state.AmountHash is null ? null : SessionRules.MaxWrongAmounts - state.WrongAmounts,
        state.IsErased,
        state.ReturnUrl);
}
