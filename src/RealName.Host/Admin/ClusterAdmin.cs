using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Contracts;
using RealName.Contracts.Admin;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Admin;

/// <summary>
/// pbm's <c>cluster …</c> commands: this node's view of the membership, and the operator's
/// levers (leave, down, join). Addresses are Akka addresses, <c>akka.tcp://realname@host:port</c>.
/// </summary>
public static class ClusterAdmin
{
    public static RouteGroupBuilder MapClusterAdmin(this RouteGroupBuilder admin)
    {
        var cluster = admin.MapGroup("/cluster");
        cluster.MapGet("/members", Members);
        cluster.MapGet("/status", Status);
        cluster.MapGet("/leader", Leader);
        cluster.MapPost("/leave", Leave);
        cluster.MapPost("/down", Down);
        cluster.MapPost("/down-unreachable", DownUnreachable);
        cluster.MapPost("/join", Join);
        cluster.MapGet("/tail", ClusterTail.Stream).Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        return admin;
    }

    public static ClusterMembersDto Members(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var oldest = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting)
            .OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
        var members = state.Members.Select(m => new MemberDto(
            m.Address.ToString(),
            m.Status.ToString(),
            m.Roles.Order(StringComparer.Ordinal).ToList(),
            !state.Unreachable.Contains(m),
            m.Address.Equals(state.Leader),
            oldest is not null && m.Equals(oldest),
            m.Address.Equals(cluster.SelfAddress))).ToList();
        return new ClusterMembersDto(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }

    public static ClusterStatusDto Status(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var self = cluster.SelfMember;
        return new ClusterStatusDto(
            cluster.SelfAddress.ToString(),
            self.Status.ToString(),
            self.Roles.Order(StringComparer.Ordinal).ToList(),
            state.Leader?.ToString(),
            cluster.SelfAddress.Equals(state.Leader),
            state.Members.Count,
            state.Members.Count(m => m.Status == MemberStatus.Up),
            state.Unreachable.Count,
            system.Uptime);
    }

    public static ClusterLeaderDto Leader(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var leader = cluster.State.Leader;
        return new ClusterLeaderDto(leader?.ToString(), cluster.SelfAddress.ToString(), cluster.SelfAddress.Equals(leader));
    }

    /// <summary>Graceful: the member hands off its shards and singletons, then is removed.</summary>
    public static async Task<Results<Ok<ClusterActionDto>, ProblemHttpResult>> Leave(HttpRequest request, ActorSystem system) =>
        await OnMember(request, system, "leave", (cluster, address) => cluster.Leave(address),
            "is leaving: it hands off its shards and singletons, then it is removed");

    /// <summary>Forceful: the member is marked down and removed without a hand-off (for crashed nodes).</summary>
    public static async Task<Results<Ok<ClusterActionDto>, ProblemHttpResult>> Down(HttpRequest request, ActorSystem system) =>
        await OnMember(request, system, "down", (cluster, address) => cluster.Down(address),
            "is marked down: it is removed without a hand-off and its shards start elsewhere");

    public static Results<Ok<ClusterActionDto>, ProblemHttpResult> DownUnreachable(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var unreachable = cluster.State.Unreachable.Select(m => m.Address).ToList();
        foreach (var address in unreachable)
            cluster.Down(address);
        var message = unreachable.Count == 0
            ? "No member is unreachable; nothing was downed."
            : $"{unreachable.Count} unreachable member(s) marked down: {string.Join(", ", unreachable)}.";
        return TypedResults.Ok(new ClusterActionDto("down-unreachable", unreachable.Select(a => a.ToString()).ToList(), message));
    }

    /// <summary>Joins this node to the cluster at the address (a node that is already a member elsewhere ignores it).</summary>
    public static async Task<Results<Ok<ClusterActionDto>, ProblemHttpResult>> Join(HttpRequest request, ActorSystem system)
    {
        var (address, problem) = await ReadAddress(request);
        if (problem is not null)
            return problem;
        var cluster = Cluster.Get(system);
        var member = cluster.SelfMember;
        if (member.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Exiting)
            return AdminProblems.Problem(409, ErrorCodes.InvalidState, $"This node is already a member ({member.Status}) of a cluster; a node joins only once.");
        cluster.Join(address!);
        return TypedResults.Ok(new ClusterActionDto("join", [address!.ToString()], $"Joining {address}."));
    }

    private static async Task<Results<Ok<ClusterActionDto>, ProblemHttpResult>> OnMember(HttpRequest request, ActorSystem system, string action, Action<Cluster, Address> act, string outcome)
    {
        var (address, problem) = await ReadAddress(request);
        if (problem is not null)
            return problem;
        var cluster = Cluster.Get(system);
        if (!cluster.State.Members.Any(m => m.Address.Equals(address)))
            return AdminProblems.Problem(404, AdminProblems.MemberNotFound, $"{address} is not a member of this node's cluster; see `cluster show`.");
        act(cluster, address!);
        return TypedResults.Ok(new ClusterActionDto(action, [address!.ToString()], $"{address} {outcome}."));
    }

    private static async Task<(Address? Address, ProblemHttpResult? Problem)> ReadAddress(HttpRequest request)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, ContractJsonContext.Default.AddressRequest);
        if (problem is not null)
            return (null, problem);
        if (string.IsNullOrWhiteSpace(body!.Address))
            return (null, AdminProblems.Invalid("address is required (akka.tcp://realname@host:port)."));
        try
        {
            var address = Address.Parse(body.Address.Trim());
            if (address.Host is null || address.Port is null)
                return (null, AdminProblems.Invalid("address must name a host and port (akka.tcp://realname@host:port)."));
            return (address, null);
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            return (null, AdminProblems.Invalid("address is not an Akka address (akka.tcp://realname@host:port)."));
        }
    }
}
