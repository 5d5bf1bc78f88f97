namespace RealName.Domain.Sessions;

/// <summary>The stable error codes of the contract. Messages never carry personal data.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidIdNumber = "invalid_id_number";
    public const string InvalidName = "invalid_name";
    public const string InvalidPhone = "invalid_phone";
    public const string InvalidBankCard = "invalid_bank_card";
    public const string UnsupportedBank = "unsupported_bank";
    public const string PhoneIdMismatch = "phone_id_mismatch";
    public const string BankCardMismatch = "bank_card_mismatch";
    public const string GroupAccountNotVerified = "group_account_not_verified";
    public const string GroupAccountNoPhone = "group_account_no_phone";
    public const string GroupNotLinked = "group_not_linked";

    /// <summary>Enterprise one-click sync: no enterprise of the group directory is linked to the account (422).</summary>
    public const string EnterpriseNotLinked = "enterprise_not_linked";

    /// <summary>Enterprise one-click sync: the linked enterprise has not completed enterprise verification at the group (422).</summary>
    public const string EnterpriseNotVerified = "enterprise_not_verified";
    public const string CodeIncorrect = "code_incorrect";
    public const string CodeExpired = "code_expired";
    public const string ResendTooSoon = "resend_too_soon";
    public const string InvalidCreditCode = "invalid_credit_code";
    public const string EnterpriseMismatch = "enterprise_mismatch";
    public const string AmountIncorrect = "amount_incorrect";
    public const string NameIdMismatch = "name_id_mismatch";

    /// <summary>The ID number's holder is under <see cref="Identities.AgeRule.MinimumAge"/> (422).</summary>
    public const string BelowMinimumAge = "below_minimum_age";
    public const string IdAlreadyVerified = "id_already_verified";
    public const string AccountAlreadyVerified = "account_already_verified";
    public const string TooManyAttempts = "too_many_attempts";
    public const string RateLimited = "rate_limited";
    public const string QrExpired = "qr_expired";
    public const string QrAlreadyScanned = "qr_already_scanned";
    public const string QrUnknown = "qr_unknown";
    public const string FaceMismatch = "face_mismatch";
    public const string LivenessFailed = "liveness_failed";
    public const string InvalidState = "invalid_state";
    public const string SessionNotFound = "session_not_found";
    public const string Unauthorized = "unauthorized";
    public const string BadSignature = "bad_signature";

    /// <summary>The API key is valid but lacks the scope the call needs (<c>sessions</c>, <c>read</c>, <c>appeals</c>).</summary>
    public const string Forbidden = "forbidden";
    public const string ProviderUnavailable = "provider_unavailable";
    public const string FaceCheckUnknown = "face_check_unknown";
    public const string FaceCheckUsed = "face_check_used";

    /// <summary>An <c>Idempotency-Key</c> reused with another body (409).</summary>
    public const string IdempotencyConflict = "idempotency_conflict";

    /// <summary>Appeal evidence: a file over 5 MB (413), not JPEG/PNG/PDF by its content (415), past the 3 files of an appeal (409), or, on the admin port, erased with its appellant's data key (410).</summary>
    public const string EvidenceTooLarge = "evidence_too_large";
    public const string UnsupportedEvidenceType = "unsupported_evidence_type";
    public const string EvidenceLimitReached = "evidence_limit_reached";
    public const string EvidenceErased = "evidence_erased";

    /// <summary>A <c>returnUrl</c> whose origin is not in <c>AllowedReturnOrigins</c> (400).</summary>
    public const string InvalidReturnUrl = "invalid_return_url";
}

/// <summary>
/// A refusal with a contract code and a human message free of personal data;
/// <paramref name="RetryAfterSeconds"/> becomes the <c>Retry-After</c> header; <paramref name="Budget"/>
/// names the spent budget of a <c>rate_limited</c> refusal (its <c>RealName:RateLimits</c> key).
/// </summary>
public sealed record SessionError(string Code, string Message, int? RetryAfterSeconds = null, string? Budget = null);
