namespace RealName.Domain.Sessions;

/// <summary>The stable error codes of the contract. Messages never carry personal data.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidIdNumber = "invalid_id_number";
    public const string InvalidName = "invalid_name";
    public const string NameIdMismatch = "name_id_mismatch";
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
    public const string ProviderUnavailable = "provider_unavailable";
}

/// <summary>A refusal with a contract code and a human message free of personal data.</summary>
public sealed record SessionError(string Code, string Message);
