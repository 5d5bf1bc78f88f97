namespace RealName.Contracts.Admin;

/// <summary>One stored event; <c>by</c> names who caused it (an API key, <c>app</c>, <c>face-provider</c>, <c>page</c>, <c>system</c>), null for events stored before names were recorded.</summary>
public sealed record TimelineEntryDto(long SequenceNr, DateTimeOffset At, string Event, string? Detail, string? By = null);

public sealed record SessionInspectDto(
    string Id,
    string AccountId,
    string Method,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    MaskedIdentity? Identity,
    string? LastErrorCode,
    DateTimeOffset? VerifiedAt,
    IReadOnlyList<TimelineEntryDto> Timeline);
