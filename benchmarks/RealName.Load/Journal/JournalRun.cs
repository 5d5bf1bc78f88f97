using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Domain.Sessions;
using RealName.Load.Baselines;
using RealName.Load.Measuring;
using RealName.Load.Target;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Load.Journal;

/// <summary>
/// The production journal alone, in this process: Akka.Persistence.Sql on SQLite as the node
/// configures it (tuned connections, WAL, one writer, the RealName serializer), with no HTTP and no
/// session logic in the way. <c>--connections</c> writers persist session <c>Created</c> events
/// into <c>--entities</c> live persistent entities; then each operation is a brand-new entity (an
/// empty recovery and one event, as every new session). Both against raw batched SQLite inserts
/// measured on the same disk in the same run. With <c>--postgres CS</c>, the node's PostgreSQL journal
/// in a new database on that server (dropped after), against raw batched PostgreSQL inserts there.
/// </summary>
public static class JournalRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<Figure>> RunAsync(LoadOptions options)
    {
        var ownsFolder = options.DataPath is null;
        var dataPath = options.DataPath ?? Path.Combine(Path.GetTempPath(), "realname-journal-" + Guid.NewGuid().ToString("N")[..8]);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64)); // as the node (RealName:MinPoolThreads)
        var figures = new List<Figure>();
        var progress = new Progress(() => null);
        var database = options.Postgres is null ? null : await ScratchPostgresDatabase.CreateAsync(options.Postgres);
        try
        {
            var store = database is null ? "SQLite" : "PostgreSQL";
            var rawName = $"raw {store} insert, 100 rows/commit (baseline)";
            Func<int, Task<double>> rawInserts = database is null
                ? rowsPerCommit => SqliteInsertBaseline.RowsPerSecondAsync(dataPath, rowsPerCommit, TimeSpan.FromSeconds(3), options.Synchronous)
                : rowsPerCommit => PostgresInsertBaseline.RowsPerSecondAsync(database.ConnectionString, rowsPerCommit, TimeSpan.FromSeconds(3));
            var raw = await rawInserts(SqliteInsertBaseline.RowsPerCommit);
            figures.Add(new Figure(rawName, raw, "rows/s"));
            var one = await rawInserts(1);
            figures.Add(new Figure($"raw {store} insert, 1 row/commit", one, "rows/s", Baseline: rawName, BaselineValue: raw));

            var system = Start(dataPath, options, database?.ConnectionString);
            try
            {
                Progress.Note($"  starting {options.Entities:N0} persistent entities …");
                var live = Enumerable.Range(0, options.Entities)
                    .Select(i => system.ActorOf(Props.Create(() => new Writer($"journal-load-{i}")), $"live-{i}"))
                    .ToArray();
                await Parallel.ForEachAsync(live, new ParallelOptions { MaxDegreeOfParallelism = options.Connections },
                    async (writer, ct) => await writer.Ask<Written>(Write.Instance, TimeSpan.FromMinutes(2), ct));

                var events = await ClosedLoop.RunAsync("persisted events", options.Connections, options.Warmup, options.Duration,
                    async (_, _) =>
                    {
                        await live[Random.Shared.Next(live.Length)].Ask<Written>(Write.Instance, Timeout, CancellationToken.None);
                        return null;
                    },
                    progress);
                figures.Add(Figure.FromLoop("persisted events, live entities", "events/s", events, rawName, raw,
                    $"{options.Connections} writers over {options.Entities:N0} live entities, one session Created event each, acknowledged after its commit{(options.Hocon is null ? "" : "; with " + options.Hocon)}"));

                var next = 0L;
                var created = await ClosedLoop.RunAsync("new entities", options.Connections, options.Warmup, options.Duration,
                    async (_, _) =>
                    {
                        var entity = system.ActorOf(Props.Create(() => new Writer($"journal-new-{Interlocked.Increment(ref next)}")));
                        await entity.Ask<Written>(Write.Instance, Timeout, CancellationToken.None);
                        entity.Tell(PoisonPill.Instance);
                        return null;
                    },
                    progress);
                figures.Add(Figure.FromLoop("new persistent entities (empty recovery + one event)", "entities/s", created, rawName, raw,
                    $"{options.Connections} at a time; each recovers from an empty journal, persists one event and stops, as a new session does"));
            }
            finally
            {
                await system.Terminate();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (database is not null)
                await database.DisposeAsync();
            if (ownsFolder && Directory.Exists(dataPath))
                Directory.Delete(dataPath, recursive: true);
        }
        return figures;
    }

    /// <summary>The node's journal: on SQLite files in <paramref name="dataPath"/>, or on PostgreSQL when <paramref name="postgres"/> is given.</summary>
    private static ActorSystem Start(string dataPath, LoadOptions options, string? postgres)
    {
        var (persistence, connections) = postgres is null
            ? PersistenceHosting.Sqlite(dataPath, options.Synchronous)
            : PersistenceHosting.Postgres(postgres);
        var config = ConfigurationFactory.ParseString((options.Hocon ?? "") + "\nakka.loglevel = WARNING")
            .WithFallback(SerializationHosting.Config())
            .WithFallback(persistence);
        var secrets = new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var setup = BootstrapSetup.Create().WithConfig(config).And(secrets);
        return ActorSystem.Create("journal-load", setup.And(connections));
    }

    private sealed record Write
    {
        public static readonly Write Instance = new();
    }

    private sealed record Written
    {
        public static readonly Written Instance = new();
    }

    /// <summary>A persistent entity that persists a session's <c>Created</c> event per <see cref="Write"/> and answers once it is stored; it recovers as a session does.</summary>
    private sealed class Writer : UntypedPersistentActor
    {
        private readonly SessionEvents.Created _created;

        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            _created = new SessionEvents.Created(SessionId.New(), new AccountId("acc_journal_load"), VerificationMethod.Face, "0f1e2d3c4b5a6978",
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30));
        }

        public override string PersistenceId { get; }

        /// <summary>As the session entity: it never snapshots, so its recovery skips the snapshot store.</summary>
        public override Recovery Recovery => NoSnapshots;

        private static readonly Recovery NoSnapshots = new(SnapshotSelectionCriteria.None);

        protected override void OnCommand(object message)
        {
            if (message is not Write)
            {
                Unhandled(message);
                return;
            }
            var sender = Sender;
            Persist(_created, _ => sender.Tell(Written.Instance));
        }

        protected override void OnRecover(object message)
        {
        }
    }
}
