namespace RealName.Contracts.Admin;

// Shard regions, their nodes, shards and entities.

public sealed record ShardRegionDto(string TypeName, IReadOnlyList<string> Nodes);

public sealed record ShardRegionsDto(IReadOnlyList<ShardRegionDto> Regions);

public sealed record RegionStatDto(string Address, int Shards, int Entities, IReadOnlyList<string> FailedShards);

public sealed record RegionStatsDto(string TypeName, IReadOnlyList<RegionStatDto> Regions);

public sealed record ShardStatDto(string ShardId, int Entities);

public sealed record ShardStatsDto(string TypeName, string Address, IReadOnlyList<ShardStatDto> Shards, IReadOnlyList<string> FailedShards);

/// <summary>The entity ids of one shard this node hosts (<c>cluster-sharding fetch</c>); <c>more</c> counts ids left out.</summary>
public sealed record ShardEntitiesDto(string ShardId, IReadOnlyList<string> EntityIds, int More);

public sealed record RegionEntitiesDto(string TypeName, string Address, IReadOnlyList<ShardEntitiesDto> Shards);
