namespace RealName.Contracts.Webhooks;

// The webhook endpoints and their delivery log, as the admin API takes and shows them.

public sealed record AddWebhookRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>A webhook endpoint as the admin API shows it (never its secret).</summary>
public sealed record WebhookEndpointDto(string Id, string Url, IReadOnlyList<string> Events, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);

public sealed record WebhookEndpointListDto(IReadOnlyList<WebhookEndpointDto> Data);

/// <summary>The answer to add and rotate-secret: the only time the secret is shown.</summary>
public sealed record WebhookSecretDto(string Id, string Secret, string? Url = null, IReadOnlyList<string>? Events = null);

/// <summary>The answer to remove and retry: what was done to which id.</summary>
public sealed record WebhookActionDto(string Id, string Result);

/// <summary>One delivery in the log, as the admin API and the CLI show it.</summary>
public sealed record WebhookDeliveryDto(
    string Id, string EndpointId, string EventId, string Type, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt,
    int? LastStatus, string? LastAnswer, long? LatencyMs, DateTimeOffset? DeliveredAt);

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryDto> Data, bool HasMore);
