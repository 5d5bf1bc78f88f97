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
/// The results projection, a cluster singleton: follows the session tag from the stored offset
/// (<c>EventsByTag</c>, batches of up to 500 events or 50 ms), writes each batch with its offset in
/// one transaction, and wakes its <see cref="WebhookDispatcher"/> child after each batch. A failure
/// restarts the stream with backoff from the offset last committed; a <c>kill -9</c> or a failover
/// starts the singleton elsewhere, which does the same.
/// </summary>
public sealed class ResultsProjection : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReadModelDb _db;
    private readonly SessionProjector _projector;
    private readonly string _readJournalId;
    private readonly Props _dispatcherProps;
    private IActorRef _dispatcher = ActorRefs.Nobody;
    private UniqueKillSwitch? _killSwitch;

    public ResultsProjection(ReadModelDb db, SessionProjector projector, string readJournalId, Props dispatcherProps)
    {
        _db = db;
        _projector = projector;
        _readJournalId = readJournalId;
        _dispatcherProps = dispatcherProps;
        Receive<Projected>(p => _dispatcher.Tell(WebhookDispatcher.Poll.Instance));
        Receive<StreamEnded>(e => _log.Warning("Results projection stream ended: {0}", e.Failure ?? "completed"));
    }

    protected override void PreStart()
    {
        _dispatcher = Context.ActorOf(_dispatcherProps, "webhook-dispatcher");
        var self = Self;
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<IEventsByTagQuery>(_readJournalId);
        var source = RestartSource.OnFailuresWithBackoff(() =>
            {
                _projector.Reset();
                return Source.FromTask(StartAsync())
                    .ConcatMany(offset => journal.EventsByTag(VerificationSessionActor.EventsTag, Offset.Sequence(offset)))
                    .GroupedWithin(500, TimeSpan.FromMilliseconds(50))
                    .SelectAsync(1, batch => _projector.ProjectAsync(batch.ToList(), CancellationToken.None))
                    .Select(offset => new Projected(offset));
            },
            RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2));
        _killSwitch = source
            .ViaMaterialized(KillSwitches.Single<Projected>(), Keep.Right)
            .To(Sink.ActorRef<Projected>(self, new StreamEnded(null), e => new StreamEnded(e.Message)))
            .Run(Context.Materializer());
    }

    protected override void PostStop() => _killSwitch?.Shutdown();

    private async Task<long> StartAsync()
    {
        await _db.EnsureSchemaAsync();
        return await Offsets.LoadAsync(_db, SessionProjector.OffsetName, CancellationToken.None);
    }

    private sealed record Projected(long Offset);

    private sealed record StreamEnded(string? Failure);
}
