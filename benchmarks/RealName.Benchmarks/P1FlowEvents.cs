using Akka.Persistence.Query;
using RealName.Actors.Serialization;
using RealName.Actors.Sessions;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Benchmarks;

/// <summary>
/// An endless journal of P1 flows as the read journal delivers them: per session created, identity
/// accepted with its QR code, scanned, face passed, verified, with consecutive offsets. The personal values
/// are decoded from the serializer's bytes, so they arrive sealed under the account's data key and the
/// projector opens them when it masks, as in production.
/// </summary>
public sealed class P1FlowEvents
{
    public const int EventsPerFlow = 5;
    public const string Account = "acc_bench";

    private readonly RealNameSerializer _serializer;
    private readonly byte[] _identity;
    private readonly string _identityManifest;
    private readonly byte[] _scanned;
    private readonly string _scannedManifest;
    private SessionId _session;
    private long _offset;

    public P1FlowEvents(RealNameSerializer serializer)
    {
        _serializer = serializer;
        var now = DateTimeOffset.UtcNow;
        var identity = new SessionEvents.IdentityAccepted(new Sensitive("张三", Account), new Sensitive("11010519491231002X", Account), new string('a', 64), now,
            Qr: new SessionEvents.IssuedSecret(new string('c', 64), now.AddMinutes(2)));
        var scanned = new SessionEvents.QrScanned(new Sensitive("app-user-1001", Account), now, FaceCheckHash: new string('b', 64), FaceCheckExpiresAt: now.AddMinutes(5));
        (_identity, _identityManifest) = (serializer.ToBinary(identity), serializer.Manifest(identity));
        (_scanned, _scannedManifest) = (serializer.ToBinary(scanned), serializer.Manifest(scanned));
    }

    /// <summary>The next <paramref name="count"/> events of the journal (flows continue across batches).</summary>
    public IReadOnlyList<EventEnvelope> Next(int count)
    {
        var batch = new EventEnvelope[count];
        for (var i = 0; i < count; i++)
        {
            _offset++;
            var step = (int)((_offset - 1) % EventsPerFlow);
            if (step == 0)
                _session = SessionId.New();
            var e = Event(step, DateTimeOffset.UtcNow);
            batch[i] = new EventEnvelope(Offset.Sequence(_offset), _session.PersistenceId, step + 1, e, e.At.ToUnixTimeMilliseconds(), [LiveSession.EventsTag]);
        }
        return batch;
    }

    private SessionEvents.ISessionEvent Event(int step, DateTimeOffset at) => step switch
    {
        0 => new SessionEvents.Created(_session, new AccountId(Account), VerificationMethod.Face, "0f1e2d3c", at, at.AddMinutes(30)),
        1 => (SessionEvents.IdentityAccepted)_serializer.FromBinary(_identity, _identityManifest) with { At = at },
        2 => (SessionEvents.QrScanned)_serializer.FromBinary(_scanned, _scannedManifest) with { At = at },
        3 => new SessionEvents.FacePassed("face_ref_bench", 0.93, at),
        _ => new SessionEvents.Verified(at),
    };
}
