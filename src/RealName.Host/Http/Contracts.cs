namespace RealName.Host.Http;

// Request and response bodies of the HTTP contract (camelCase JSON). Request fields are
// nullable so that a missing field is our invalid_request, not a binder error.

public sealed record CreateSessionRequest(string? AccountId, string? Method);

public sealed record FaceIdentityRequest(string? Name, string? IdNumber);

public sealed record ScanRequest(string? Token, string? AppUserId);

public sealed record FaceResultRequest(string? Token, bool? Passed, double? Similarity, string? ProviderRef, string? Reason);

public sealed record MaskedIdentity(string? Name, string? IdNumber);

public sealed record QrDto(DateTimeOffset? ExpiresAt, bool Scanned, string? ScanUrl);

public sealed record ErrorDto(string Code, string Message);

public sealed record SessionDto(
    string Id,
    string AccountId,
    string Subject,
    string Method,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    MaskedIdentity? Identity,
    QrDto? Qr,
    string? Url,
    ErrorDto? LastError,
    DateTimeOffset? VerifiedAt);

public sealed record ScanAnswer(string SessionId, string Status, MaskedIdentity Identity);

public sealed record AccountVerificationDto(
    string AccountId,
    string Status,
    string? Level,
    string? Method,
    DateTimeOffset? VerifiedAt,
    MaskedIdentity? Identity,
    object? Enterprise);

public sealed record HealthDto(string Status, IReadOnlyDictionary<string, string>? Checks);
