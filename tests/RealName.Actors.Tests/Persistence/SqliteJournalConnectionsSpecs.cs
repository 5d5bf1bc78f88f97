using System.Data;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using RealName.Persistence;
using RealName.Persistence.Sqlite;
using Notebook = RealName.Actors.Tests.Persistence.SqliteJournalTestNotebook;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// Runs Akka.Persistence.Sql on real SQLite files (journal and snapshots in separate files) through
/// <see cref="SqliteJournalConnections"/>. Each test gets its own temporary folder and actor system; Akka's
/// warnings go to the test's output, and the notebooks report a failed recovery or persist to the test actor.
/// </summary>
public sealed class SqliteJournalConnectionsSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SqliteJournalTestFiles _files;

    public SqliteJournalConnectionsSpecs(ITestOutputHelper output)
        : this(new SqliteJournalTestFiles(), output)
    {
    }

    private SqliteJournalConnectionsSpecs(SqliteJournalTestFiles files, ITestOutputHelper output)
        : base(files.CreateActorSystemSetup(), "sqlite-journal-connections", output)
    {
        _files = files;
    }

    [Fact]
    public void A_persistent_actor_recovers_its_snapshot_and_later_events_after_it_is_stopped_and_started_again()
    {
        var first = NewNotebook("notebook-1");
        AddEntry(first, "one");
        AddEntry(first, "two");
        first.Tell(new Notebook.TakeSnapshot());
        ExpectMsg<Notebook.SnapshotTaken>(Patience);
        AddEntry(first, "three");

        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Patience);

        var second = NewNotebook("notebook-1");
        second.Tell(new Notebook.GetEntries());
        var recovered = ExpectMsg<Notebook.Entries>(Patience);

        Assert.Equal(["one", "two", "three"], recovered.Values);
        Assert.Equal(1, recovered.SnapshotsOffered);
        Assert.Equal(3, _files.CountRows(_files.JournalPath, "journal"));
        Assert.Equal(1, _files.CountRows(_files.SnapshotPath, "snapshot"));
        Assert.False(_files.HasTable(_files.JournalPath, "snapshot"));
        Assert.False(_files.HasTable(_files.SnapshotPath, "journal"));
    }

    [Fact]
    public async Task Events_persisted_by_one_actor_system_are_recovered_by_a_new_actor_system_on_the_same_files()
    {
        var writer = NewNotebook("notebook-2");
        AddEntry(writer, "kept");

        // The public overload, as the host uses it.
        var setup = BootstrapSetup.Create()
            .WithConfig(_files.Config)
            .And(SqliteJournalConnections.CreateSetup(_files.JournalConnectionString, _files.SnapshotConnectionString));
        var other = ActorSystem.Create("sqlite-journal-connections-2", setup);
        try
        {
            var reader = other.ActorOf(Notebook.Props("notebook-2"));
            var recovered = await reader.Ask<Notebook.Entries>(new Notebook.GetEntries(), Patience);

            Assert.Equal(["kept"], recovered.Values);
        }
        finally
        {
            await other.Terminate();
        }
    }

    [Fact]
    public void Two_hundred_persistent_actors_persisting_at_once_all_succeed()
    {
        const int actors = 200;
        var notebooks = Enumerable.Range(0, actors)
            .Select(i => NewNotebook($"many-{i}"))
            .ToList();

        foreach (var notebook in notebooks)
        {
            notebook.Tell(new Notebook.Add("entry"));
        }

        var added = ReceiveReplies<Notebook.Added>(actors);

        Assert.Equal(actors, added.Select(a => a.PersistenceId).Distinct().Count());
        Assert.Equal(actors, _files.CountRows(_files.JournalPath, "journal"));
    }

    [Fact]
    public void Concurrent_persists_from_many_actors_are_written_in_fewer_transactions_than_events()
    {
        const int actors = 200;
        var notebooks = Enumerable.Range(0, actors)
            .Select(i => NewNotebook($"batched-{i}"))
            .ToList();

        // Finish every recovery first: recoveries read through the journal's connections too.
        foreach (var notebook in notebooks)
        {
            notebook.Tell(new Notebook.GetEntries());
        }

        ReceiveReplies<Notebook.Entries>(actors);
        var before = _files.Journal.TransactionsBegun;

        foreach (var notebook in notebooks)
        {
            notebook.Tell(new Notebook.Add("entry"));
        }

        ReceiveReplies<Notebook.Added>(actors);
        var writeTransactions = _files.Journal.TransactionsBegun - before;

        Assert.Equal(actors, _files.CountRows(_files.JournalPath, "journal"));
        Assert.InRange(writeTransactions, 1, actors - 1);
    }

    [Fact]
    public async Task The_read_journal_reads_the_journal_file_through_the_tuned_connections()
    {
        AddEntry(NewNotebook("queried"), "first");
        var readJournal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var before = _files.Journal.TransactionsBegun;

        var events = await readJournal
            .CurrentEventsByPersistenceId("queried", 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());

        Assert.Equal(["first"], events.Select(e => (string)e.Event));
        // The read journal shares the journal's factory, so its queries show up in its count.
        Assert.True(_files.Journal.TransactionsBegun > before);
    }

    [Fact]
    public void Journal_and_snapshot_files_are_in_wal_mode()
    {
        AddEntry(NewNotebook("notebook-3"), "written");

        Assert.Equal("wal", _files.Pragma(_files.JournalPath, "journal_mode"));
        Assert.Equal("wal", _files.Pragma(_files.SnapshotPath, "journal_mode"));
    }

    [Fact]
    public void Prepare_creates_the_folder_and_switches_a_new_file_to_wal()
    {
        var path = Path.Combine(_files.Folder, "nested", "prepared.db");

        SqliteJournalConnections.Prepare(path);

        Assert.True(File.Exists(path));
        Assert.Equal("wal", _files.Pragma(path, "journal_mode"));
    }

    [Fact]
    public void Connections_handed_to_linq2db_wait_for_locks_sync_fully_and_switch_the_file_to_wal()
    {
        var path = Path.Combine(_files.Folder, "unprepared.db");
        var factory = new SqliteConnectionFactory(SqliteJournalConnections.ConnectionString(path));

        using var db = new DataConnection(factory.CreateDataOptions());

        Assert.Equal(SqliteConnectionFactory.BusyTimeoutMilliseconds, db.Execute<long>("PRAGMA busy_timeout"));
        Assert.Equal(2L, db.Execute<long>("PRAGMA synchronous")); // 2 = FULL
        Assert.Equal("wal", db.Execute<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public void A_pooled_connection_its_last_user_left_inside_a_transaction_is_handed_out_without_it()
    {
        var factory = new SqliteConnectionFactory(SqliteJournalConnections.ConnectionString(Path.Combine(_files.Folder, "leftover.db")));
        using (var first = factory.CreateConnection(factory.CreateDataOptions()))
        {
            first.Open();
            using var command = first.CreateCommand();
            command.CommandText = "CREATE TABLE t (x); BEGIN; INSERT INTO t VALUES (1);";
            command.ExecuteNonQuery();
        } // back in the pool with its transaction open, as after a ROLLBACK refused mid-statement

        using var db = new DataConnection(factory.CreateDataOptions());
        using var transaction = db.BeginTransaction(IsolationLevel.Unspecified);

        Assert.Equal(0L, db.Execute<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void A_transaction_begun_through_linq2db_is_deferred_so_it_does_not_hold_the_write_lock()
    {
        // A file of its own, so that no plugin write can hold the lock meanwhile.
        var connectionString = SqliteJournalConnections.ConnectionString(Path.Combine(_files.Folder, "deferred.db"));
        var factory = new SqliteConnectionFactory(connectionString);
        using var db = new DataConnection(factory.CreateDataOptions());
        using var reading = db.BeginTransaction(IsolationLevel.Unspecified);
        _ = db.Execute<long>("SELECT COUNT(*) FROM sqlite_master");

        // With BEGIN IMMEDIATE the open transaction above would hold the write lock and this would
        // fail with SQLITE_BUSY (busy timeout 0, and Microsoft.Data.Sqlite retries for 1 s only).
        var failFast = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 1 };
        using var writer = new SqliteConnection(failFast.ToString());
        writer.Open();
        using (var noWait = writer.CreateCommand())
        {
            noWait.CommandText = "PRAGMA busy_timeout = 0;";
            noWait.ExecuteNonQuery();
        }

        using var writing = writer.BeginTransaction(deferred: false);
        writing.Rollback();

        Assert.Equal(1, factory.TransactionsBegun);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _files.Dispose();
        }
    }

    private IActorRef NewNotebook(string persistenceId)
    {
        return Sys.ActorOf(Notebook.Props(persistenceId, reportFailuresTo: TestActor));
    }

    private void AddEntry(IActorRef notebook, string entry)
    {
        notebook.Tell(new Notebook.Add(entry));
        var reply = ExpectMsg<object>(Patience);
        Assert.True(reply is Notebook.Added added && added.Entry == entry, $"expected '{entry}' added, got {reply}");
    }

    /// <summary>
    /// <paramref name="count"/> replies of type <typeparamref name="T"/>. Stops at the first failure a notebook
    /// reports, with its reason, rather than waiting out the replies the stopped notebooks will never send.
    /// </summary>
    private List<T> ReceiveReplies<T>(int count)
    {
        var replies = new List<T>(count);
        var deadline = DateTime.UtcNow + Patience;
        while (replies.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"{replies.Count} of {count} replies within {Patience}");
            switch (ExpectMsg<object>(left))
            {
                case T reply:
                    replies.Add(reply);
                    break;
                case Notebook.Failed failed:
                    Assert.Fail($"{failed.PersistenceId}: {failed.What} failed after {replies.Count} of {count} replies: {failed.Reason}");
                    break;
                case var other:
                    Assert.Fail($"unexpected {other} after {replies.Count} of {count} replies");
                    break;
            }
        }

        return replies;
    }
}
