using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Actors.Sessions;
using RealName.Domain.Sessions;
using RealName.Load.Measuring;
using RealName.Persistence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Load.Memory;

/// <summary>
/// What one live session costs in managed memory, in this process, apart from HTTP and sharding:
/// <c>--entities</c> bare persistent actors (one persisted event each: the floor Akka.Persistence
/// sets), then as many sessions after their <c>Created</c> event (deadline armed), held as the region holds them: in
/// <see cref="SessionsHosting.Buckets"/> <see cref="SessionBucket"/>s, whose own cost is counted; each measured as the
/// live-heap growth after a full collection, per entity, and as a ratio to the bare actor.
/// </summary>
public static class MemoryRun
{
    private static readonly Func<IActorRef> NoSweeper = () => ActorRefs.Nobody;

    public static async Task<IReadOnlyList<Figure>> RunAsync(LoadOptions options)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "realname-memory-" + Guid.NewGuid().ToString("N")[..8]);
        var secrets = new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var keys = new SubjectKeys(SubjectKeyStore.Sqlite(dataPath), secrets.Cipher, TimeProvider.System);
        var (persistence, connections) = PersistenceHosting.Sqlite(dataPath);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(SerializationHosting.Config()).WithFallback(persistence);
        var system = ActorSystem.Create("memory", BootstrapSetup.Create().WithConfig(config).And(connections).And(secrets).And(keys));
        try
        {
            var n = options.Entities;
            var bare = await PerEntityAsync(n, "bare persistent actors", i => system.ActorOf(Props.Create(() => new BareEntity("bare-" + i))), _ => BareEntity.Touch.Instance);
            var providers = new SessionProviders(new SandboxIdentityAuthority(), new SandboxCarrier(), new SandboxBank(), new SandboxGroupDirectory(),
                new SandboxSmsGateway(TimeProvider.System), new SandboxBusinessRegistry(), new SandboxCorporatePayment(TimeProvider.System), new SandboxFaceVerifier(TimeProvider.System), new SandboxEnterpriseDirectory());
            var shared = new SessionDependencies(new SessionSettings(), providers, ActorRefs.Nobody, TimeProvider.System, secrets.IdKeySecret, keys, NoSweeper, new LocalSessions());
            var ids = Enumerable.Range(0, n).Select(_ => SessionId.New().Value).ToArray();
            var buckets = new IActorRef?[SessionsHosting.Buckets];
            var sessions = await PerEntityAsync(n, "sessions in their buckets",
                i => buckets[int.Parse(SessionMessageExtractor.BucketOf(ids[i], buckets.Length), System.Globalization.CultureInfo.InvariantCulture)] ??= system.ActorOf(SessionBucket.Props(shared)),
                i => new SessionProtocol.Create(ids[i], "acc_mem_" + i, VerificationMethod.Face, Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))));
            return
            [
                new Figure("bare persistent actor, one event (Akka's floor)", bare, "bytes", Note: $"{n:N0} entities; live managed heap growth per entity"),
                new Figure("verification session after Created (deadline armed)", sessions, "bytes", Baseline: "bare persistent actor", BaselineValue: bare,
                    Note: $"{n:N0} sessions in {SessionsHosting.Buckets:N0} buckets (counted), no sharding or HTTP, each in the node's local states; live managed heap growth per session; a 64-character request hash, as the API's"),
            ];
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task<double> PerEntityAsync(int n, string what, Func<int, IActorRef> spawn, Func<int, object> first)
    {
        Progress.Note($"  {n:N0} {what} …");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var actors = new IActorRef[n];
        for (var start = 0; start < n; start += 500)
        {
            var batch = Enumerable.Range(start, Math.Min(500, n - start)).ToArray();
            foreach (var i in batch)
                actors[i] = spawn(i);
            await Task.WhenAll(batch.Select(i => actors[i].Ask(first(i), TimeSpan.FromSeconds(60))));
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(actors);
        return (after - before) / (double)n;
    }

    /// <summary>The smallest persistent actor: persists one event when touched, then answers.</summary>
    private sealed class BareEntity(string persistenceId) : UntypedPersistentActor
    {
        public override string PersistenceId => persistenceId;

        protected override void OnCommand(object message)
        {
            var sender = Sender;
            Persist(new SessionEvents.Canceled(DateTimeOffset.UtcNow), _ => sender.Tell(Akka.Done.Instance));
        }

        protected override void OnRecover(object message)
        {
        }

        public sealed class Touch
        {
            public static readonly Touch Instance = new();
        }
    }
}
