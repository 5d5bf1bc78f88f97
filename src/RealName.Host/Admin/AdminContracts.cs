using System.Text.Json;
using System.Text.Json.Serialization;
using RealName.Host.Http;

namespace RealName.Host.Admin;

// Bodies of the admin API (camelCase JSON), read by the ops CLI. Personal values are masked.

public sealed record MemberDto(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable, bool Leader, bool Oldest, bool Self);

public sealed record ClusterMembersDto(string Self, string? Leader, IReadOnlyList<MemberDto> Members);

public sealed record ClusterStatusDto(
    string Address,
    string Status,
    IReadOnlyList<string> Roles,
    string? Leader,
    bool IsLeader,
    int Members,
    int Up,
    int Unreachable,
    TimeSpan Uptime);

public sealed record ClusterLeaderDto(string? Leader, string Self, bool IsLeader);

public sealed record AddressRequest(string? Address);

public sealed record ClusterActionDto(string Action, IReadOnlyList<string> Addresses, string Message);

/// <summary>One line of <c>cluster tail</c>: a member or reachability change, or a new leader.</summary>
public sealed record ClusterEventDto(DateTimeOffset At, string Event, string? Address, string? Status);

public sealed record ShardRegionDto(string TypeName, IReadOnlyList<string> Nodes);

public sealed record ShardRegionsDto(IReadOnlyList<ShardRegionDto> Regions);

public sealed record RegionStatDto(string Address, int Shards, int Entities, IReadOnlyList<string> FailedShards);

public sealed record RegionStatsDto(string TypeName, IReadOnlyList<RegionStatDto> Regions);

public sealed record ShardStatDto(string ShardId, int Entities);

/// <summary>The entity ids of one shard this node hosts (<c>cluster-sharding fetch</c>); <c>more</c> counts ids left out.</summary>
public sealed record ShardEntitiesDto(string ShardId, IReadOnlyList<string> EntityIds, int More);

public sealed record RegionEntitiesDto(string TypeName, string Address, IReadOnlyList<ShardEntitiesDto> Shards);

/// <summary>One line of the node's recent log (<c>log peek</c>).</summary>
public sealed record LogLineDto(DateTimeOffset At, string Level, string Category, string Message);

public sealed record RecentLogDto(IReadOnlyList<LogLineDto> Lines, int Capacity);

public sealed record ShardStatsDto(string TypeName, string Address, IReadOnlyList<ShardStatDto> Shards, IReadOnlyList<string> FailedShards);

/// <summary>An actor and its children down to the requested depth; <c>more</c> counts children left out.</summary>
public sealed record ActorNodeDto(string Name, string Path, IReadOnlyList<ActorNodeDto> Children, int More);

public sealed record ActorHierarchyDto(string Address, int Depth, IReadOnlyList<ActorNodeDto> Roots);

/// <summary>One stored event; <c>by</c> names who caused it (an API key, <c>app</c>, <c>face-provider</c>, <c>page</c>, <c>system</c>), null for events stored before names were recorded.</summary>
public sealed record TimelineEntryDto(long SequenceNr, DateTimeOffset At, string Event, string? Detail, string? By = null);

public sealed record SessionInspectDto(
    string Id,
    string AccountId,
    string Method,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    MaskedIdentity? Identity,
    string? LastErrorCode,
    DateTimeOffset? VerifiedAt,
    IReadOnlyList<TimelineEntryDto> Timeline);

/// <summary>Exactly one of the two: an ID number (sent in the body, never in a URL) or an account id.</summary>
public sealed record RegistryLookupRequest(string? IdNumber, string? Account);

public sealed record RegistryLookupDto(string By, bool Found, string? Owner, string? Method, DateTimeOffset? VerifiedAt, MaskedIdentity? Identity, string? SessionId);

public sealed record RegistryStatsDto(int VerifiedAccounts, int IdKeys, int RevokedAccounts, long JournalSequenceNr);

/// <summary>Source-generated JSON of the admin API, chained before the reflection resolver.</summary>
/// <summary>
/// What an erasure did: data keys destroyed (0 when the account never stored personal data, or was
/// erased before), whether the registry had readable values to erase, whether the account still
/// holds its claim (as an HMAC), and how many appeals lost their personal values.
/// </summary>
/// <summary>The erasure's answer; <c>erasedBy</c> is the admin token's name, also recorded in the registry's, the desk's and the sessions' events.</summary>
public sealed record ErasureDto(string AccountId, DateTimeOffset ErasedAt, int KeysDestroyed, bool RegistryErased, bool ClaimKept, int AppealsErased, string ErasedBy);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ClusterMembersDto))]
[JsonSerializable(typeof(ClusterStatusDto))]
[JsonSerializable(typeof(ClusterLeaderDto))]
[JsonSerializable(typeof(AddressRequest))]
[JsonSerializable(typeof(ClusterActionDto))]
[JsonSerializable(typeof(ClusterEventDto))]
[JsonSerializable(typeof(ShardRegionsDto))]
[JsonSerializable(typeof(RegionStatsDto))]
[JsonSerializable(typeof(ShardStatsDto))]
[JsonSerializable(typeof(RegionEntitiesDto))]
[JsonSerializable(typeof(RecentLogDto))]
[JsonSerializable(typeof(ActorHierarchyDto))]
[JsonSerializable(typeof(SessionInspectDto))]
[JsonSerializable(typeof(RegistryLookupRequest))]
[JsonSerializable(typeof(RegistryLookupDto))]
[JsonSerializable(typeof(RegistryStatsDto))]
[JsonSerializable(typeof(ErasureDto))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
