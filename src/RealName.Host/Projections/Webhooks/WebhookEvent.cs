using RealName.Domain.Appeals;
using RealName.Domain.Identities;
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

    /// <summary>The webhook an appeal desk event raises: an appeal opened, or decided either way.</summary>
    public static string? ForAppealEvent(AppealEvents.IAppealEvent e) => e switch
    {
        AppealEvents.AppealOpened => AppealCreated,
        AppealEvents.AppealApproved or AppealEvents.AppealRejected => AppealDecided,
        _ => null,
    };

    /// <summary>The webhook a registry event tagged for accounts raises, the account it concerns and when.</summary>
    public static (string Type, AccountId Account, DateTimeOffset At)? ForRegistryEvent(RegistryEvents.IRegistryEvent e) => e switch
    {
        RegistryEvents.ClaimMoved m => (AccountRevoked, m.Revocation.AccountId, m.Revocation.At),
        RegistryEvents.EnterpriseClaimed c => (AccountUpgraded, c.Enterprise.AccountId, c.Enterprise.VerifiedAt),
        RegistryEvents.AccountErased x => (AccountErased, x.AccountId, x.At),
        _ => null,
    };
}
