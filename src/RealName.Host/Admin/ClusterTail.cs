using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using RealName.Contracts;
using RealName.Contracts.Admin;

namespace RealName.Host.Admin;

/// <summary>
/// <c>GET /admin/cluster/tail</c>: this node's member, reachability and leader events as
/// server-sent events (<c>event: cluster</c>), starting with the current membership, until the
/// client hangs up. A comment line every 15 s keeps idle proxies from closing the stream.
/// </summary>
public static class ClusterTail
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task Stream(HttpContext context, ActorSystem system, TimeProvider clock)
    {
        var ct = context.RequestAborted;
        var events = Channel.CreateUnbounded<ClusterEventDto>(new UnboundedChannelOptions { SingleReader = true });
        var forwarder = system.ActorOf(Props.Create(() => new Forwarder(events.Writer, clock)));
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await context.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                bool open;
                try
                {
                    open = await events.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    continue;
                }
                if (!open)
                    break; // the actor system is shutting down
                while (events.Reader.TryRead(out var next))
                    await context.Response.WriteAsync($"event: cluster\ndata: {JsonSerializer.Serialize(next, ContractJsonContext.Default.ClusterEventDto)}\n\n", ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The operator pressed Ctrl-C; the subscription ends with the forwarder.
        }
        finally
        {
            system.Stop(forwarder);
        }
    }

    /// <summary>Subscribes to the cluster's events for one stream and writes them to its channel.</summary>
    private sealed class Forwarder : ReceiveActor
    {
        private readonly ChannelWriter<ClusterEventDto> _writer;
        private readonly TimeProvider _clock;

        public Forwarder(ChannelWriter<ClusterEventDto> writer, TimeProvider clock)
        {
            _writer = writer;
            _clock = clock;
            Receive<ClusterEvent.MemberRemoved>(e => Write("MemberRemoved", e.Member.Address, $"{e.PreviousStatus} → Removed"));
            Receive<ClusterEvent.IMemberEvent>(e => Write(e.GetType().Name, e.Member.Address, e.Member.Status.ToString()));
            Receive<ClusterEvent.UnreachableMember>(e => Write("UnreachableMember", e.Member.Address, e.Member.Status.ToString()));
            Receive<ClusterEvent.ReachableMember>(e => Write("ReachableMember", e.Member.Address, e.Member.Status.ToString()));
            Receive<ClusterEvent.LeaderChanged>(e => Write("LeaderChanged", e.Leader, null));
        }

        protected override void PreStart() => Cluster.Get(Context.System).Subscribe(
            Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent),
            typeof(ClusterEvent.IReachabilityEvent),
            typeof(ClusterEvent.LeaderChanged));

        protected override void PostStop()
        {
            Cluster.Get(Context.System).Unsubscribe(Self);
            _writer.TryComplete();
        }

        private void Write(string name, Address? address, string? status) =>
            _writer.TryWrite(new ClusterEventDto(_clock.GetUtcNow(), name, address?.ToString(), status));
    }
}
