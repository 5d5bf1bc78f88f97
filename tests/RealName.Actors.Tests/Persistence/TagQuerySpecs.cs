using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using LinqToDB;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Domain.Sessions;
using RealName.Persistence;
using RealName.Persistence.Query;
using RealName.Persistence.Sqlite;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// The read journal's queries on the production SQLite set-up: each event's tags are looked up by
/// the tags table's key, not by reading every tag row (<see cref="TagAggregateRewrite"/>), and the
/// events and their tags come back as the plugin gives them.
/// </summary>
public sealed class TagQuerySpecs : IAsyncLifetime
{
    private const string Tag = "tag-query-spec";
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "realname-tagquery-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<string> _statements = new();
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        var (persistence, connections) = PersistenceHosting.Sqlite(_dataPath);
        var setup = (MultiDataOptionsSetup)connections;
        // Sees each statement after the production interceptors, as the database does.
        Assert.True(setup.TryGetDataOptionsFor(PersistencePlugins.QueryId, out var query));
        setup.AddDataOptions(PersistencePlugins.QueryId, query!.UseInterceptor(new Recorder(_statements)));
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SerializationHosting.Config()).WithFallback(persistence);
        var secrets = new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        _system = ActorSystem.Create("tag-query", BootstrapSetup.Create().WithConfig(config).And(setup).And(secrets));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        PooledSqlite.Release(_dataPath); // this spec's files only: other specs may be using SQLite meanwhile
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task Should_look_up_each_events_tags_by_the_tags_key_and_return_them_as_the_plugin_does()
    {
        var writers = Enumerable.Range(0, 10).Select(i => _system.ActorOf(Props.Create(() => new Writer($"tq-{i}")))).ToList();
        foreach (var tags in new[] { new[] { Tag }, ["other"], [Tag, "second"] })
            await Task.WhenAll(writers.Select(w => w.Ask<long>(tags, TimeSpan.FromSeconds(10))));

        var query = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(PersistencePlugins.QueryId);
        var byTag = await query.CurrentEventsByTag(Tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        var byId = await query.CurrentEventsByPersistenceId("tq-3", 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());

        Assert.Equal(20, byTag.Count);
        Assert.All(byTag.Where(e => e.SequenceNr == 1), e => Assert.Equal([Tag], e.Tags));
        Assert.All(byTag.Where(e => e.SequenceNr == 3), e => Assert.Equal(["second", Tag], e.Tags.Order()));
        Assert.Equal([[Tag], ["other"], ["second", Tag]], byId.Select(e => e.Tags.Order().ToArray()));

        var tagLookups = _statements.Where(s => s.Contains("GROUP_CONCAT", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tagLookups);
        await using var connection = new SqliteConnection(SqliteJournalConnectionString());
        await connection.OpenAsync();
        foreach (var statement in tagLookups)
        {
            var plan = await PlanAsync(connection, statement);
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN t1", StringComparison.Ordinal));
            Assert.Contains(plan, step => step.StartsWith("SEARCH t1 USING", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Should_leave_statements_without_a_whole_table_tag_aggregate_as_they_are()
    {
        const string Sql = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = @pid";
        Assert.Same(Sql, TagAggregateRewrite.Rewrite(Sql));
    }

    [Fact]
    public void Should_move_the_postgresql_filter_into_the_subquerys_where()
    {
        const string Sql = "SELECT (SELECT STRING_AGG(t1.tag, ';') FILTER (WHERE t1.ordering_id = x_1.\"Ordering\")\n\t\t\tFROM\n\t\t\t\ttags t1) FROM journal x_1";

        Assert.Equal("SELECT (SELECT STRING_AGG(t1.tag, ';') FROM tags t1 WHERE t1.ordering_id = x_1.\"Ordering\") FROM journal x_1", TagAggregateRewrite.Rewrite(Sql));
    }

    private string SqliteJournalConnectionString() => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataPath, PersistenceHosting.JournalFile) }.ToString();

    /// <summary>The query plan's steps, with the statement's parameters bound to harmless values.</summary>
    private static async Task<IReadOnlyList<string>> PlanAsync(SqliteConnection connection, string statement)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(statement, @"@\w+").Select(m => m.Value).Distinct())
            command.Parameters.AddWithValue(name, 1);
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            steps.Add(reader.GetString(3));
        return steps;
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

    /// <summary>Persists a <c>Canceled</c> event with the tags it is sent; answers its sequence number.</summary>
    private sealed class Writer(string persistenceId) : UntypedPersistentActor
    {
        public override string PersistenceId => persistenceId;

        protected override void OnCommand(object message)
        {
            var sender = Sender;
            Persist<object>(new Tagged(new SessionEvents.Canceled(DateTimeOffset.UnixEpoch), (string[])message), _ => sender.Tell(LastSequenceNr));
        }

        protected override void OnRecover(object message)
        {
        }
    }
}
