using RealName.Actors.Buckets;
using RealName.Actors.Serialization;
using RealName.Domain.Security;

namespace RealName.Actors.Idempotency;

/// <summary>What the idempotency region understands: start a keyed request, then complete it with its answer.</summary>
public static class IdempotencyProtocol
{
    /// <summary>Routed by <see cref="IBucketedMessage.Key"/>: a hash of the caller's scope and its key (<see cref="IdempotencyKeys"/>), never the key itself.</summary>
    public interface IIdempotencyMessage : IBucketedMessage;

    /// <summary>A request with this key and request hash is about to run; <paramref name="RunningForMs"/> is how long it may hold the key unanswered.</summary>
    public sealed record Start(string Key, string RequestHash, long RunningForMs) : IIdempotencyMessage;

    /// <summary>
    /// The outcome (<see cref="Domain.Idempotency.IdempotencyOutcome"/> by name) and, on a replay, the first answer.
    /// The body is sealed on the wire: it carries masked personal data and, once, a QR's scan URL.
    /// </summary>
    public sealed record Started(string Outcome, int Status = 0, string? ContentType = null, string? Location = null, string? RetryAfter = null, Sensitive? Body = null) : IRealNameMessage;

    /// <summary>
    /// The request's answer, to be sent again to a retry for <paramref name="RetentionMs"/>; answered with <see cref="Kept"/>
    /// once the bucket holds it, so the answer goes out only when a retry through any node finds it.
    /// </summary>
    public sealed record Complete(string Key, string RequestHash, long RetentionMs, int Status, string? ContentType, string? Location, string? RetryAfter, Sensitive Body) : IIdempotencyMessage;

    /// <summary>The bucket holds a <see cref="Complete"/>'s answer.</summary>
    public sealed record Kept : IRealNameMessage
    {
        public static readonly Kept Instance = new();
    }

    /// <summary>The bucket's own stop message on passivation and hand-off.</summary>
    public sealed record Stop : IRealNameMessage
    {
        public static readonly Stop Instance = new();
    }
}
