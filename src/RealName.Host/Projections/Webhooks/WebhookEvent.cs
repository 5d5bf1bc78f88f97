using RealName.Domain.Sessions;

namespace RealName.Host.Projections.Webhooks;

/// <summary>One event to deliver: its stable id, type, time, the account it concerns and the masked object's JSON.</summary>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset CreatedAt, string AccountId, string ObjectJson);

/// <summary>The event types of the contract's "Webhooks (v2)".</summary>
public static class WebhookTypes
{
    public const string SessionVerified = "session.verified";
    public const string SessionFailed = "session.failed";
    public const string SessionExpired = "session.expired";
    public const string SessionCanceled = "session.canceled";
    public const string AccountRevoked = "account.revoked";
    public const string AccountUpgraded = "account.upgraded";
    public const string AccountErased = "account.erased";
    public const string AppealCreated = "appeal.created";
    public const string AppealDecided = "appeal.decided";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SessionVerified, SessionFailed, SessionExpired, SessionCanceled,
        AccountRevoked, AccountUpgraded, AccountErased, AppealCreated, AppealDecided,
    };

    /// <summary>The webhook a session event raises: only terminal events raise one.</summary>
    public static string? ForSessionEvent(SessionEvents.ISessionEvent e) => e switch
    {
        SessionEvents.Verified => SessionVerified,
        SessionEvents.Failed => SessionFailed,
        SessionEvents.Expired => SessionExpired,
        SessionEvents.Canceled => SessionCanceled,
        _ => null,
    };
}
