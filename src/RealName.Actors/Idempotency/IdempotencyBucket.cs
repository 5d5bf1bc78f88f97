using Akka.Actor;
using RealName.Actors.Buckets;
using RealName.Domain.Idempotency;
using RealName.Domain.Security;
using static RealName.Actors.Idempotency.IdempotencyProtocol;

namespace RealName.Actors.Idempotency;

/// <summary>
/// One bucket of <c>Idempotency-Key</c>s, in memory: the rules of <see cref="IdempotencyRecords"/>
/// applied to each key's record. Not persisted: a record is lost with the node that holds it, after
/// which a retry runs again — which the sessions' own rules make safe (a re-submission answers the
/// live QR; a session id comes from its key).
/// </summary>
public sealed class IdempotencyBucket : RecordBucket<IdempotencyRecord>
{
    public IdempotencyBucket(TimeProvider clock, TimeSpan sweepEvery) : base(clock, sweepEvery, Stop.Instance)
    {
        Receive<IdempotencyProtocol.Start>(OnStart);
        Receive<Complete>(OnComplete);
    }

    public static Props Props(TimeProvider clock, TimeSpan sweepEvery) =>
        Akka.Actor.Props.Create(() => new IdempotencyBucket(clock, sweepEvery));

    protected override DateTimeOffset ForgetAfter(IdempotencyRecord record) => record.ExpiresAt;

    private void OnStart(IdempotencyProtocol.Start start)
    {
        var slot = Slot(start.Key);
        var outcome = IdempotencyRecords.Start(Find(slot), start.RequestHash, Clock.GetUtcNow(), TimeSpan.FromMilliseconds(start.RunningForMs));
        Keep(slot, outcome.Record);
        Sender.Tell(outcome.Answer is { } answer
            ? new Started(outcome.Outcome.ToString(), answer.Status, answer.ContentType, answer.Location, answer.RetryAfter, new Sensitive(answer.Body))
            : new Started(outcome.Outcome.ToString()));
    }

    private void OnComplete(Complete complete)
    {
        var answer = new StoredAnswer(complete.Status, complete.ContentType, complete.Location, complete.RetryAfter, complete.Body.Value);
        var slot = Slot(complete.Key);
        Keep(slot, IdempotencyRecords.Complete(Find(slot), complete.RequestHash, answer, Clock.GetUtcNow(), TimeSpan.FromMilliseconds(complete.RetentionMs)));
        Sender.Tell(Kept.Instance);
    }
}
