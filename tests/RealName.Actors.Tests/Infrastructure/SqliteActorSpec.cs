using System.Security.Cryptography;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Persistence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Actors.Tests.Infrastructure;

/// <summary>
/// A TestKit on a real SQLite journal and snapshot store in a temporary folder, with the real
/// serializer (so events are encrypted as in production). Akka's warnings and errors go to the test's output,
/// so a failed test's report says what the journal or an actor complained about.
/// </summary>
public abstract class SqliteActorSpec : Akka.TestKit.Xunit2.TestKit
{
    protected SqliteActorSpec(ITestOutputHelper output) : this(NewDataPath(), output)
    {
    }

    private SqliteActorSpec(string dataPath, ITestOutputHelper output) : base(CreateSetup(dataPath), "spec", output)
    {
        DataPath = dataPath;
        Keys = Sys.Settings.Setup.Get<SubjectKeys>().Value;
    }

    protected static readonly RealNameSecrets Secrets = new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    protected string DataPath { get; }

    /// <summary>The per-account data keys, in a real key store file beside the journal.</summary>
    protected SubjectKeys Keys { get; }

    private static string NewDataPath() => Path.Combine(Path.GetTempPath(), "realname-spec-" + Guid.NewGuid().ToString("N"));

    private static ActorSystemSetup CreateSetup(string dataPath)
    {
        var (persistence, connections) = PersistenceHosting.Sqlite(dataPath);
        // The journal's and snapshot store's circuit breakers get 60 s instead of Akka's 10 s, which counts the time a
        // write waits behind others: a busy CI disk must not fail a spec about what is written (latency: benchmarks/).
        var config = ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.test.single-expect-default = 10s
                akka.persistence.journal.sql.circuit-breaker.call-timeout = 60s
                akka.persistence.snapshot-store.sql.circuit-breaker.call-timeout = 60s
                """)
            .WithFallback(SerializationHosting.Config())
            .WithFallback(persistence);
        var keys = new SubjectKeys(SubjectKeyStore.Sqlite(dataPath), Secrets.Cipher, TimeProvider.System);
        return BootstrapSetup.Create().WithConfig(config).And(connections).And(Secrets).And(keys);
    }

    /// <summary>Every event of a persistence id, read straight from the journal.</summary>
    /// <summary>The stored events, session events without their caller's name (see <see cref="Domain.Sessions.AttributedEvent"/>).</summary>
    protected async Task<IReadOnlyList<object>> JournalEventsAsync(string persistenceId)
    {
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(PersistencePlugins.QueryId);
        var events = await journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .Select(e => (object?)Domain.Sessions.AttributedEvent.Open(e.Event).Event ?? e.Event)
            .RunWith(Sink.Seq<object>(), Sys.Materializer());
        return events;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment; the temp folder is harmless.
        }
    }
}
