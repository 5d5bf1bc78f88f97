using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using RealName.Actors.Sessions;
using RealName.Actors.Telemetry;

namespace RealName.Host.Operations;

/// <summary>
/// This node's gauges: cluster members by status (as this node sees them) and the session
/// entities live in its memory. The entity count comes from the shard region, asked every
/// <see cref="SampleInterval"/> (a gauge callback must not block on an ask). The meter comes from
/// the host's <see cref="IMeterFactory"/>, so two nodes in one test process keep their own.
/// </summary>
public sealed class NodeMetrics(IServiceProvider services, IMeterFactory meters, ILogger<NodeMetrics> log) : BackgroundService
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private static readonly MemberStatus[] Statuses =
        [MemberStatus.Joining, MemberStatus.WeaklyUp, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Down];

    private long _activeSessions;
    private long _sessionBuckets;
    private long _sessionShards;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services start in order, so the actor system (started before this) exists now.
        var system = services.GetRequiredService<ActorSystem>();
        var meter = meters.Create(RealNameMetrics.MeterName);
        meter.CreateObservableGauge("realname.cluster.members", () => Members(system), "{member}",
            "Cluster members by status, as this node sees them.");
        meter.CreateObservableGauge("realname.sessions.active", () => Interlocked.Read(ref _activeSessions), "{session}",
            "Sessions live in this node's memory, in its session buckets (sampled every 5 s).");
        meter.CreateObservableGauge("realname.sharding.entities",
            () => new Measurement<long>(Interlocked.Read(ref _sessionBuckets), new KeyValuePair<string, object?>("region", "session")), "{entity}",
            "Entities of each shard region hosted by this node (sampled every 5 s).");
        meter.CreateObservableGauge("realname.sharding.shards",
            () => new Measurement<long>(Interlocked.Read(ref _sessionShards), new KeyValuePair<string, object?>("region", "session")), "{shard}",
            "Shards of each shard region hosted by this node (sampled every 5 s).");

        var region = services.GetRequiredService<IRequiredActor<VerificationSessionMarker>>();
        var local = services.GetRequiredService<LocalSessions>();
        using var timer = new PeriodicTimer(SampleInterval);
        do
        {
            try
            {
                var regionRef = await region.GetAsync(stoppingToken);
                var stats = await regionRef.Ask<ShardRegionStats>(GetShardRegionStats.Instance, SampleInterval, stoppingToken);
                Interlocked.Exchange(ref _sessionBuckets, stats.Stats.Values.Sum());
                Interlocked.Exchange(ref _activeSessions, local.Count);
                Interlocked.Exchange(ref _sessionShards, stats.Stats.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A gauge must never take the node down (a faulted hosted service stops the host).
                log.LogDebug("The session region did not report its entities ({Reason}); the gauge keeps its last value.", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static IEnumerable<Measurement<int>> Members(ActorSystem system)
    {
        if (system.WhenTerminated.IsCompleted)
            return [];
        var members = Cluster.Get(system).State.Members;
        return Statuses.Select(status => new Measurement<int>(
            members.Count(m => m.Status == status),
            new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant())));
    }
}
