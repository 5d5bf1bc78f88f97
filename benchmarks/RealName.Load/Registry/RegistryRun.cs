using System.Diagnostics;
using System.Runtime;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using RealName.Actors.Identities;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Load.Baselines;
using RealName.Load.Measuring;
using RealName.Persistence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Load.Registry;

/// <summary>
/// The registry alone, in this process: a one-node cluster on SQLite files with the production
/// serializer (encrypted personal data), the registry as a cluster singleton, claims sent through
/// the singleton proxy by <c>--connections</c> concurrent claimers. Then, with
/// <c>--identities</c>, the registry is grown to that size and a fresh actor system times its
/// recovery (snapshot plus the events after it) until it answers.
/// </summary>
public static class RegistryRun
{
    private const string RawSqlite = "raw SQLite insert, 100 rows/commit (baseline)";

    public static async Task<IReadOnlyList<Figure>> RunAsync(LoadOptions options)
    {
        var ownsFolder = options.DataPath is null;
        var dataPath = options.DataPath ?? Path.Combine(Path.GetTempPath(), "realname-registry-" + Guid.NewGuid().ToString("N")[..8]);
        // The node's pool (RealName:MinPoolThreads): claimers block on the key store as sessions do.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var secrets = new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var figures = new List<Figure>();
        var progress = new Progress(() => null);
        try
        {
            if (options.RecoverOnly)
                return [.. await RecoverAsync(dataPath, secrets, options.Synchronous)];
            var raw = await SqliteInsertBaseline.RowsPerSecondAsync(dataPath, SqliteInsertBaseline.RowsPerCommit, TimeSpan.FromSeconds(3), options.Synchronous);
            figures.Add(new Figure(RawSqlite, raw, "rows/s"));

            var keys = new SubjectKeys(SubjectKeyStore.Sqlite(dataPath), secrets.Cipher, TimeProvider.System);
            var system = await StartAsync(dataPath, secrets, keys, options.Synchronous, cluster: true);
            var identities = new ClaimSource(secrets.IdKeySecret, keys);
            try
            {
                var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/registry", ClusterSingletonProxySettings.Create(system)), "registry-proxy");
                figures.Add(await identities.PrepareKeysAsync(KeysAhead(options), options.Connections));
                var loop = await ClosedLoop.RunAsync("registry claims", options.Connections, options.Warmup, options.Duration,
                    async (_, _) => ToError(await proxy.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(identities.Next()), TimeSpan.FromSeconds(30), CancellationToken.None)),
                    progress);
                figures.Add(Figure.FromLoop("registry claims through the singleton proxy", "claims/s", loop, RawSqlite, raw,
                    $"{options.Connections} claims in flight; each a new identity, one event; verdicts after the batch is stored; the account's data key made beforehand, as the session makes it at its identity step"));
                if (options.Identities > 0)
                    figures.Add(await GrowAsync(proxy, identities, options.Identities, options.Connections));
            }
            finally
            {
                await system.Terminate();
            }

            if (options.Identities > 0)
                figures.AddRange(await RecoverAsync(dataPath, secrets, options.Synchronous));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (ownsFolder)
                Directory.Delete(dataPath, recursive: true);
        }
        return figures;
    }

    /// <summary>Accounts whose data keys are made before the claims are measured: more than the claims a run can make.</summary>
    private static int KeysAhead(LoadOptions options) => (int)Math.Max(50_000, 15_000 * (options.Warmup + options.Duration).TotalSeconds);

    /// <summary>Claims new identities until the registry holds <paramref name="target"/>.</summary>
    private static async Task<Figure> GrowAsync(IActorRef proxy, ClaimSource identities, int target, int connections)
    {
        Progress.Note($"  growing the registry to {target:N0} identities …");
        var started = Stopwatch.GetTimestamp();
        var remaining = target - identities.Issued;
        var errors = 0L;
        await Parallel.ForEachAsync(Enumerable.Range(0, (int)Math.Max(0, remaining)), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(connections, 256) }, async (i, _) =>
        {
            var verdict = await proxy.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(identities.Next()), TimeSpan.FromSeconds(60), CancellationToken.None);
            if (!verdict.IsGranted)
                Interlocked.Increment(ref errors);
            if (i % 50_000 == 0)
                Progress.Note($"    {identities.Issued:N0} identities, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new Figure($"growing the registry to {target:N0} identities", remaining / elapsed.TotalSeconds, "claims/s", Operations: remaining,
            Errors: errors > 0 ? new Dictionary<string, long> { ["refused"] = errors } : null,
            Note: $"{elapsed.TotalSeconds:0} s; snapshots taken as the registry grows");
    }

    /// <summary>A fresh actor system recovers the registry in <paramref name="dataPath"/>; the figure is the time until it answers.</summary>
    private static async Task<IEnumerable<Figure>> RecoverAsync(string dataPath, RealNameSecrets secrets, string synchronous)
    {
        Progress.Note("  recovering the registry …");
        var snapshotBytes = SnapshotSize(Path.Combine(dataPath, PersistenceHosting.SnapshotFile));
        // A fresh key cache, as after a restart: recovery must not need the accounts' keys (values stay sealed).
        var keys = new SubjectKeys(SubjectKeyStore.Sqlite(dataPath), secrets.Cipher, TimeProvider.System);
        var system = await StartAsync(dataPath, secrets, keys, synchronous, cluster: false);
        try
        {
            // The grown registry's actor system is gone; collect its gigabytes now, as a restarted process would not carry them.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var started = Stopwatch.GetTimestamp();
            var registry = system.ActorOf(Props.Create(() => new IdentityRegistryActor(TimeProvider.System)), "registry");
            var stats = await registry.Ask<RegistryProtocol.Stats>(RegistryProtocol.GetStats.Instance, TimeSpan.FromMinutes(5));
            var elapsed = Stopwatch.GetElapsedTime(started);
            using var process = Process.GetCurrentProcess();
            return
            [
                new Figure($"registry recovery, {stats.VerifiedAccounts:N0} identities", elapsed.TotalSeconds, "s",
                    Note: $"fresh actor system until the registry answers; snapshot {snapshotBytes / 1048576.0:0} MB; this process's RSS after {process.WorkingSet64 / 1048576.0:0} MB"),
            ];
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<ActorSystem> StartAsync(string dataPath, RealNameSecrets secrets, SubjectKeys keys, string synchronous, bool cluster)
    {
        var (persistence, connections) = PersistenceHosting.Sqlite(dataPath, synchronous);
        var config = ConfigurationFactory.ParseString(cluster
                ? "akka.loglevel = WARNING\nakka.actor.provider = cluster\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }"
                : "akka.loglevel = WARNING")
            .WithFallback(SerializationHosting.Config())
            .WithFallback(persistence);
        var system = ActorSystem.Create("registry-load", BootstrapSetup.Create().WithConfig(config).And(connections).And(secrets).And(keys));
        if (!cluster)
            return system;
        var up = new TaskCompletionSource();
        var self = Cluster.Get(system);
        self.RegisterOnMemberUp(() => up.TrySetResult());
        self.Join(self.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        system.ActorOf(ClusterSingletonManager.Props(
            Props.Create(() => new IdentityRegistryActor(TimeProvider.System)),
            PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system)), "registry");
        return system;
    }

    private static long SnapshotSize(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(LENGTH(snapshot)), 0) FROM snapshot";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? ToError(RegistryProtocol.Verdict verdict) => verdict.IsGranted ? null : verdict.RefusalCode;

    /// <summary>
    /// New, distinct claims: an HMAC ID key of a distinct valid number, a fresh account and session,
    /// the personal values owned by the account, whose data key exists already (as after the session's
    /// identity step) when <see cref="PrepareKeysAsync"/> made it, else is made just before the claim.
    /// </summary>
    private sealed class ClaimSource(byte[] idKeySecret, SubjectKeys keys)
    {
        private long _issued;

        public long Issued => Interlocked.Read(ref _issued);

        /// <summary>Makes the data keys of the next <paramref name="count"/> accounts, <paramref name="connections"/> at a time (the key store group-commits them).</summary>
        public async Task<Figure> PrepareKeysAsync(int count, int connections)
        {
            Progress.Note($"  making the data keys of the next {count:N0} accounts …");
            var first = Issued + 1;
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = connections },
                (i, cancel) =>
                {
                    _ = keys.Current(Account(first + i));
                    return ValueTask.CompletedTask;
                });
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new Figure("account data keys made (key store, group-committed)", count / elapsed.TotalSeconds, "keys/s", Operations: count,
                Note: $"{count:N0} keys in {elapsed.TotalSeconds:0.0} s, {connections} at a time; made before the claims are measured, as sessions make them at their identity step");
        }

        private static string Account(long n) => $"acc_reg_{n}";

        public ClaimRequest Next()
        {
            var n = Interlocked.Increment(ref _issued);
            var idNumber = Http.TestIdentities.IdNumberAt(n);
            var account = Account(n);
            _ = keys.Current(account);
            return new ClaimRequest(IdKeys.Compute(idKeySecret, idNumber), new AccountId(account), SessionId.New(),
                VerificationMethod.Face, new Sensitive("张三", account), new Sensitive(idNumber, account));
        }
    }
}
