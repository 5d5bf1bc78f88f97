using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;

namespace RealName.Host.Projections.Running;

/// <summary>
/// One projection of the journal into the read model and the webhook outbox: where its events come
/// from (given its stored offset), and how a batch of them is written with its new offset in one transaction.
/// </summary>
public interface IProjector
{
    /// <summary>The name of its offset in <c>rn_projection_offsets</c>.</summary>
    string OffsetName { get; }

    /// <summary>Forgets cached state: the stream restarts from the stored offset, which may be behind it.</summary>
    void Reset();

    Source<EventEnvelope, NotUsed> Events(long storedOffset);

    /// <summary>Writes the batch and its offset in one transaction; answers the offset stored.</summary>
    Task<long> ProjectAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken ct);
}
