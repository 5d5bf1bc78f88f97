using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using RealName.Actors.Sessions;
using RealName.Domain.Sessions;
using RealName.Host.Http;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Projections.Webhooks;
using RealName.Host.Sessions;

namespace RealName.Host.Projections.Running;

/// <summary>
/// Projects the <see cref="LiveSession.EventsTag"/> events into the read model (<c>rn_sessions</c>)
/// and the webhook outbox (<c>rn_webhook_deliveries</c>) with the stored offset in the same transaction, so a
/// <c>kill -9</c> re-projects from the last committed offset and enqueues nothing twice.
/// </summary>
/// <remarks>
/// States are rebuilt with <see cref="SessionRules.Apply"/>, the entity's own fold, and masked before anything
/// is written (see docs/adr/0006-read-model-projection.md).
/// </remarks>
public sealed class SessionProjector(ReadModelDb db, ActorSystem system, string readJournalId, WebhookOutbox outbox) : IProjector
{
    public string OffsetName => "sessions";
    private const int MaxCachedStates = 50_000;

    private readonly OpenSessionStates _open = new(MaxCachedStates);
    private readonly HashSet<string> _erased = new(StringComparer.Ordinal);
    private long _erasedSince;

    /// <summary>Starts over (the stream restarts from the stored offset): cached states may be ahead of it.</summary>
    public void Reset()
    {
        _open.Clear();
        _erased.Clear();
        _erasedSince = 0;
    }

    public Source<EventEnvelope, NotUsed> Events(long storedOffset) =>
        PersistenceQuery.Get(system).ReadJournalFor<IEventsByTagQuery>(readJournalId).EventsByTag(LiveSession.EventsTag, Offset.Sequence(storedOffset));

    public async Task<long> ProjectAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken ct)
    {
        var rows = new Dictionary<string, SessionRow>();
        var latest = new Dictionary<string, (SessionState State, DateTimeOffset At, long SequenceNr)>();
        var times = new List<DateTimeOffset>(batch.Count);
        var events = new List<WebhookEvent>();
        long offset = 0;
        foreach (var envelope in batch)
        {
            if (envelope.Offset is Sequence s)
                offset = Math.Max(offset, s.Value);
            if (!SessionId.TryFromPersistenceId(envelope.PersistenceId, out var id) || AttributedEvent.Open(envelope.Event).Event is not { } e)
                continue;
            times.Add(e.At);
            var state = await StateBeforeAsync(id, envelope.SequenceNr, e);
            if (state is null)
                continue; // already applied (a re-delivered envelope)
            var next = SessionRules.Apply(state, e);
            Remember(next.Id.Value ?? id.Value, next, envelope.SequenceNr); // the state's own id string: no second copy per cached session
            latest[id.Value] = (next, e.At, envelope.SequenceNr);
            if (WebhookTypes.ForSessionEvent(e) is { } type)
            {
                var (body, json) = Render(next, e.At, envelope.SequenceNr);
                events.Add(new WebhookEvent(EventId(envelope.PersistenceId, envelope.SequenceNr), type, e.At, body.AccountId, json));
            }
        }
        // A row holds the session as of its last event in the batch: earlier states are not rendered.
        foreach (var (id, (state, at, sequenceNr)) in latest)
        {
            var (body, json) = Render(state, at, sequenceNr);
            rows[id] = new SessionRow(id, body.AccountId, body.Status, body.Method, ReadModelDb.Millis(body.CreatedAt), sequenceNr, json);
        }
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (erased, newest) = await ReadModelErasure.ErasedSinceAsync(connection, transaction, _erasedSince, ct);
        var newlyErased = erased.Where(_erased.Add).ToList();
        foreach (var account in newlyErased)
            _open.ForgetAccount(account);
        foreach (var row in rows.Values.Where(r => _erased.Contains(r.AccountId)).ToList())
            rows[row.Id] = row with { Body = ReadModelErasure.StripObject(row.Body) };
        events = events.Select(e => _erased.Contains(e.AccountId) ? e with { ObjectJson = ReadModelErasure.StripObject(e.ObjectJson) } : e).ToList();
        foreach (var row in rows.Values)
            await UpsertAsync(connection, transaction, row, ct);
        await outbox.EnqueueAsync(connection, transaction, events, ct);
        await ReadModelErasure.StripAsync(connection, transaction, newlyErased, ct);
        await Offsets.StoreAsync(connection, transaction, OffsetName, offset, ct);
        await transaction.CommitAsync(ct);
        // Rows of an erased account were just written: fold them out of the WAL, as the erasure itself does.
        if (db.IsSqlite && (newlyErased.Count > 0 || rows.Values.Any(r => _erased.Contains(r.AccountId))))
            await ReadModelDb.CheckpointAsync(connection, ct);
        _erasedSince = newest;
        var committed = DateTimeOffset.UtcNow;
        foreach (var at in times)
            WebhookMetrics.ProjectionLag((committed - at).TotalSeconds);
        return offset;
    }

    private static (SessionDto Body, string Json) Render(SessionState state, DateTimeOffset at, long sequenceNr)
    {
        var body = SessionGateway.Describe(SessionProtocol.ToView(state, at), scanUrl: null, url: null, version: sequenceNr);
        return (body, HostJson.Serialize(body));
    }

    /// <summary>The same id for the same journal event, however often it is projected (receivers de-duplicate by it).</summary>
    public static string EventId(string persistenceId, long sequenceNr) =>
        "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{persistenceId}/{sequenceNr}")))[..24];

    private async Task<SessionState?> StateBeforeAsync(SessionId id, long sequenceNr, SessionEvents.ISessionEvent e)
    {
        if (_open.TryGet(id.Value, out var cached, out var cachedSequenceNr))
        {
            if (sequenceNr <= cachedSequenceNr)
                return null;
            if (sequenceNr == cachedSequenceNr + 1)
                return cached;
        }
        if (e is SessionEvents.Created)
            return SessionState.Empty;
        WebhookMetrics.StateReplayed();
        var journal = PersistenceQuery.Get(system).ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(readJournalId);
        var earlier = await journal.CurrentEventsByPersistenceId(id.PersistenceId, 0, sequenceNr - 1)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
        return earlier.Select(x => AttributedEvent.Open(x.Event).Event).OfType<SessionEvents.ISessionEvent>()
            .Aggregate(SessionState.Empty, SessionRules.Apply);
    }

    private void Remember(string id, SessionState state, long sequenceNr)
    {
        if (state.Status.IsTerminal())
            _open.Forget(id);
        else
            _open.Remember(id, state, sequenceNr);
    }

    private static Task<int> UpsertAsync(DbConnection connection, DbTransaction transaction, SessionRow row, CancellationToken ct) =>
        ReadModelDb.ExecuteAsync(connection, transaction, """
            INSERT INTO rn_sessions (id, account_id, status, method, created_at, version, body)
            VALUES (@id, @account, @status, @method, @created, @version, @body)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version, body = excluded.body
            WHERE rn_sessions.version < excluded.version
            """, ct,
            ("@id", row.Id), ("@account", row.AccountId), ("@status", row.Status), ("@method", row.Method),
            ("@created", row.CreatedAt), ("@version", row.Version), ("@body", row.Body));

    private sealed record SessionRow(string Id, string AccountId, string Status, string Method, long CreatedAt, long Version, string Body);
}
