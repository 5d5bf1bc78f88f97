using RealName.Domain.Identities;
using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>The live QR token of a session, kept only as a hash.</summary>
public sealed record QrState(string TokenHash, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, bool Scanned, Sensitive? AppUser);

/// <summary>The face check the provider started for the current scan, kept as the hash of its <c>bizToken</c>; one result uses it up.</summary>
public sealed record FaceCheckState(string BizTokenHash, DateTimeOffset ExpiresAt, bool Used);

/// <summary>The live SMS code of a session, kept only as a keyed hash, with its counters.</summary>
public sealed record CodeState(string CodeHash, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, int Resends, int WrongAttempts);

/// <summary>
/// The person's values a session holds once they are submitted: one object, made then, instead of five
/// nullable fields in every session (≈ 200 bytes of each live session that has only been created).
/// </summary>
public sealed record PersonalValues(Sensitive? Name, Sensitive? IdNumber, Sensitive? Phone, Sensitive? BankCard, Sensitive? GroupAccount)
{
    public static readonly PersonalValues None = new(null, null, null, null, null);
}

/// <summary>When a session was verified and ended: set once, at its end (48 bytes an open session does not carry).</summary>
public sealed record SessionEnding(DateTimeOffset? VerifiedAt, DateTimeOffset? EndedAt)
{
    public static readonly SessionEnding None = new(null, null);
}

/// <summary>The state of one verification session, rebuilt from its events by <see cref="SessionRules.Apply"/>.</summary>
public sealed record SessionState
{
    private PersonalValues? _personal;
    private SessionEnding? _ending;
    public static readonly SessionState Empty = new();

    public SessionId Id { get; init; }
    public AccountId AccountId { get; init; }
    public VerificationMethod Method { get; init; }
    /// <summary>
    /// The create request's hash, kept as 128 bits (see <see cref="Idempotency.RequestFingerprints"/>) to compare a retried create
    /// with: 16 bytes in the state instead of a 64-character string; the full hash stays in the journal.
    /// </summary>
    public UInt128 RequestFingerprint { get; init; }

    /// <summary>Where the hosted page sends the person at a terminal status; null: it stays.</summary>
    public string? ReturnUrl { get; init; }
    public SessionStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public Sensitive? Name { get => _personal?.Name; init => _personal = (_personal ?? PersonalValues.None) with { Name = value }; }
    public Sensitive? IdNumber { get => _personal?.IdNumber; init => _personal = (_personal ?? PersonalValues.None) with { IdNumber = value }; }
    public Sensitive? Phone { get => _personal?.Phone; init => _personal = (_personal ?? PersonalValues.None) with { Phone = value }; }
    public Sensitive? BankCard { get => _personal?.BankCard; init => _personal = (_personal ?? PersonalValues.None) with { BankCard = value }; }
    public Sensitive? GroupAccount { get => _personal?.GroupAccount; init => _personal = (_personal ?? PersonalValues.None) with { GroupAccount = value }; }
    public string? IdKey { get; init; }
    public QrState? Qr { get; init; }
    public CodeState? Code { get; init; }
    public FaceCheckState? Face { get; init; }
    public int FaceFailures { get; init; }

    /// <summary>The enterprise being verified (E1, E2), once the business registry confirmed it.</summary>
    public EnterpriseDetails? Enterprise { get; init; }

    /// <summary>The keyed hash of the micro-payment amount (E2) and the wrong amounts entered.</summary>
    public string? AmountHash { get; init; }
    public int WrongAmounts { get; init; }

    /// <summary>Wrong codes and resends carry over a code resend (they limit the session, not one code).</summary>
    public int WrongCodes { get; init; }
    public int Resends { get; init; }

    /// <summary>The carrier flagged a risk and the session moved on to the face step.</summary>
    public bool Escalated { get; init; }

    /// <summary>The last check passed and the registry claim has not been answered yet.</summary>
    public bool ClaimPending { get; init; }

    public string? LastErrorCode { get; init; }
    public DateTimeOffset? VerifiedAt { get => _ending?.VerifiedAt; init => _ending = (_ending ?? SessionEnding.None) with { VerifiedAt = value }; }
    public DateTimeOffset? EndedAt { get => _ending?.EndedAt; init => _ending = (_ending ?? SessionEnding.None) with { EndedAt = value }; }

    /// <summary>The account's personal data was erased while this session was live (see <see cref="SessionEvents.PersonalDataErased"/>).</summary>
    public bool PersonalDataErased { get; init; }

    public bool Exists => Id.Value is not null;

    /// <summary>
    /// Nothing personal is readable any more: erased by an event, or read back from a journal whose
    /// data key was destroyed (the session was not in memory when its account was erased).
    /// </summary>
    public bool IsErased => PersonalDataErased || Name is { IsErased: true } || Enterprise?.LegalPersonName is { IsErased: true } || Enterprise?.AccountNumber is { IsErased: true };

    public string? MaskedName => Name.Readable() is { } n ? Masking.MaskName(n) : null;
    public string? MaskedIdNumber => IdNumber.Readable() is { } i ? Masking.MaskIdNumber(i) : null;
    public string? MaskedPhone => Phone.Readable() is { } p ? Masking.MaskPhone(p) : null;
    public string? MaskedBankCard => BankCard.Readable() is { } c ? Masking.MaskBankCard(c) : null;
    public string? MaskedLegalPerson => Enterprise?.LegalPersonName.Readable() is { } n ? Masking.MaskName(n) : null;

    /// <summary>The state after the account's erasure: every personal value gone, the HMAC key and the course of the session kept.</summary>
    public SessionState WithoutPersonalData() => this with
    {
        Name = Name.Erase(),
        IdNumber = IdNumber.Erase(),
        Phone = Phone.Erase(),
        BankCard = BankCard.Erase(),
        GroupAccount = GroupAccount.Erase(),
        Enterprise = Enterprise?.WithoutPersonalData(),
        Qr = Qr is { AppUser: not null } qr ? qr with { AppUser = Sensitive.Erased(qr.AppUser.Value.Subject) } : Qr,
        PersonalDataErased = true,
    };
}
