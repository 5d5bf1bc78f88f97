namespace RealName.Contracts.Appeals;

// The appeal as the public API and the admin port answer it (masked), and the operator's decision.

public sealed record AppealDecisionRequest(string? Reason);

/// <summary>An appeal, masked; <c>holder</c> is the account the identity verified when the appeal was filed.</summary>
public sealed record AppealDto(
    string Id,
    string AccountId,
    string Status,
    MaskedIdentity? Identity,
    string Holder,
    string Reason,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DecidedAt,
    string? Decision,
    bool? PersonalDataErased = null,
    string? DecidedBy = null);

public sealed record AppealListDto(IReadOnlyList<AppealDto> Appeals);

/// <summary>One evidence file as answers show it; <c>erased</c> once the appellant's data key is gone.</summary>
public sealed record EvidenceDto(string Id, string ContentType, long Size, DateTimeOffset UploadedAt, bool? Erased);

public sealed record EvidenceListDto(IReadOnlyList<EvidenceDto> Data);
