using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Npgsql;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Domain.Sessions;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Benchmarks;

/// <summary>
/// A persisted event on the production journal (the real serializer): on SQLite (tuned connections,
/// WAL, synchronous FULL) and, when <c>REALNAME_BENCH_POSTGRES</c> names a server, on a new database
/// there (dropped after). One actor persisting and waiting (a commit per event), and 100 actors
/// persisting at once (their events share transactions).
/// </summary>
public class PersistenceBenchmarks
{
    public const string PostgresVariable = "REALNAME_BENCH_POSTGRES";

    private const int Writers = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "realname-bench-" + Guid.NewGuid().ToString("N")[..8]);
    private ActorSystem _system = null!;
    private IActorRef _single = null!;
    private IActorRef[] _many = [];
    private string? _database;

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    public static IEnumerable<string> Stores => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } ? ["sqlite", "postgres"] : ["sqlite"];

    [GlobalSetup]
    public void Setup()
    {
        Config persistence;
        Akka.Actor.Setup.Setup connections;
        if (Store == "postgres")
        {
            _database = "realname_bench_" + Guid.NewGuid().ToString("N")[..8];
            Execute($"CREATE DATABASE {_database}");
            (persistence, connections) = PersistenceHosting.Postgres(new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString);
        }
        else
        {
            (persistence, connections) = PersistenceHosting.Sqlite(_dataPath);
        }
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SerializationHosting.Config()).WithFallback(persistence);
        var setup = BootstrapSetup.Create().WithConfig(config).And(new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32)));
        _system = ActorSystem.Create("persistence-benchmarks", setup.And(connections));
        _single = _system.ActorOf(Props.Create<Writer>("bench-single"));
        _many = Enumerable.Range(0, Writers).Select(i => _system.ActorOf(Props.Create<Writer>($"bench-{i}"))).ToArray();
        Task.WaitAll([.. _many.Append(_single).Select(w => w.Ask<Done>(Write.Instance, Timeout))]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _system.Terminate().Wait();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_dataPath))
            Directory.Delete(_dataPath, recursive: true);
        if (_database is not null)
            Execute($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static string Server => Environment.GetEnvironmentVariable(PostgresVariable)!;

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    [Benchmark]
    public Task<Done> Persist_one_event_and_wait() => _single.Ask<Done>(Write.Instance, Timeout);

    [Benchmark(OperationsPerInvoke = Writers)]
    public Task Persist_100_actors_at_once() => Task.WhenAll(_many.Select(w => w.Ask<Done>(Write.Instance, Timeout)));

    public sealed record Write
    {
        public static readonly Write Instance = new();
    }

    public sealed record Done
    {
        public static readonly Done Instance = new();
    }

    private sealed class Writer : ReceivePersistentActor
    {
        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            var created = new SessionEvents.Created(new SessionId("vs_" + persistenceId), new AccountId("acc_bench"), VerificationMethod.Face, "0f1e2d3c", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30));
            Command<Write>(_ =>
            {
                var sender = Sender;
                Persist(created, _ => sender.Tell(Done.Instance));
            });
        }

        public override string PersistenceId { get; }
    }
}
