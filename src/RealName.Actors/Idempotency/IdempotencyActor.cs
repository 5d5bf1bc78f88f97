using Akka.Actor;
using Akka.Cluster.Sharding;
using RealName.Domain.Idempotency;
using RealName.Domain.Security;
using static RealName.Actors.Idempotency.IdempotencyProtocol;

namespace RealName.Actors.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c>, in memory: the rules of <see cref="IdempotencyRecords"/> applied to
/// its record. It passivates once the record has expired. Not persisted: a record is lost with the
/// node that holds it, after which a retry runs again — which the sessions' own rules make safe
/// (a re-submission answers the live QR; a session id comes from its key).
/// </summary>
public sealed class IdempotencyActor : ReceiveActor
{
    private readonly TimeProvider _clock;
    private IdempotencyRecord? _record;

    public IdempotencyActor(TimeProvider clock)
    {
        _clock = clock;
        Receive<IdempotencyProtocol.Start>(OnStart);
        Receive<Complete>(OnComplete);
        Receive<ReceiveTimeout>(_ => IdleCheck());
        Receive<Stop>(_ => Context.Stop(Self));
    }

    private void OnStart(IdempotencyProtocol.Start start)
    {
        var now = _clock.GetUtcNow();
        var outcome = IdempotencyRecords.Start(_record, start.RequestHash, now, TimeSpan.FromMilliseconds(start.RunningForMs));
        _record = outcome.Record;
        Sender.Tell(outcome.Answer is { } answer
            ? new Started(outcome.Outcome.ToString(), answer.Status, answer.ContentType, answer.Location, answer.RetryAfter, new Sensitive(answer.Body))
            : new Started(outcome.Outcome.ToString()));
        ArmIdle(now);
    }

    private void OnComplete(Complete complete)
    {
        var now = _clock.GetUtcNow();
        var answer = new StoredAnswer(complete.Status, complete.ContentType, complete.Location, complete.RetryAfter, complete.Body.Value);
        _record = IdempotencyRecords.Complete(_record, complete.RequestHash, answer, now, TimeSpan.FromMilliseconds(complete.RetentionMs));
        ArmIdle(now);
    }

    private void IdleCheck()
    {
        var now = _clock.GetUtcNow();
        if (_record is null || now >= _record.ExpiresAt)
        {
            Context.SetReceiveTimeout(null);
            Context.Parent.Tell(new Passivate(Stop.Instance));
            return;
        }
        ArmIdle(now);
    }

    private void ArmIdle(DateTimeOffset now)
    {
        var idle = (_record?.ExpiresAt ?? now) - now;
        Context.SetReceiveTimeout(idle > TimeSpan.FromSeconds(1) ? idle : TimeSpan.FromSeconds(1));
    }
}
