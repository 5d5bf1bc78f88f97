using System.Data.Common;
using System.Text.Json;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using RealName.Actors.Appeals;
using RealName.Domain.Appeals;
using RealName.Host.Appeals;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Projections.Webhooks;

namespace RealName.Host.Projections.Running;

/// <summary>
/// Projects the appeal desk's events into <c>rn_appeals</c> (the masked appeal as
/// <c>GET /v1/appeals/{id}</c> shows it) and the outbox (<c>appeal.created</c>, <c>appeal.decided</c>).
/// </summary>
/// <remarks>
/// The desk is one persistent actor, so its events need no tag: they are its persistence id's, in
/// sequence order, and the offset is that sequence number (events stored before this projection
/// existed are projected too). Appeals are few and operator-made: each start reads the desk's events
/// from the first to fold the book again, and writes only those after the stored offset.
/// </remarks>
public sealed class AppealProjector(ReadModelDb db, ActorSystem system, string readJournalId, WebhookOutbox outbox) : IProjector
{
    private AppealBook _book = AppealBook.Empty;
    private long _stored;

    public string OffsetName => "appeals";

    public void Reset() => _book = AppealBook.Empty;

    public Source<EventEnvelope, NotUsed> Events(long storedOffset)
    {
        _stored = storedOffset;
        return PersistenceQuery.Get(system).ReadJournalFor<IEventsByPersistenceIdQuery>(readJournalId)
            .EventsByPersistenceId(AppealDeskActor.DeskPersistenceId, 0, long.MaxValue);
    }

    public async Task<long> ProjectAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken ct)
    {
        var changed = new Dictionary<string, long>();
        var raised = new List<(string Type, Appeal Appeal, long SequenceNr)>();
        var offset = _stored;
        foreach (var envelope in batch)
        {
            if (envelope.Event is not AppealEvents.IAppealEvent e)
                continue;
            _book = AppealRules.Apply(_book, e);
            if (envelope.SequenceNr <= _stored)
                continue;
            offset = Math.Max(offset, envelope.SequenceNr);
            foreach (var id in Touched(e))
                changed[id] = envelope.SequenceNr;
            if (WebhookTypes.ForAppealEvent(e) is { } type && Touched(e).FirstOrDefault() is { } appealId)
                raised.Add((type, _book.Appeals[appealId], envelope.SequenceNr));
        }
        if (offset == _stored)
            return offset;
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (id, version) in changed)
            await UpsertAsync(connection, transaction, _book.Appeals[id], version, await BodyAsync(connection, transaction, _book.Appeals[id], ct), ct);
        var events = new List<WebhookEvent>(raised.Count);
        foreach (var (type, appeal, sequenceNr) in raised)
            events.Add(new WebhookEvent(SessionProjector.EventId(AppealDeskActor.DeskPersistenceId, sequenceNr), type, appeal.DecidedAt ?? appeal.OpenedAt,
                appeal.AccountId.Value, await BodyAsync(connection, transaction, appeal, ct)));
        await outbox.EnqueueAsync(connection, transaction, events, ct);
        await Offsets.StoreAsync(connection, transaction, OffsetName, offset, ct);
        await transaction.CommitAsync(ct);
        _stored = offset;
        return offset;
    }

    private IEnumerable<string> Touched(AppealEvents.IAppealEvent e) => e switch
    {
        AppealEvents.AppealOpened o => [o.Appeal.Id],
        AppealEvents.AppealApproved a => [a.AppealId],
        AppealEvents.AppealRejected r => [r.AppealId],
        AppealEvents.AppellantErased x => _book.Appeals.Values.Where(a => a.AccountId == x.AccountId).Select(a => a.Id),
        _ => [],
    };

    /// <summary>The masked appeal; without its personal values when the appellant's account was erased.</summary>
    private static async Task<string> BodyAsync(DbConnection connection, DbTransaction transaction, Appeal appeal, CancellationToken ct)
    {
        var json = HostJson.Serialize(AppealsApi.ToDto(AppealProtocol.ToView(appeal)));
        return await ReadModelErasure.IsErasedAsync(connection, transaction, appeal.AccountId.Value, ct) ? ReadModelErasure.StripObject(json) : json;
    }

    private static Task<int> UpsertAsync(DbConnection connection, DbTransaction transaction, Appeal appeal, long version, string body, CancellationToken ct) =>
        ReadModelDb.ExecuteAsync(connection, transaction, """
            INSERT INTO rn_appeals (id, account_id, status, opened_at, version, body)
            VALUES (@id, @account, @status, @opened, @version, @body)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version, body = excluded.body
            WHERE rn_appeals.version < excluded.version
            """, ct,
            ("@id", appeal.Id), ("@account", appeal.AccountId.Value), ("@status", appeal.Status.ToString().ToLowerInvariant()),
            ("@opened", ReadModelDb.Millis(appeal.OpenedAt)), ("@version", version), ("@body", body));
}
