using Akka.Actor;
using Akka.Persistence;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// A persistent actor for the SQLite journal specs: appends strings (events) and can snapshot them,
/// and reports how many snapshots it was offered on recovery. A failed recovery or persist (after which Akka
/// stops the actor) is told to the actor given as <c>reportFailuresTo</c>, so a spec fails with the journal's
/// reason instead of waiting out a reply that cannot come.
/// </summary>
internal sealed class SqliteJournalTestNotebook : ReceivePersistentActor
{
    private readonly List<string> _entries = [];
    private int _snapshotsOffered;
    private readonly IActorRef _reportFailuresTo;
    private IActorRef _snapshotRequester = ActorRefs.Nobody;

    public SqliteJournalTestNotebook(string persistenceId, IActorRef reportFailuresTo)
    {
        PersistenceId = persistenceId;
        _reportFailuresTo = reportFailuresTo;

        Recover<SnapshotOffer>(offer =>
        {
            _snapshotsOffered++;
            _entries.Clear();
            _entries.AddRange((string[])offer.Snapshot);
        });
        Recover<string>(entry => _entries.Add(entry));

        Command<Add>(add => Persist(add.Entry, entry =>
        {
            _entries.Add(entry);
            Sender.Tell(new Added(PersistenceId, entry));
        }));
        Command<GetEntries>(_ => Sender.Tell(new Entries(PersistenceId, [.. _entries], _snapshotsOffered)));
        Command<TakeSnapshot>(_ =>
        {
            _snapshotRequester = Sender;
            SaveSnapshot(_entries.ToArray());
        });
        Command<SaveSnapshotSuccess>(success => _snapshotRequester.Tell(new SnapshotTaken(success.Metadata.SequenceNr)));
        Command<SaveSnapshotFailure>(failure => _snapshotRequester.Tell(new Status.Failure(failure.Cause)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, IActorRef? reportFailuresTo = null)
    {
        var reporter = reportFailuresTo ?? ActorRefs.Nobody;
        return Akka.Actor.Props.Create(() => new SqliteJournalTestNotebook(persistenceId, reporter));
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _reportFailuresTo.Tell(new Failed(PersistenceId, "recovery", reason.ToString()));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _reportFailuresTo.Tell(new Failed(PersistenceId, $"persist of #{sequenceNr}", cause.ToString()));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _reportFailuresTo.Tell(new Failed(PersistenceId, $"persist of #{sequenceNr} (rejected)", cause.ToString()));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    public sealed record Add(string Entry);

    public sealed record Added(string PersistenceId, string Entry);

    public sealed record GetEntries;

    public sealed record Entries(string PersistenceId, string[] Values, int SnapshotsOffered);

    public sealed record TakeSnapshot;

    public sealed record SnapshotTaken(long SequenceNr);

    public sealed record Failed(string PersistenceId, string What, string Reason);
}
