using RealName.Actors.Serialization;
using RealName.Domain.Appeals;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Actors.Appeals;

/// <summary>Messages to and from the <see cref="AppealDeskActor"/> singleton.</summary>
public static class AppealProtocol
{
    /// <summary>Files an appeal; <paramref name="IdKey"/> is the registry's HMAC of the ID number.</summary>
    public sealed record Open(string AppealId, string AccountId, Sensitive Name, Sensitive IdNumber, string IdKey, Sensitive Contact, string Reason) : IRealNameMessage;

    public sealed record Get(string AppealId) : IRealNameMessage;

    public sealed record List : IRealNameMessage
    {
        public static readonly List Instance = new();
    }

    /// <summary>An operator's decision; <paramref name="By"/> is the admin token's name, recorded with it.</summary>
    public sealed record Approve(string AppealId, string Reason, string? By = null) : IRealNameMessage;

    public sealed record Reject(string AppealId, string Reason, string? By = null) : IRealNameMessage;

    /// <summary>An appeal as anyone outside the desk sees it: masked.</summary>
    public sealed record AppealView(
        string Id,
        string AccountId,
        AppealStatus Status,
        string? MaskedName,
        string? MaskedIdNumber,
        string MaskedHolder,
        string Reason,
        DateTimeOffset OpenedAt,
        DateTimeOffset? DecidedAt,
        string? Decision,
        string? DecidedBy = null);

    public sealed record AppealReply(AppealView? Appeal, SessionError? Error) : IRealNameMessage;

    public sealed record AppealList(IReadOnlyList<AppealView> Appeals) : IRealNameMessage;

    /// <summary>Erases the personal data of the account's appeals (PIPL). Answered with <see cref="ErasedAppeals"/>.</summary>
    public sealed record EraseAppellant(string AccountId, string? By = null) : IRealNameMessage;

    public sealed record ErasedAppeals(int Count) : IRealNameMessage;

    /// <summary>The persisted snapshot of the desk.</summary>
    public sealed record Snapshot(IReadOnlyList<Appeal> Appeals) : IRealNameMessage;

    public static AppealView ToView(Appeal a) => new(
        a.Id, a.AccountId.Value, a.Status, a.Name.Readable() is { } n ? Masking.MaskName(n) : null, a.IdNumber.Readable() is { } i ? Masking.MaskIdNumber(i) : null,
        Masking.MaskAccount(a.Holder.Value), a.Reason, a.OpenedAt, a.DecidedAt, a.Decision, a.DecidedBy);
}
