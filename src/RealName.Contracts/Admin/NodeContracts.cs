namespace RealName.Contracts.Admin;

// The connected node itself: its actors and its recent log.

/// <summary>An actor and its children down to the requested depth; <c>more</c> counts children left out.</summary>
public sealed record ActorNodeDto(string Name, string Path, IReadOnlyList<ActorNodeDto> Children, int More);

public sealed record ActorHierarchyDto(string Address, int Depth, IReadOnlyList<ActorNodeDto> Roots);

/// <summary>One line of the node's recent log (<c>log peek</c>).</summary>
public sealed record LogLineDto(DateTimeOffset At, string Level, string Category, string Message);

public sealed record RecentLogDto(IReadOnlyList<LogLineDto> Lines, int Capacity);
