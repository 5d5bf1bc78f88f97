using Akka.Actor;
using Akka.Persistence;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// A persistent actor for the SQLite journal specs: appends strings (events) and can snapshot them,
/// and reports how many snapshots it was offered on recovery.
/// </summary>
internal sealed class SqliteJournalTestNotebook : ReceivePersistentActor
{
    private readonly List<string> _entries = [];
    private int _snapshotsOffered;
    private IActorRef _snapshotRequester = ActorRefs.Nobody;

    public SqliteJournalTestNotebook(string persistenceId)
    {
        PersistenceId = persistenceId;

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

    public static Props Props(string persistenceId)
    {
        return Akka.Actor.Props.Create(() => new SqliteJournalTestNotebook(persistenceId));
    }

    public sealed record Add(string Entry);

    public sealed record Added(string PersistenceId, string Entry);

    public sealed record GetEntries;

    public sealed record Entries(string PersistenceId, string[] Values, int SnapshotsOffered);

    public sealed record TakeSnapshot;

    public sealed record SnapshotTaken(long SequenceNr);
}
