namespace RealName.Contracts.Admin;

// Cluster membership as the connected node sees it, and the operator's levers.

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
