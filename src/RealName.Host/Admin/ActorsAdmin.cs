using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Contracts.Admin;

namespace RealName.Host.Admin;

/// <summary>
/// pbm's <c>actor hierarchy</c>: this node's actors under <c>/user</c> and <c>/system</c>, found
/// with the public discovery protocol (<see cref="Identify"/> sent through a wildcard
/// <see cref="ActorSelection"/>, one level at a time). A wildcard selection does not say how many
/// children answer, so a level is complete when no answer came for <see cref="Quiet"/> (or
/// none at all within <see cref="FirstAnswer"/>).
/// </summary>
public static class ActorsAdmin
{
    public const int DefaultDepth = 3;
    public const int MaxDepth = 8;

    /// <summary>Children listed per actor; the rest are counted (a region can hold thousands of entities).</summary>
    public const int MaxChildren = 50;

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a level waits for its first answer (a busy node answers late; a leaf level never does).</summary>
    private static readonly TimeSpan FirstAnswer = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LevelBudget = TimeSpan.FromSeconds(3);

    public static RouteGroupBuilder MapActorsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/actors", Hierarchy);
        return admin;
    }

    public static async Task<Results<Ok<ActorHierarchyDto>, ProblemHttpResult>> Hierarchy(ActorSystem system, int? depth, CancellationToken ct)
    {
        var levels = depth ?? DefaultDepth;
        if (levels is < 1 or > MaxDepth)
            return AdminProblems.Invalid($"depth must be between 1 and {MaxDepth}.");

        var replies = Channel.CreateUnbounded<IActorRef>();
        var collector = system.ActorOf(Props.Create(() => new Collector(replies.Writer)));
        try
        {
            var children = new Dictionary<string, List<IActorRef>>();
            var roots = new List<string> { "/user", "/system" };
            var parents = roots;
            var seen = new HashSet<string>(roots, StringComparer.Ordinal);
            for (var level = 1; level < levels && parents.Count > 0; level++)
            {
                foreach (var parent in parents)
                    system.ActorSelection(parent + "/*").Tell(new Identify(null), collector);
                var found = await CollectLevelAsync(replies.Reader, ct);
                // A late answer from the previous level may arrive now: keep each actor once.
                found.RemoveAll(a => a.Equals(collector) || !seen.Add(PathOf(a)));
                foreach (var child in found)
                {
                    var parent = ParentPath(child);
                    if (!children.TryGetValue(parent, out var list))
                        children[parent] = list = [];
                    list.Add(child);
                }
                parents = found.Select(PathOf).ToList();
            }
            var tree = roots.Select(r => Node(r, children)).ToList();
            return TypedResults.Ok(new ActorHierarchyDto(Cluster.Get(system).SelfAddress.ToString(), levels, tree));
        }
        finally
        {
            system.Stop(collector);
        }
    }

    private static async Task<List<IActorRef>> CollectLevelAsync(ChannelReader<IActorRef> replies, CancellationToken ct)
    {
        var found = new List<IActorRef>();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(LevelBudget);
        while (!budget.IsCancellationRequested)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            quiet.CancelAfter(found.Count == 0 ? FirstAnswer : Quiet);
            try
            {
                found.Add(await replies.ReadAsync(quiet.Token));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }
        return found;
    }

    private static ActorNodeDto Node(string path, Dictionary<string, List<IActorRef>> children)
    {
        var mine = children.GetValueOrDefault(path) ?? [];
        var shown = mine.OrderBy(c => c.Path.Name, StringComparer.Ordinal).Take(MaxChildren).Select(c => Node(PathOf(c), children)).ToList();
        return new ActorNodeDto(path[(path.LastIndexOf('/') + 1)..], path, shown, mine.Count - shown.Count);
    }

    /// <summary>The path without address, e.g. <c>/user/sharding/session</c>.</summary>
    private static string PathOf(IActorRef actor) => "/" + string.Join('/', actor.Path.Elements);

    private static string ParentPath(IActorRef actor) => "/" + string.Join('/', actor.Path.Parent.Elements);

    /// <summary>Passes every identified actor to the request; the request stops it when done.</summary>
    private sealed class Collector : ReceiveActor
    {
        public Collector(ChannelWriter<IActorRef> replies)
        {
            Receive<ActorIdentity>(identity =>
            {
                if (identity.Subject is { } subject)
                    replies.TryWrite(subject);
            });
        }
    }
}
