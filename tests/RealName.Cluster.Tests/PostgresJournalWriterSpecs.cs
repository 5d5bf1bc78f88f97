using System.Collections.Concurrent;
using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using LinqToDB;
using LinqToDB.Interceptors;
using Npgsql;
using RealName.Cluster.Tests.Infrastructure;
using RealName.Persistence;
using RealName.Persistence.Journal;
using RealName.Persistence.Postgres;

namespace RealName.Cluster.Tests;

/// <summary>
/// Our PostgreSQL write path (<see cref="PostgresJournalWriter"/>) under the production journal
/// (<c>PersistenceHosting.Postgres</c>) on the real test server: the plugin's tables, read back by the
/// plugin's recoveries and its <c>EventsByTag</c> query.
/// </summary>
public sealed class PostgresJournalWriterSpecs : IAsyncLifetime
{
    private const string Tag = "pg-writer-spec";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<string> _statements = new();
    private ScratchDatabase _database = null!;
    private ActorSystem _system = null!;

    public async Task InitializeAsync()
    {
        _database = await ScratchDatabase.CreateAsync("rn_pgwriter_");
        _system = StartSystem();
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Should_commit_every_write_of_many_persistence_ids_at_once_and_replay_each_in_order_after_a_restart()
    {
        var writers = Enumerable.Range(0, 40).Select(i => _system.ActorOf(Notebook.Props($"notebook-{i}"))).ToList();

        for (var round = 1; round <= 3; round++)
            await Task.WhenAll(writers.Select(w => w.Ask<long>(new Notebook.Add($"entry {round}", Tagged: false), Timeout)));

        await _system.Terminate();
        _system = StartSystem();
        var recovered = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            _system.ActorOf(Notebook.Props($"notebook-{i}")).Ask<IReadOnlyList<string>>(Notebook.Recovered.Instance, Timeout)));
        Assert.All(recovered, entries => Assert.Equal(["entry 1", "entry 2", "entry 3"], entries));
    }

    [Fact]
    public async Task Should_show_tagged_events_in_the_plugins_events_by_tag_query_in_each_persistence_ids_order()
    {
        var writers = Enumerable.Range(0, 20).Select(i => _system.ActorOf(Notebook.Props($"tagged-{i}"))).ToList();
        await Task.WhenAll(writers.Select(w => w.Ask<long>(new Notebook.Add("first", Tagged: true), Timeout)));

        // Opened once the journal has answered: the read journal's constructor waits only 5 s (blocking) for
        // the journal to create its tables, which a loaded machine's fresh database can exceed.
        var query = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(PersistencePlugins.QueryId);
        var live = query.EventsByTag(Tag, Offset.NoOffset()).Take(40).RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        await Task.WhenAll(writers.Select(w => w.Ask<long>(new Notebook.Add("untagged", Tagged: false), Timeout)));
        await Task.WhenAll(writers.Select(w => w.Ask<long>(new Notebook.Add("second", Tagged: true), Timeout)));

        var byTag = await live.WaitAsync(Timeout);
        Assert.All(byTag.GroupBy(e => e.PersistenceId), events =>
            Assert.Equal([("first", 1L), ("second", 3L)], events.Select(e => ((string)e.Event, e.SequenceNr))));
        var offsets = byTag.Select(e => ((Sequence)e.Offset).Value).ToList();
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(20, byTag.Select(e => e.PersistenceId).Distinct().Count());
        // The query reads one tag after an offset: an index on (tag, ordering) keeps that a range read.
        Assert.Equal(1L, await Scalar("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'tags' AND indexname = 'tags_tag_ordering_idx' AND indexdef LIKE '%(tag, ordering_id)%'"));
        // And each event's tags are looked up by the tags table's key, not by reading every tag row (TagAggregateRewrite).
        var tagLookups = _statements.Where(s => s.Contains("STRING_AGG", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tagLookups);
        foreach (var statement in tagLookups)
            Assert.Matches(@"Index Cond: \(ordering_id = \w+\.""Ordering""\)", await PlanAsync(statement));
    }

    /// <summary>The plan PostgreSQL would run, with sequential scans priced out: a lookup an index can answer uses it.</summary>
    private async Task<string> PlanAsync(string statement)
    {
        await using var connection = await OpenAsync();
        await Execute(connection, "SET enable_seqscan = off");
        await using var command = new NpgsqlCommand("EXPLAIN " + statement, connection);
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(statement, @"[:@]\w+").Select(m => m.Value[1..]).Distinct())
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Unknown) { Value = "1" }); // the server infers each one's type
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(0));
        return string.Join("\n", plan);
    }

    [Fact]
    public async Task Should_fail_only_the_write_whose_sequence_number_is_taken_when_it_shares_a_transaction_with_others()
    {
        await _system.ActorOf(Notebook.Props("first")).Ask<long>(new Notebook.Add("x", Tagged: false), Timeout); // the plugin has created its tables
        using var writer = new PostgresJournalWriter(_database.ConnectionString, TableConfig());

        Task held, duplicate, innocent;
        await using (var blocker = await OpenAsync())
        {
            // Hold the table so that the next writes queue up and go into one transaction together.
            await using var hold = await blocker.BeginTransactionAsync();
            await Execute(blocker, "LOCK TABLE journal IN EXCLUSIVE MODE");
            held = writer.WriteAsync([Row("held", 1, "a-tag")]);
            duplicate = writer.WriteAsync([Row("first", 1)]);
            innocent = writer.WriteAsync([Row("innocent", 1, "a-tag"), Row("innocent", 2)]);
        }

        await held.WaitAsync(Timeout);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => duplicate.WaitAsync(Timeout));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
        await innocent.WaitAsync(Timeout);
        Assert.Equal(2L, await Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'innocent'"));
        Assert.Equal(1L, await Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'first'"));
        Assert.Equal(2L, await Scalar("SELECT COUNT(*) FROM tags WHERE tag = 'a-tag'"));
    }

    [Fact]
    public async Task Should_commit_later_writes_after_the_server_terminated_the_writers_connection()
    {
        var notebook = _system.ActorOf(Notebook.Props("survivor"));
        Assert.Equal(1L, await notebook.Ask<long>(new Notebook.Add("before", Tagged: true), Timeout));

        // Every other backend of the journal's database, the writer's held connection among them.
        await using (var admin = await OpenAsync())
            await Execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

        Assert.Equal(2L, await notebook.Ask<long>(new Notebook.Add("after", Tagged: true), Timeout));
        Assert.Equal(3L, await notebook.Ask<long>(new Notebook.Add("later", Tagged: false), Timeout));
        Assert.Equal(3L, await Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'survivor'"));
        Assert.Equal(2L, await Scalar($"SELECT COUNT(*) FROM tags WHERE persistence_id = 'survivor' AND tag = '{Tag}'"));
    }

    private ActorSystem StartSystem()
    {
        var (persistence, connections) = PersistenceHosting.Postgres(_database.ConnectionString);
        // Sees each read-journal statement after the production interceptors, as the server does.
        var setup = (MultiDataOptionsSetup)connections;
        Assert.True(setup.TryGetDataOptionsFor(PersistencePlugins.QueryId, out var query));
        setup.AddDataOptions(PersistencePlugins.QueryId, query!.UseInterceptor(new Recorder(_statements)));
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(persistence);
        return ActorSystem.Create("pg-writer", BootstrapSetup.Create().WithConfig(config).And(connections));
    }

    private JournalTableConfig TableConfig() =>
        new JournalConfig(_system.Settings.Config.GetConfig(PersistencePlugins.JournalId).WithFallback(SqlPersistence.DefaultJournalConfiguration)).TableConfig;

    private static JournalRowData Row(string persistenceId, long sequenceNr, params string[] tags) =>
        new(persistenceId, sequenceNr, DateTime.UtcNow.Ticks, [1, 2, 3], "", 4711, "spec", tags);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Keeps the text of every statement the read journal sends.</summary>
    private sealed class Recorder(ConcurrentQueue<string> statements) : CommandInterceptor
    {
        public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
        {
            statements.Enqueue(command.CommandText);
            return command;
        }
    }

    /// <summary>Persists strings (tagged or not), answering each one's sequence number; lists what it recovered.</summary>
    private sealed class Notebook : ReceivePersistentActor
    {
        public Notebook(string persistenceId)
        {
            PersistenceId = persistenceId;
            var recovered = new List<string>();
            Recover<string>(recovered.Add);
            Command<Recovered>(_ => Sender.Tell((IReadOnlyList<string>)recovered));
            Command<Add>(add =>
            {
                var sender = Sender;
                Persist<object>(add.Tagged ? new Tagged(add.Entry, [Tag]) : add.Entry, _ => sender.Tell(LastSequenceNr));
            });
        }

        public override string PersistenceId { get; }

        public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new Notebook(persistenceId));

        public sealed record Add(string Entry, bool Tagged);

        public sealed record Recovered
        {
            public static readonly Recovered Instance = new();
        }
    }
}
