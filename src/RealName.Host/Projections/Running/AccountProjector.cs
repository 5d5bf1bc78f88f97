using System.Text.Json;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using RealName.Actors.Identities;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;
using RealName.Host.Accounts;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Projections.Webhooks;

namespace RealName.Host.Projections.Running;

/// <summary>
/// Turns the registry's events tagged <see cref="IdentityRegistryActor.AccountEventsTag"/> into
/// <c>account.revoked</c>, <c>account.upgraded</c> and <c>account.erased</c> outbox rows. The object
/// is the account's record as <c>GET /v1/accounts/{id}/verification</c> shows it, asked of the
/// registry when the event is projected: the registry holds a million claims, which this projection
/// should not fold again, and a record asked later is never less masked (after an erasure it is erased).
/// </summary>
public sealed class AccountProjector(ReadModelDb db, ActorSystem system, string readJournalId, WebhookOutbox outbox, IActorRef registry) : IProjector
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public string OffsetName => "accounts";

    public void Reset()
    {
        // Nothing cached: every object is asked of the registry.
    }

    public Source<EventEnvelope, NotUsed> Events(long storedOffset) =>
        PersistenceQuery.Get(system).ReadJournalFor<IEventsByTagQuery>(readJournalId).EventsByTag(IdentityRegistryActor.AccountEventsTag, Offset.Sequence(storedOffset));

    public async Task<long> ProjectAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken ct)
    {
        long offset = 0;
        var raised = new List<(string Id, string Type, AccountId Account, DateTimeOffset At, string Json)>();
        foreach (var envelope in batch)
        {
            if (envelope.Offset is Sequence s)
                offset = Math.Max(offset, s.Value);
            if (envelope.Event is not RegistryEvents.IRegistryEvent e || WebhookTypes.ForRegistryEvent(e) is not { } change)
                continue;
            var answer = await registry.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount(change.Account.Value), AskTimeout, ct);
            var json = HostJson.Serialize(AccountsApi.ToDto(change.Account, answer));
            raised.Add((SessionProjector.EventId(envelope.PersistenceId, envelope.SequenceNr), change.Type, change.Account, change.At, json));
        }
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var events = new List<WebhookEvent>(raised.Count);
        foreach (var (id, type, account, at, json) in raised)
        {
            var erased = await ReadModelErasure.IsErasedAsync(connection, transaction, account.Value, ct);
            events.Add(new WebhookEvent(id, type, at, account.Value, erased ? ReadModelErasure.StripObject(json) : json));
        }
        await outbox.EnqueueAsync(connection, transaction, events, ct);
        await Offsets.StoreAsync(connection, transaction, OffsetName, offset, ct);
        await transaction.CommitAsync(ct);
        return offset;
    }
}
