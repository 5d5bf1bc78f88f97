using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Contracts.Admin;

namespace RealName.Host.Admin;

/// <summary>
/// pbm's <c>cluster-sharding …</c> commands, answered by the shard regions themselves:
/// which regions exist and where, entities per region across the cluster, and this node's shards.
/// </summary>
public static class ShardingAdmin
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapShardingAdmin(this RouteGroupBuilder admin)
    {
        var sharding = admin.MapGroup("/sharding");
        sharding.MapGet("/regions", Regions);
        sharding.MapGet("/{typeName}/region-stats", RegionStats);
        sharding.MapGet("/{typeName}/shard-stats", ShardStats);
        sharding.MapGet("/{typeName}/entities", Entities);
        return admin;
    }

    public static async Task<Results<Ok<ShardRegionsDto>, ProblemHttpResult>> Regions(ActorSystem system, CancellationToken ct)
    {
        var sharding = ClusterSharding.Get(system);
        var regions = new List<ShardRegionDto>();
        try
        {
            foreach (var typeName in sharding.ShardTypeNames.Order(StringComparer.Ordinal))
            {
                var current = await sharding.ShardRegion(typeName).Ask<CurrentRegions>(GetCurrentRegions.Instance, AskTimeout, ct);
                regions.Add(new ShardRegionDto(typeName, current.Regions.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList()));
            }
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.NoAnswer("The shard coordinator");
        }
        return TypedResults.Ok(new ShardRegionsDto(regions));
    }

    /// <summary>Shards and entities of every region of the type, across the cluster.</summary>
    public static async Task<Results<Ok<RegionStatsDto>, ProblemHttpResult>> RegionStats(string typeName, ActorSystem system, CancellationToken ct)
    {
        if (Region(system, typeName) is not { } region)
            return UnknownRegion(typeName);
        try
        {
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(AskTimeout), AskTimeout + TimeSpan.FromSeconds(1), ct);
            var rows = stats.Regions
                .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
                .Select(r => new RegionStatDto(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum(), r.Value.Failed.Order(StringComparer.Ordinal).ToList()))
                .ToList();
            return TypedResults.Ok(new RegionStatsDto(typeName, rows));
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.NoAnswer("The shard regions");
        }
    }

    /// <summary>The shards this node's region hosts and their entity counts.</summary>
    public static async Task<Results<Ok<ShardStatsDto>, ProblemHttpResult>> ShardStats(string typeName, ActorSystem system, CancellationToken ct)
    {
        if (Region(system, typeName) is not { } region)
            return UnknownRegion(typeName);
        try
        {
            var stats = await region.Ask<ShardRegionStats>(GetShardRegionStats.Instance, AskTimeout, ct);
            var shards = stats.Stats
                .OrderBy(s => s.Key, ShardIdOrder.Instance)
                .Select(s => new ShardStatDto(s.Key, s.Value))
                .ToList();
            return TypedResults.Ok(new ShardStatsDto(typeName, Cluster.Get(system).SelfAddress.ToString(), shards, stats.Failed.Order(StringComparer.Ordinal).ToList()));
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.NoAnswer("The shard region");
        }
    }

    /// <summary>Most entity ids listed per shard: a shard of a busy node holds thousands.</summary>
    public const int EntityIdsPerShard = 1000;

    /// <summary>The entity ids of each shard this node's region hosts (pbm's <c>cluster-sharding fetch</c>); session ids carry no personal data.</summary>
    public static async Task<Results<Ok<RegionEntitiesDto>, ProblemHttpResult>> Entities(string typeName, ActorSystem system, CancellationToken ct)
    {
        if (Region(system, typeName) is not { } region)
            return UnknownRegion(typeName);
        try
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout, ct);
            var shards = state.Shards
                .OrderBy(s => s.ShardId, ShardIdOrder.Instance)
                .Select(s => new ShardEntitiesDto(s.ShardId, s.EntityIds.Order(StringComparer.Ordinal).Take(EntityIdsPerShard).ToList(),
                    Math.Max(0, s.EntityIds.Count - EntityIdsPerShard)))
                .ToList();
            return TypedResults.Ok(new RegionEntitiesDto(typeName, Cluster.Get(system).SelfAddress.ToString(), shards));
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.NoAnswer("The shard region");
        }
    }

    private static IActorRef? Region(ActorSystem system, string typeName)
    {
        var sharding = ClusterSharding.Get(system);
        return sharding.ShardTypeNames.Contains(typeName) ? sharding.ShardRegion(typeName) : null;
    }

    private static ProblemHttpResult UnknownRegion(string typeName) =>
        AdminProblems.Problem(404, AdminProblems.ShardRegionNotFound, $"No shard region '{typeName}' on this node; see `cluster-sharding regions`.");

    /// <summary>Numeric shard ids in numeric order (2 before 10), anything else after them.</summary>
    private sealed class ShardIdOrder : IComparer<string>
    {
        public static readonly ShardIdOrder Instance = new();

        public int Compare(string? x, string? y) =>
            (int.TryParse(x, out var a), int.TryParse(y, out var b)) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
    }
}
