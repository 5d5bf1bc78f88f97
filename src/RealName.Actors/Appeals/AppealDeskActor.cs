using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using RealName.Actors.Identities;
using RealName.Domain.Appeals;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;
using static RealName.Actors.Appeals.AppealProtocol;

namespace RealName.Actors.Appeals;

/// <summary>
/// The appeal cases (P6), a persistent singleton: appeals are rare and operator-driven. An
/// approval asks the registry to move the claim (one registry event revokes the holder and
/// verifies the appellant) and records the decision only when the registry granted it, so a
/// claim that moved meanwhile, or a second approval, is refused without anything written.
/// </summary>
public sealed class AppealDeskActor : ReceivePersistentActor
{
    public const string DeskPersistenceId = "appeal-desk";
    private const int SnapshotEvery = 500;

    private readonly IActorRef _registry;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private AppealBook _book = AppealBook.Empty;

    public AppealDeskActor(IActorRef registry, TimeProvider clock, TimeSpan timeout)
    {
        _registry = registry;
        _clock = clock;
        _timeout = timeout;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is Snapshot snapshot)
                _book = new AppealBook(snapshot.Appeals.ToImmutableDictionary(a => a.Id));
        });
        Recover<AppealEvents.IAppealEvent>(e => _book = AppealRules.Apply(_book, e));

        Command<Open>(OnOpen);
        Command<Opened>(o =>
        {
            // Decided again now: the same appeal may have been opened while the registry answered.
            if (AppealRules.OpenFor(_book, o.Appeal.AccountId.Value, o.Appeal.IdKey) is { } open)
                o.ReplyTo.Tell(new AppealReply(ToView(open), null));
            else
                PersistAndReply(new AppealEvents.AppealOpened(o.Appeal), o.Appeal.Id, o.ReplyTo);
        });
        Command<Get>(g => Sender.Tell(_book.Appeals.TryGetValue(g.AppealId, out var a)
            ? new AppealReply(ToView(a), null)
            : new AppealReply(null, new SessionError(ErrorCodes.InvalidRequest, "No such appeal."))));
        Command<List>(_ => Sender.Tell(new AppealList(_book.Appeals.Values.OrderBy(a => a.OpenedAt).Select(ToView).ToList())));
        Command<Approve>(OnApprove);
        Command<Moved>(OnMoved);
        Command<Refused>(r => r.ReplyTo.Tell(new AppealReply(null, r.Error)));
        Command<Reject>(r =>
        {
            if (AppealRules.CanDecide(_book, r.AppealId) is { } error)
                Sender.Tell(new AppealReply(null, error));
            else
                PersistAndReply(new AppealEvents.AppealRejected(r.AppealId, r.Reason, _clock.GetUtcNow(), r.By), r.AppealId, Sender);
        });
        Command<EraseAppellant>(OnErase);
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(_ => { });
    }

    public override string PersistenceId => DeskPersistenceId;

    private void OnOpen(Open open)
    {
        if (AppealRules.OpenFor(_book, open.AccountId, open.IdKey) is { } existing)
        {
            Sender.Tell(new AppealReply(ToView(existing), null));
            return;
        }
        var replyTo = Sender;
        var now = _clock.GetUtcNow();
        _registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Check(open.IdKey, open.AccountId), _timeout).PipeTo(Self,
            success: verdict => verdict.RefusalCode == ErrorCodes.IdAlreadyVerified
                ? new Opened(new Appeal(open.AppealId, new AccountId(open.AccountId), open.Name, open.IdNumber, open.IdKey, open.Contact,
                    open.Reason, new AccountId(verdict.Owner!), AppealStatus.Pending, now), replyTo)
                : new Refused(replyTo, new SessionError(ErrorCodes.InvalidState,
                    verdict.IsGranted ? "This identity verifies no other account: verify it directly instead of appealing." : ErrorMessages.For(verdict.RefusalCode!))),
            failure: _ => new Refused(replyTo, new SessionError(ErrorCodes.ProviderUnavailable, ErrorMessages.For(ErrorCodes.ProviderUnavailable))));
    }

    private void OnApprove(Approve approve)
    {
        if (AppealRules.CanDecide(_book, approve.AppealId) is { } error)
        {
            Sender.Tell(new AppealReply(null, error));
            return;
        }
        var a = _book.Appeals[approve.AppealId];
        var replyTo = Sender;
        var move = new MoveRequest(a.IdKey, a.Holder, a.AccountId, a.Name, a.IdNumber, approve.Reason, a.Id);
        _registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.MoveClaim(move), _timeout).PipeTo(Self,
            success: verdict => new Moved(approve, verdict, replyTo),
            failure: _ => new Refused(replyTo, new SessionError(ErrorCodes.ProviderUnavailable, ErrorMessages.For(ErrorCodes.ProviderUnavailable))));
    }

    private void OnMoved(Moved moved)
    {
        // Decided again now: a concurrent approval of the same appeal may have been recorded meanwhile.
        if (AppealRules.CanDecide(_book, moved.Approve.AppealId) is { } error)
        {
            moved.ReplyTo.Tell(new AppealReply(null, error));
            return;
        }
        if (!moved.Verdict.IsGranted)
        {
            var message = moved.Verdict.RefusalCode == ErrorCodes.AccountAlreadyVerified
                ? "The appellant's account already holds an identity."
                : "The identity no longer belongs to the account this appeal was filed against.";
            moved.ReplyTo.Tell(new AppealReply(ToView(_book.Appeals[moved.Approve.AppealId]), new SessionError(ErrorCodes.InvalidState, message)));
            return;
        }
        PersistAndReply(new AppealEvents.AppealApproved(moved.Approve.AppealId, moved.Approve.Reason, _clock.GetUtcNow(), moved.Approve.By), moved.Approve.AppealId, moved.ReplyTo);
    }

    private void OnErase(EraseAppellant erase)
    {
        var account = new AccountId(erase.AccountId);
        var readable = AppealRules.Readable(_book, account).Count;
        if (readable == 0)
        {
            Sender.Tell(new ErasedAppeals(0));
            return;
        }
        var replyTo = Sender;
        Persist(new AppealEvents.AppellantErased(account, _clock.GetUtcNow(), erase.By), stored =>
        {
            _book = AppealRules.Apply(_book, stored);
            replyTo.Tell(new ErasedAppeals(readable));
        });
    }

    private void PersistAndReply(AppealEvents.IAppealEvent e, string appealId, IActorRef replyTo) =>
        Persist(e, stored =>
        {
            _book = AppealRules.Apply(_book, stored);
            replyTo.Tell(new AppealReply(ToView(_book.Appeals[appealId]), null));
            if (LastSequenceNr % SnapshotEvery == 0)
                SaveSnapshot(new Snapshot(_book.Appeals.Values.ToList()));
        });

    private sealed record Opened(Appeal Appeal, IActorRef ReplyTo);

    private sealed record Moved(Approve Approve, RegistryProtocol.Verdict Verdict, IActorRef ReplyTo);

    private sealed record Refused(IActorRef ReplyTo, SessionError Error);
}
