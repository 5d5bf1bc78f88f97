using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using RealName.Actors.Sessions;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Projections.Webhooks;

namespace RealName.Host.Projections.Running;

/// <summary>
/// The results projection, a cluster singleton: one stream per <see cref="IProjector"/> (sessions,
/// appeals, accounts), each from its own stored offset in batches of up to 500 events or 50 ms,
/// writing each batch with its offset in one transaction, and wakes its <see cref="WebhookDispatcher"/>
/// child after each batch. A failure restarts that stream with backoff from the offset last
/// committed; a <c>kill -9</c> or a failover starts the singleton elsewhere, which does the same.
/// </summary>
public sealed class ResultsProjection : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReadModelDb _db;
    private readonly IReadOnlyList<IProjector> _projectors;
    private readonly Props _dispatcherProps;
    private readonly List<UniqueKillSwitch> _killSwitches = [];
    private IActorRef _dispatcher = ActorRefs.Nobody;

    public ResultsProjection(ReadModelDb db, IReadOnlyList<IProjector> projectors, Props dispatcherProps)
    {
        _db = db;
        _projectors = projectors;
        _dispatcherProps = dispatcherProps;
        Receive<Projected>(p => _dispatcher.Tell(WebhookDispatcher.Poll.Instance));
        Receive<StreamEnded>(e => _log.Warning("Results projection stream ended: {0}", e.Failure ?? "completed"));
    }

    protected override void PreStart()
    {
        _dispatcher = Context.ActorOf(_dispatcherProps, "webhook-dispatcher");
        foreach (var projector in _projectors)
            _killSwitches.Add(Run(projector));
    }

    private UniqueKillSwitch Run(IProjector projector)
    {
        var source = RestartSource.OnFailuresWithBackoff(() =>
            {
                projector.Reset();
                return Source.FromTask(StartAsync(projector.OffsetName))
                    .ConcatMany(projector.Events)
                    .GroupedWithin(500, TimeSpan.FromMilliseconds(50))
                    .SelectAsync(1, batch => projector.ProjectAsync(batch.ToList(), CancellationToken.None))
                    .Select(offset => new Projected(offset));
            },
            RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2));
        return source
            .ViaMaterialized(KillSwitches.Single<Projected>(), Keep.Right)
            .To(Sink.ActorRef<Projected>(Self, new StreamEnded(null), e => new StreamEnded(e.Message)))
            .Run(Context.Materializer());
    }

    protected override void PostStop() => _killSwitches.ForEach(k => k.Shutdown());

    private async Task<long> StartAsync(string offsetName)
    {
        await _db.EnsureSchemaAsync();
        return await Offsets.LoadAsync(_db, offsetName, CancellationToken.None);
    }

    private sealed record Projected(long Offset);

    private sealed record StreamEnded(string? Failure);
}
