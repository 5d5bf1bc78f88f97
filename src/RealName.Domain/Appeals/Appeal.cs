using System.Collections.Immutable;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Domain.Appeals;

public enum AppealStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// A person's claim that an identity verifying another account is theirs (P6). Filed against the
/// account that held the identity at the time, so an approval can be refused if it moved since.
/// </summary>
public sealed record Appeal(
    string Id,
    AccountId AccountId,
    Sensitive Name,
    Sensitive IdNumber,
    string IdKey,
    Sensitive Contact,
    string Reason,
    AccountId Holder,
    AppealStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DecidedAt = null,
    string? Decision = null,
    string? DecidedBy = null);

public static class AppealEvents
{
    public interface IAppealEvent;

    public sealed record AppealOpened(Appeal Appeal) : IAppealEvent;

    /// <summary>An operator approved the appeal; <paramref name="By"/> names the admin token (none in events stored before names).</summary>
    public sealed record AppealApproved(string AppealId, string Reason, DateTimeOffset At, string? By = null) : IAppealEvent;

    public sealed record AppealRejected(string AppealId, string Reason, DateTimeOffset At, string? By = null) : IAppealEvent;

    /// <summary>The appellant account's personal data was erased (PIPL): its appeals keep their course and lose their personal values.</summary>
    public sealed record AppellantErased(AccountId AccountId, DateTimeOffset At, string? By = null) : IAppealEvent;
}

/// <summary>All appeal cases; few enough to keep in one state (appeals are rare and operator-handled).</summary>
public sealed record AppealBook(ImmutableDictionary<string, Appeal> Appeals)
{
    public static readonly AppealBook Empty = new(ImmutableDictionary<string, Appeal>.Empty);
}

public static class AppealRules
{
    public const int MaxReasonLength = 500;

    /// <summary>Only a pending appeal can be decided: approving or rejecting twice is refused.</summary>
    public static SessionError? CanDecide(AppealBook book, string appealId) =>
        !book.Appeals.TryGetValue(appealId, out var appeal) ? new SessionError(ErrorCodes.InvalidRequest, "No such appeal.")
        : appeal.Status != AppealStatus.Pending ? new SessionError(ErrorCodes.InvalidState, $"The appeal is already {appeal.Status.ToString().ToLowerInvariant()}.")
        : null;

    /// <summary>
    /// The pending appeal of this account for this ID number (by its key), if any: one open appeal
    /// per account and identity, so the same appeal filed again answers the one already open.
    /// </summary>
    public static Appeal? OpenFor(AppealBook book, string accountId, string idKey) =>
        book.Appeals.Values.FirstOrDefault(a => a.Status == AppealStatus.Pending && a.AccountId.Value == accountId && a.IdKey == idKey);

    /// <summary>The appeals of <paramref name="accountId"/> that still hold readable personal data.</summary>
    public static IReadOnlyList<Appeal> Readable(AppealBook book, AccountId accountId) =>
        book.Appeals.Values.Where(a => a.AccountId == accountId && (a.Name.Readable() ?? a.Contact.Readable()) is not null).ToList();

    public static AppealBook Apply(AppealBook book, AppealEvents.IAppealEvent @event) => @event switch
    {
        AppealEvents.AppellantErased e => new(book.Appeals.SetItems(Readable(book, e.AccountId).Select(a => KeyValuePair.Create(a.Id,
            a with { Name = a.Name.Erase(), IdNumber = a.IdNumber.Erase(), Contact = a.Contact.Erase() })))),
        AppealEvents.AppealOpened e => new(book.Appeals.SetItem(e.Appeal.Id, e.Appeal)),
        AppealEvents.AppealApproved e => new(book.Appeals.SetItem(e.AppealId, book.Appeals[e.AppealId] with { Status = AppealStatus.Approved, DecidedAt = e.At, Decision = e.Reason, DecidedBy = e.By })),
        AppealEvents.AppealRejected e => new(book.Appeals.SetItem(e.AppealId, book.Appeals[e.AppealId] with { Status = AppealStatus.Rejected, DecidedAt = e.At, Decision = e.Reason, DecidedBy = e.By })),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown appeal event."),
    };
}
