using RealName.Contracts;
using RealName.Contracts.Appeals;

namespace RealName.Host.Http;

// Request and response bodies of the HTTP contract (camelCase JSON). Request fields are
// nullable so that a missing field is our invalid_request, not a binder error.

/// <summary><c>returnUrl</c>: where the hosted page sends the person at a terminal status (its origin must be in <c>AllowedReturnOrigins</c>).</summary>
public sealed record CreateSessionRequest(string? AccountId, string? Method, string? ReturnUrl = null);

/// <summary>The identity step of every personal method; which fields a method takes is checked by the session.</summary>
public sealed record IdentityRequest(
    string? Name,
    string? IdNumber,
    string? Phone,
    string? BankCard,
    string? GroupAccount,
    string? SubjectType = null,
    string? EnterpriseName = null,
    string? CreditCode = null,
    string? LegalPersonName = null,
    string? LegalPersonIdNumber = null,
    string? BankName = null,
    string? AccountNumber = null)
{
    public bool IsEnterprise => SubjectType is not null || EnterpriseName is not null || CreditCode is not null || LegalPersonName is not null
        || LegalPersonIdNumber is not null || BankName is not null || AccountNumber is not null;
}

/// <summary>What the corporate account's statement shows: the amount received and the 6-character code in the payment's remark.</summary>
public sealed record AmountRequest(string? Amount, string? Remark);

/// <summary>The enterprise part of a session (E1, E2), masked.</summary>
public sealed record EnterpriseDto(string SubjectType, string Name, string CreditCode, string? LegalPerson);

public sealed record CodeRequest(string? Code);

public sealed record ScanRequest(string? Token, string? AppUserId);

/// <summary>The face provider's result callback (v2): which check, and what it says; over HTTP only a wake-up.</summary>
public sealed record FaceResultRequest(string? BizToken, bool? Passed, double? Similarity, bool? Liveness, string? ProviderRef);

public sealed record CodeDto(DateTimeOffset? ExpiresAt, DateTimeOffset? ResendAvailableAt, int? AttemptsLeft);

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
    DateTimeOffset? VerifiedAt,
    CodeDto? Code = null,
    EnterpriseDto? Enterprise = null,
    int? AmountAttemptsLeft = null,
    bool? PersonalDataErased = null,
    string? ReturnUrl = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long? Version = null);

/// <summary>The face check the scan started: the app runs the provider's liveness capture with <c>bizToken</c>.</summary>
public sealed record FaceTicketDto(string BizToken, DateTimeOffset ExpiresAt);

/// <summary>The answer to a scan: whose face the provider will compare (masked) and the face check to run.</summary>
public sealed record ScanAnswer(string SessionId, string Status, string? Name, MaskedIdentity Identity, FaceTicketDto? Face);

public sealed record AccountVerificationDto(
    string AccountId,
    string Status,
    string? Level,
    string? Method,
    DateTimeOffset? VerifiedAt,
    MaskedIdentity? Identity,
    EnterpriseDto? Enterprise,
    RevocationDto? Revocation = null,
    bool? PersonalDataErased = null,
    RealName.Host.Accounts.GroupSyncDto? GroupSync = null);

public sealed record HealthDto(string Status, IReadOnlyDictionary<string, string>? Checks);

public sealed record AppealRequest(string? AccountId, string? Name, string? IdNumber, string? Contact, string? Reason);

/// <summary>A page of <c>GET /v1/appeals</c> (served from the read model's stored JSON; this type describes it).</summary>
public sealed record AppealPageDto(IReadOnlyList<AppealDto> Data, bool HasMore);

/// <summary>A page of <c>GET /v1/sessions</c> (served from the read model's stored JSON; this type describes it).</summary>
public sealed record SessionPageDto(IReadOnlyList<SessionDto> Data, bool HasMore);

public sealed record RevocationDto(string Reason, string AppealId, DateTimeOffset RevokedAt);
