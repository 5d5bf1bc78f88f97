using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Host.Operations;

/// <summary>
/// Reads the journal through the SQL read journal (the same plugin and connections the node
/// writes with): a persistence id's stored events for <c>session inspect</c>, and a cheap probe
/// for <c>/readyz</c>. One materializer for the node, created on first use.
/// </summary>
public sealed class JournalReader(ActorSystem system) : IDisposable
{
    private const string ProbeId = "readyz-probe";

    private readonly Lazy<ActorMaterializer> _materializer = new(() => ActorMaterializer.Create(system, namePrefix: "journal-reader"));

    /// <summary>Every stored event of <paramref name="persistenceId"/>, oldest first (decrypted by the serializer).</summary>
    public Task<IImmutableList<EventEnvelope>> EventsAsync(string persistenceId, TimeSpan timeout, CancellationToken ct) =>
        Journal().CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _materializer.Value)
            .WaitAsync(timeout, ct);

    /// <summary>
    /// Whether the journal answers a point query within <paramref name="timeout"/>: an indexed
    /// read of a persistence id that never has events, so it costs one round trip.
    /// </summary>
    public async Task<bool> IsReachableAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Journal().CurrentEventsByPersistenceId(ProbeId, 0, 1)
                .RunWith(Sink.Ignore<EventEnvelope>(), _materializer.Value)
                .WaitAsync(timeout, ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Timeout, connection refused, missing file, bad credentials: all mean "not reachable now".
            return false;
        }
    }

    private ICurrentEventsByPersistenceIdQuery Journal() =>
        PersistenceQuery.Get(system).ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(PersistencePlugins.QueryId);

    public void Dispose()
    {
        if (_materializer.IsValueCreated)
            _materializer.Value.Dispose();
    }
}
