using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Persistence;
using RealName.Persistence.Journal;
using RealName.Persistence.Sqlite;

namespace RealName.Actors.Tests.Persistence;

/// <summary>Our SQLite write path (<see cref="SqliteJournalWriter"/>) under the production journal: the plugin's tables, read back by the plugin.</summary>
public sealed class SqliteJournalWriterSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
{
    private const string Tag = "writer-spec";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Should_store_tagged_and_untagged_events_of_many_actors_so_the_tag_query_and_their_recoveries_read_them_back()
    {
        var writers = Enumerable.Range(0, 50).Select(i => Sys.ActorOf(Props.Create(() => new Scanner($"writer-{i}")))).ToList();

        // Everyone at once: the writes share transactions.
        await Task.WhenAll(writers.Select(w => w.Ask<long>(new Scan("tagged", Tagged: true), TimeSpan.FromSeconds(10))));
        await Task.WhenAll(writers.Select(w => w.Ask<long>(new Scan("plain", Tagged: false), TimeSpan.FromSeconds(10))));

        var byTag = await PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(PersistencePlugins.QueryId)
            .CurrentEventsByTag(Tag, Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        Assert.Equal(50, byTag.Select(e => e.PersistenceId).Distinct().Count());
        Assert.All(byTag, e => Assert.Equal(("tagged", 1L), (((SessionEvents.QrScanned)e.Event).AppUser.Value, e.SequenceNr)));
        var offsets = byTag.Select(e => ((Sequence)e.Offset).Value).ToList();
        Assert.Equal(offsets.Order(), offsets);

        await writers[7].GracefulStop(TimeSpan.FromSeconds(5));
        var recovered = Sys.ActorOf(Props.Create(() => new Scanner("writer-7")));
        Assert.Equal(["tagged", "plain"], await recovered.Ask<IReadOnlyList<string>>(Recovered.Instance, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Should_fail_only_the_write_whose_sequence_number_is_taken_when_it_shares_a_transaction_with_others()
    {
        // The tables exist once the journal has written.
        await Sys.ActorOf(Props.Create(() => new Scanner("first"))).Ask<long>(new Scan("x", Tagged: false), TimeSpan.FromSeconds(10));
        var journalPath = Path.Combine(DataPath, PersistenceHosting.JournalFile);
        var config = new JournalConfig(Sys.Settings.Config.GetConfig(PersistencePlugins.JournalId).WithFallback(SqlPersistence.DefaultJournalConfiguration));
        using var writer = new SqliteJournalWriter(() => new SqliteConnection(SqliteJournalConnections.ConnectionString(journalPath)), config.TableConfig);

        // Hold the write lock so that the next writes queue up and go into one transaction together.
        using var blocker = new SqliteConnection(SqliteJournalConnections.ConnectionString(journalPath));
        blocker.Open();
        var hold = blocker.BeginTransaction(deferred: false);
        var waiting = writer.WriteAsync([Row("held", 1)]);
        var duplicate = writer.WriteAsync([Row("first", 1)]);
        var innocent = writer.WriteAsync([Row("innocent", 1), Row("innocent", 2)]);
        hold.Rollback();

        await waiting;
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        await innocent;
        Assert.Equal(2L, CountRows(journalPath, "innocent"));
        Assert.Equal(1L, CountRows(journalPath, "first"));
    }

    [Fact]
    public async Task Should_read_one_tag_after_an_ordering_as_an_index_range_rather_than_every_row_of_the_tag()
    {
        await Sys.ActorOf(Props.Create(() => new Scanner("indexed"))).Ask<long>(new Scan("x", Tagged: true), TimeSpan.FromSeconds(10));

        // The shape of the plugin's EventsByTag query in tag-table mode (the projections poll it).
        using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(Path.Combine(DataPath, PersistenceHosting.JournalFile)));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN
            SELECT r.ordering FROM journal r LEFT JOIN tags lp ON lp.ordering_id = r.ordering
            WHERE lp.ordering_id > 10 AND lp.ordering_id <= 500 AND r.deleted = 0 AND lp.tag = 'writer-spec'
            ORDER BY r.ordering
            """;
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
            plan.Add(reader.GetString(3));
        Assert.Contains(plan, step => step.Contains("tags_tag_ordering_idx (tag=? AND ordering_id>? AND ordering_id<?)", StringComparison.Ordinal));
    }

    private static JournalRowData Row(string persistenceId, long sequenceNr) =>
        new(persistenceId, sequenceNr, T0.UtcTicks, [1, 2, 3], "se.scanned", 4711, "spec", []);

    private static long CountRows(string journalPath, string persistenceId)
    {
        using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(journalPath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        return (long)command.ExecuteScalar()!;
    }

    private sealed record Scan(string AppUser, bool Tagged);

    private sealed record Recovered
    {
        public static readonly Recovered Instance = new();
    }

    /// <summary>Persists a <c>QrScanned</c> per <see cref="Scan"/> (tagged or not) and answers its sequence number; lists what it recovered.</summary>
    private sealed class Scanner(string persistenceId) : UntypedPersistentActor
    {
        private readonly List<string> _recovered = [];

        public override string PersistenceId => persistenceId;

        protected override void OnCommand(object message)
        {
            switch (message)
            {
                case Scan scan:
                    var e = new SessionEvents.QrScanned(new Sensitive(scan.AppUser), T0);
                    var sender = Sender;
                    Persist<object>(scan.Tagged ? new Tagged(e, [Tag]) : e, _ => sender.Tell(LastSequenceNr));
                    break;
                case Recovered:
                    Sender.Tell((IReadOnlyList<string>)_recovered);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }

        protected override void OnRecover(object message)
        {
            if (message is SessionEvents.QrScanned scanned)
                _recovered.Add(scanned.AppUser.Value);
        }
    }
}
