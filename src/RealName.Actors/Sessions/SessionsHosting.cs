using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RealName.Actors.Budgets;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Security;

namespace RealName.Actors.Sessions;

/// <summary>Marker key for the session shard region in the <see cref="ActorRegistry"/>.</summary>
public sealed class VerificationSessionMarker;

/// <summary>Marker key for the sweeper singleton.</summary>
public sealed class SessionSweeperMarker;

public static class SessionsHosting
{
    public const string ShardTypeName = "session";
    private const int MaxShards = 100;

    /// <summary>
    /// Session buckets in the cluster (ADR 0015): ten per shard. A bucket holds no data of its own, so the count may
    /// change with a restart of the whole cluster; never in a rolling one (two buckets would hold one session).
    /// </summary>
    public const int Buckets = 1000;

    /// <summary>
    /// Hosts the session shard region — its entities are <see cref="Buckets"/> <see cref="SessionBucket"/>s (ddata
    /// state, idle passivation, a stop message on which a bucket stops once its writes in flight are stored) — and
    /// the sweeper singleton. Needs the registry hosted first and
    /// <see cref="SessionProviders"/> (and <see cref="SmsBudgetSettings"/> with the budget region hosted first, for the SMS budget), <see cref="TimeProvider"/>, <see cref="RealNameSecrets"/> and <see cref="SubjectKeys"/> in DI; with <see cref="LocalSessions"/> there too, sessions leave their state in it for status reads.
    /// </summary>
    public static AkkaConfigurationBuilder AddVerificationSessions(this AkkaConfigurationBuilder builder, SessionSettings settings, string readJournalId)
    {
        settings.Validate();
        return builder
            .WithShardRegion<VerificationSessionMarker>(
                ShardTypeName,
                (_, registry, resolver) =>
                {
                    var providers = resolver.GetService<SessionProviders>();
                    // SMS per phone is a cluster budget (its region hosted before this one), spent inside the send.
                    if (resolver.GetService<SmsBudgetSettings?>() is { } sms && registry.TryGet<ClusterBudgetMarker>(out var budgets))
                        providers = providers with { SmsBudget = new SmsBudget(new BudgetSpender(budgets, resolver.GetService<RealNameSecrets>().IdKeySecret, sms.Timeout), sms.Rule) };
                    var clock = resolver.GetService<TimeProvider>();
                    var secrets = resolver.GetService<RealNameSecrets>();
                    var registryProxy = registry.Get<IdentityRegistryMarker>();
                    var keys = resolver.GetService<SubjectKeys>();
                    // The sweeper starts after the region (it needs the region): looked up when a session leaves memory.
                    Func<IActorRef> sweeper = () => registry.TryGet<SessionSweeperMarker>(out var proxy) ? proxy : ActorRefs.Nobody;
                    var shared = new SessionDependencies(settings, providers, registryProxy, clock, secrets.IdKeySecret, keys, sweeper, resolver.GetService<LocalSessions?>());
                    var props = SessionBucket.Props(shared);
                    return _ => props;
                },
                new SessionMessageExtractor(MaxShards, Buckets),
                new ShardOptions
                {
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    PassivateIdleEntityAfter = settings.PassivateAfter,
                    HandOffStopMessage = SessionProtocol.Stop.Instance,
                })
            .WithSingleton<SessionSweeperMarker>(
                "session-sweeper",
                (_, registry, resolver) => Props.Create(() => new SessionSweeper(
                    registry.Get<VerificationSessionMarker>(), resolver.GetService<TimeProvider>(), settings, readJournalId)),
                new ClusterSingletonOptions { BufferSize = 10000 },
                createProxyToo: true);
    }
}
