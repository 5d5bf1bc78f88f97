using System.Data;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using RealName.Actors.Persistence;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// Runs Akka.Persistence.Sql on real SQLite files (journal and snapshots in separate files) through
/// <see cref="SqliteJournalConnections"/>. Each test gets its own temporary folder and actor system.
/// </summary>
public sealed class SqliteJournalConnectionsSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SqliteFiles _files;

    public SqliteJournalConnectionsSpecs()
        : this(new SqliteFiles())
    {
    }

    private SqliteJournalConnectionsSpecs(SqliteFiles files)
        : base(files.CreateActorSystemSetup(), "sqlite-journal-connections")
    {
        _files = files;
    }

    [Fact]
    public void A_persistent_actor_recovers_its_snapshot_and_later_events_after_it_is_stopped_and_started_again()
    {
        var first = Sys.ActorOf(Props.Create(() => new Notebook("notebook-1")));
        AddEntry(first, "one");
        AddEntry(first, "two");
        first.Tell(new TakeSnapshot());
        ExpectMsg<SnapshotTaken>(Patience);
        AddEntry(first, "three");

        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Patience);

        var second = Sys.ActorOf(Props.Create(() => new Notebook("notebook-1")));
        second.Tell(new GetEntries());
        var recovered = ExpectMsg<Entries>(Patience);

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
        var writer = Sys.ActorOf(Props.Create(() => new Notebook("notebook-2")));
        AddEntry(writer, "kept");

        // The public overload, as the host uses it.
        var setup = BootstrapSetup.Create()
            .WithConfig(_files.Config)
            .And(SqliteJournalConnections.CreateSetup(_files.JournalConnectionString, _files.SnapshotConnectionString));
        var other = ActorSystem.Create("sqlite-journal-connections-2", setup);
        try
        {
            var reader = other.ActorOf(Props.Create(() => new Notebook("notebook-2")));
            var recovered = await reader.Ask<Entries>(new GetEntries(), Patience);

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
            .Select(i => Sys.ActorOf(Props.Create(() => new Notebook($"many-{i}"))))
            .ToList();

        foreach (var notebook in notebooks)
        {
            notebook.Tell(new Add("entry"));
        }

        var added = ReceiveN(actors, Patience).Cast<Added>().ToList();

        Assert.Equal(actors, added.Select(a => a.PersistenceId).Distinct().Count());
        Assert.Equal(actors, _files.CountRows(_files.JournalPath, "journal"));
    }

    [Fact]
    public void Concurrent_persists_from_many_actors_are_written_in_fewer_transactions_than_events()
    {
        const int actors = 200;
        var notebooks = Enumerable.Range(0, actors)
            .Select(i => Sys.ActorOf(Props.Create(() => new Notebook($"batched-{i}"))))
            .ToList();

        // Finish every recovery first: recoveries read through the journal's connections too.
        foreach (var notebook in notebooks)
        {
            notebook.Tell(new GetEntries());
        }

        ReceiveN(actors, Patience);
        var before = _files.Journal.TransactionsBegun;

        foreach (var notebook in notebooks)
        {
            notebook.Tell(new Add("entry"));
        }

        ReceiveN(actors, Patience);
        var writeTransactions = _files.Journal.TransactionsBegun - before;

        Assert.Equal(actors, _files.CountRows(_files.JournalPath, "journal"));
        Assert.InRange(writeTransactions, 1, actors - 1);
    }

    [Fact]
    public async Task The_read_journal_reads_the_journal_file_through_the_tuned_connections()
    {
        AddEntry(Sys.ActorOf(Props.Create(() => new Notebook("queried"))), "first");
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
    public async Task ZZ_plain_timing()
    {
        const int actors = 200;
        var other = ActorSystem.Create("plain", _files.Config);
        try {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var notebooks = Enumerable.Range(0, actors)
            .Select(i => other.ActorOf(Props.Create(() => new Notebook($"p-{i}"))))
            .ToList();
        await Task.WhenAll(notebooks.Select(n => n.Ask<Entries>(new GetEntries(), Patience)));
        var rec = sw.ElapsedMilliseconds; sw.Restart();
        await Task.WhenAll(notebooks.Select(n => n.Ask<Added>(new Add("x"), Patience)));
        var wr = sw.ElapsedMilliseconds; sw.Restart();
        var notebooks2 = Enumerable.Range(0, actors)
            .Select(i => other.ActorOf(Props.Create(() => new Notebook($"q-{i}"))))
            .ToList();
        await Task.WhenAll(notebooks2.Select(n => n.Ask<Entries>(new GetEntries(), Patience)));
        var rec2 = sw.ElapsedMilliseconds;
        Assert.Fail($"TIMING plain recovery={rec} write={wr} recovery2={rec2}");
        } finally { await other.Terminate(); }
    }

    [Fact]
    public void ZZ_timing()
    {
        const int actors = 200;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var notebooks = Enumerable.Range(0, actors)
            .Select(i => Sys.ActorOf(Props.Create(() => new Notebook($"t-{i}"))))
            .ToList();
        foreach (var notebook in notebooks) notebook.Tell(new GetEntries());
        ReceiveN(actors, Patience);
        var rec = sw.ElapsedMilliseconds; sw.Restart();
        var tx0 = _files.Journal.TransactionsBegun;
        foreach (var notebook in notebooks) notebook.Tell(new Add("entry"));
        ReceiveN(actors, Patience);
        var wr = sw.ElapsedMilliseconds; sw.Restart();
        var notebooks2 = Enumerable.Range(0, actors)
            .Select(i => Sys.ActorOf(Props.Create(() => new Notebook($"u-{i}"))))
            .ToList();
        foreach (var notebook in notebooks2) notebook.Tell(new GetEntries());
        ReceiveN(actors, Patience);
        var rec2 = sw.ElapsedMilliseconds;
        Assert.Fail($"TIMING recovery={rec} write={wr} recovery2={rec2} tx={_files.Journal.TransactionsBegun - tx0} snapTx={_files.Snapshots.TransactionsBegun}");
    }

    [Fact]
    public void Journal_and_snapshot_files_are_in_wal_mode()
    {
        AddEntry(Sys.ActorOf(Props.Create(() => new Notebook("notebook-3"))), "written");

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
    public void A_transaction_begun_through_linq2db_is_deferred_so_it_does_not_hold_the_write_lock()
    {
        var factory = new SqliteConnectionFactory(_files.JournalConnectionString);
        using var db = new DataConnection(factory.CreateDataOptions());
        using var reading = db.BeginTransaction(IsolationLevel.Unspecified);
        _ = db.Execute<long>("SELECT COUNT(*) FROM sqlite_master");

        // With BEGIN IMMEDIATE the open transaction above would hold the write lock and this would
        // fail with SQLITE_BUSY (busy timeout 0, and Microsoft.Data.Sqlite retries for 1 s only).
        var failFast = new SqliteConnectionStringBuilder(_files.JournalConnectionString) { DefaultTimeout = 1 };
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

    private void AddEntry(IActorRef notebook, string entry)
    {
        notebook.Tell(new Add(entry));
        ExpectMsg<Added>(a => a.Entry == entry, Patience);
    }

    private sealed record Add(string Entry);

    private sealed record Added(string PersistenceId, string Entry);

    private sealed record GetEntries;

    private sealed record Entries(string PersistenceId, string[] Values, int SnapshotsOffered);

    private sealed record TakeSnapshot;

    private sealed record SnapshotTaken(long SequenceNr);

    /// <summary>A persistent actor that appends strings and can snapshot them.</summary>
    private sealed class Notebook : ReceivePersistentActor
    {
        private readonly List<string> _entries = [];
        private int _snapshotsOffered;
        private IActorRef _snapshotRequester = ActorRefs.Nobody;

        public Notebook(string persistenceId)
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
    }

    /// <summary>The temporary folder, its two database files and the HOCON that points at them.</summary>
    private sealed class SqliteFiles : IDisposable
    {
        public SqliteFiles()
        {
            Folder = Path.Combine(Path.GetTempPath(), "realname-sqlite-" + Guid.NewGuid().ToString("N"));
            JournalPath = Path.Combine(Folder, "journal.db");
            SnapshotPath = Path.Combine(Folder, "snapshots.db");
            SqliteJournalConnections.Prepare(JournalPath);
            SqliteJournalConnections.Prepare(SnapshotPath);
            JournalConnectionString = SqliteJournalConnections.ConnectionString(JournalPath);
            SnapshotConnectionString = SqliteJournalConnections.ConnectionString(SnapshotPath);
            Journal = new SqliteConnectionFactory(JournalConnectionString);
            Snapshots = new SqliteConnectionFactory(SnapshotConnectionString);
            Config = ConfigurationFactory.ParseString(Hocon(JournalConnectionString, SnapshotConnectionString));
        }

        public string Folder { get; }

        public string JournalPath { get; }

        public string SnapshotPath { get; }

        public string JournalConnectionString { get; }

        public string SnapshotConnectionString { get; }

        public SqliteConnectionFactory Journal { get; }

        public SqliteConnectionFactory Snapshots { get; }

        public Config Config { get; }

        public ActorSystemSetup CreateActorSystemSetup()
        {
            return BootstrapSetup.Create()
                .WithConfig(Config)
                .And(SqliteJournalConnections.CreateSetup(Journal, Snapshots));
        }

        public long CountRows(string path, string table)
        {
            return Scalar<long>(path, $"SELECT COUNT(*) FROM \"{table}\"");
        }

        public bool HasTable(string path, string table)
        {
            return Scalar<long>(path, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") > 0;
        }

        public string Pragma(string path, string pragma)
        {
            return Scalar<string>(path, $"PRAGMA {pragma}");
        }

        public void Dispose()
        {
            // Pooled handles keep the files open; release this folder's pools (not every pool in the
            // process: other tests may be using SQLite at the same time).
            foreach (var path in Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.db", SearchOption.AllDirectories) : [])
            {
                using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(path));
                SqliteConnection.ClearPool(connection);
            }

            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A handle still closing; the folder is under the temp path and uniquely named.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static T Scalar<T>(string path, string sql)
        {
            using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(path));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string Hocon(string journalConnectionString, string snapshotConnectionString)
        {
            return $$""""
                akka {
                  loglevel = WARNING
                  persistence {
                    journal {
                      plugin = "akka.persistence.journal.sql"
                      sql {
                        class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                        connection-string = """{{journalConnectionString}}"""
                        provider-name = "SQLite.MS"
                        table-mapping = default
                        auto-initialize = on
                        parallelism = 1
                      }
                    }
                    snapshot-store {
                      plugin = "akka.persistence.snapshot-store.sql"
                      sql {
                        class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                        connection-string = """{{snapshotConnectionString}}"""
                        provider-name = "SQLite.MS"
                        table-mapping = default
                        auto-initialize = on
                      }
                    }
                    query.journal.sql {
                      class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
                      write-plugin = "akka.persistence.journal.sql"
                      connection-string = """{{journalConnectionString}}"""
                      provider-name = "SQLite.MS"
                      table-mapping = default
                    }
                  }
                }
                """";
        }
    }
}
