using System.Security.Cryptography;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Domain.Sessions;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Projections.Running;
using RealName.Host.Projections.Webhooks;
using RealName.Persistence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Benchmarks;

/// <summary>
/// The results projection's write path: <see cref="SessionProjector.ProjectAsync"/> on a batch of P1
/// flows' events (<see cref="P1FlowEvents"/>) into a real read model (<c>readmodel.db</c> in a temporary
/// folder) with one webhook endpoint subscribed to <c>session.verified</c>, so verified sessions enqueue
/// deliveries. The baseline writes as many rows per transaction (one per event) with a prepared insert on
/// one held connection to a second SQLite file with the same settings; the events/s column is per event.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A benchmark: its connection is disposed in [GlobalCleanup], BenchmarkDotNet's end of its life.")]
[Config(typeof(EventsPerSecondColumn.Config))]
public class ProjectionBenchmarks
{
    // The projector reads the journal only for a session it has not cached; every batch continues flows it has cached.
    private const string UnusedReadJournal = "akka.persistence.query.journal.unused";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "realname-bench-" + Guid.NewGuid().ToString("N")[..8]);
    private ActorSystem _system = null!;
    private SessionProjector _projector = null!;
    private P1FlowEvents _flows = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _insert = null!;
    private string _body = "";
    private long _rawRows;

    [Params(1, 50, 500)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_dataPath);
        var secrets = new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var keys = new SubjectKeys(SubjectKeyStore.Sqlite(_dataPath), secrets.Cipher, TimeProvider.System);
        _system = ActorSystem.Create("projection-benchmarks", BootstrapSetup.Create().WithConfig(SerializationHosting.Config()).And(secrets).And(keys));
        var serializer = (RealNameSerializer)_system.Serialization.FindSerializerFor(new SessionEvents.Verified(DateTimeOffset.UtcNow));
        _flows = new P1FlowEvents(serializer);

        var db = ReadModelDb.For(new PersistenceSettings(), _dataPath);
        db.EnsureSchemaAsync().GetAwaiter().GetResult();
        new WebhookEndpoints(db, secrets.Cipher).AddAsync("https://hooks.example.test/realname", [WebhookTypes.SessionVerified], DateTimeOffset.UtcNow, CancellationToken.None)
            .GetAwaiter().GetResult();
        _projector = new SessionProjector(db, _system, UnusedReadJournal, new WebhookOutbox(db));
        _projector.ProjectAsync(_flows.Next(P1FlowEvents.EventsPerFlow), CancellationToken.None).GetAwaiter().GetResult();
        _body = VerifiedBody(db);

        var rawPath = Path.Combine(_dataPath, "raw.db");
        SqliteJournalConnections.Prepare(rawPath);
        _raw = new SqliteConnection(SqliteJournalConnections.ConnectionString(rawPath));
        _raw.Open();
        Execute("PRAGMA synchronous = NORMAL"); // as ReadModelDb.OpenAsync sets it
        Execute("""
            CREATE TABLE raw_rows (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, status TEXT NOT NULL, method TEXT NOT NULL,
              created_at BIGINT NOT NULL, version BIGINT NOT NULL, body TEXT NOT NULL)
            """);
        _insert = _raw.CreateCommand();
        _insert.CommandText = "INSERT INTO raw_rows VALUES (@id, @account, 'verified', 'face', @at, @version, @body)";
        foreach (var name in new[] { "@id", "@account", "@at", "@version", "@body" })
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        _insert.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert.Dispose();
        _raw.Dispose();
        _system.Terminate().Wait();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    /// <summary>One transaction of <see cref="BatchSize"/> single-row inserts, a row the size of a projected session.</summary>
    [Benchmark(Baseline = true)]
    public void Raw_sqlite_inserts()
    {
        using var transaction = _raw.BeginTransaction();
        _insert.Transaction = transaction;
        for (var i = 0; i < BatchSize; i++)
        {
            _rawRows++;
            _insert.Parameters["@id"].Value = "vs_raw" + _rawRows;
            _insert.Parameters["@account"].Value = P1FlowEvents.Account;
            _insert.Parameters["@at"].Value = _rawRows;
            _insert.Parameters["@version"].Value = 6;
            _insert.Parameters["@body"].Value = _body;
            _insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    [Benchmark]
    public Task<long> Session_projector_batch() => _projector.ProjectAsync(_flows.Next(BatchSize), CancellationToken.None);

    /// <summary>The envelopes alone (decoding the two sealed events), included in the projector's figure.</summary>
    [Benchmark]
    public int Build_batch_only() => _flows.Next(BatchSize).Count;

    private void Execute(string sql)
    {
        using var command = _raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string VerifiedBody(ReadModelDb db)
    {
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        using var command = ReadModelDb.Command(connection, null, "SELECT body FROM rn_sessions WHERE status = 'verified' LIMIT 1");
        return (string)command.ExecuteScalar()!;
    }
}
