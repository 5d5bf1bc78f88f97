using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RealName.Contracts.Webhooks;
using RealName.Host.Projections.ReadModel;

namespace RealName.Host.Projections.Webhooks;

/// <summary>A delivery due now, with what it takes to send it.</summary>
public sealed record DueDelivery(string Id, string EndpointId, string Url, string SealedSecret, string Body, int Attempts, DateTimeOffset CreatedAt);

/// <summary>
/// The webhook outbox and delivery log (<c>rn_webhook_deliveries</c>): filled by the projection in
/// its transaction, emptied by the <see cref="WebhookDispatcher"/>. Status <c>pending</c> (due at
/// <c>next_attempt_at</c>), <c>delivered</c> or <c>failed</c> (gave up after the maximum age).
/// </summary>
public sealed class WebhookOutbox(ReadModelDb db)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<WebhookEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
            return;
        var subscribers = await WebhookEndpoints.SubscribersAsync(connection, transaction, ct);
        foreach (var e in events)
        {
            foreach (var (endpointId, types) in subscribers.Where(s => s.Events.Contains(e.Type)))
            {
                await ReadModelDb.ExecuteAsync(connection, transaction, """
                    INSERT INTO rn_webhook_deliveries (id, endpoint_id, event_id, event_type, account_id, body, status, attempts, created_at, next_attempt_at)
                    VALUES (@id, @endpoint, @event, @type, @account, @body, 'pending', 0, @at, @at)
                    ON CONFLICT (endpoint_id, event_id) DO NOTHING
                    """, ct,
                    ("@id", DeliveryId(endpointId, e.Id)), ("@endpoint", endpointId), ("@event", e.Id), ("@type", e.Type), ("@account", e.AccountId),
                    ("@body", Payload(e)), ("@at", ReadModelDb.Millis(e.CreatedAt)));
            }
        }
    }

    /// <summary><c>{id, type, createdAt, data: {object}}</c>, the body every attempt sends (and signs) unchanged.</summary>
    public static string Payload(WebhookEvent e) => HostJson.Text(new JsonObject
    {
        ["id"] = e.Id,
        ["type"] = e.Type,
        ["createdAt"] = e.CreatedAt.ToUniversalTime(),
        ["data"] = new JsonObject { ["object"] = JsonNode.Parse(e.ObjectJson) },
    });

    public async Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = ReadModelDb.Command(connection, null, """
            SELECT d.id, d.endpoint_id, e.url, e.secret, d.body, d.attempts, d.created_at
            FROM rn_webhook_deliveries d JOIN rn_webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND e.status = 'enabled'
            ORDER BY d.next_attempt_at LIMIT @limit
            """, ("@now", ReadModelDb.Millis(now)), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var due = new List<DueDelivery>();
        while (await reader.ReadAsync(ct))
            due.Add(new DueDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), ReadModelDb.At(reader.GetInt64(6))));
        return due;
    }

    /// <summary>Records one attempt: delivered, or due again at <paramref name="nextAttempt"/>, or (null) given up, which disables the endpoint.</summary>
    public async Task RecordAsync(DueDelivery delivery, DateTimeOffset at, int? status, string? answer, long latencyMs, bool delivered, DateTimeOffset? nextAttempt, CancellationToken ct)
    {
        var outcome = delivered ? Delivered : nextAttempt is null ? Failed : Pending;
        await using var connection = await db.OpenAsync(ct);
        await ReadModelDb.ExecuteAsync(connection, null, """
            UPDATE rn_webhook_deliveries SET status = @status, attempts = attempts + 1, last_attempt_at = @at, last_status = @code,
              last_answer = @answer, latency_ms = @latency, next_attempt_at = @next, delivered_at = @delivered
            WHERE id = @id AND status = 'pending'
            """, ct,
            ("@status", outcome), ("@at", ReadModelDb.Millis(at)), ("@code", status), ("@answer", answer), ("@latency", latencyMs),
            ("@next", ReadModelDb.Millis(nextAttempt ?? at)), ("@delivered", delivered ? ReadModelDb.Millis(at) : null), ("@id", delivery.Id));
        if (outcome == Failed)
            await ReadModelDb.ExecuteAsync(connection, null, "UPDATE rn_webhook_endpoints SET status = 'disabled', disabled_at = @at WHERE id = @id AND status = 'enabled'", ct,
                ("@at", ReadModelDb.Millis(at)), ("@id", delivery.EndpointId));
    }

    /// <summary>
    /// Sends the delivery again now and re-enables its endpoint; false when there is no such delivery. A delivery
    /// past the maximum age gets this one attempt (a failure gives up again and disables the endpoint again).
    /// </summary>
    public async Task<bool> RetryAsync(string deliveryId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var changed = await ReadModelDb.ExecuteAsync(connection, null,
            "UPDATE rn_webhook_deliveries SET status = 'pending', next_attempt_at = @now WHERE id = @id", ct,
            ("@now", ReadModelDb.Millis(now)), ("@id", deliveryId));
        if (changed > 0)
            await ReadModelDb.ExecuteAsync(connection, null,
                "UPDATE rn_webhook_endpoints SET status = 'enabled', disabled_at = NULL WHERE id = (SELECT endpoint_id FROM rn_webhook_deliveries WHERE id = @id)", ct, ("@id", deliveryId));
        return changed > 0;
    }

    /// <summary>The endpoint's deliveries, newest first; null when <paramref name="startingAfter"/> names no delivery of it.</summary>
    public async Task<WebhookDeliveryPage?> ListAsync(string endpointId, int limit, string? startingAfter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT id, endpoint_id, event_id, event_type, status, attempts, created_at, next_attempt_at, last_attempt_at, last_status, last_answer, latency_ms, delivered_at
            FROM rn_webhook_deliveries WHERE endpoint_id = @endpoint
            """);
        ReadModelDb.AddParameter(command, "@endpoint", endpointId);
        if (startingAfter is not null)
        {
            await using var cursor = ReadModelDb.Command(connection, null, "SELECT created_at FROM rn_webhook_deliveries WHERE id = @id AND endpoint_id = @endpoint",
                ("@id", startingAfter), ("@endpoint", endpointId));
            if (await cursor.ExecuteScalarAsync(ct) is not long at)
                return null;
            sql.Append(" AND (created_at < @cursorAt OR (created_at = @cursorAt AND id < @cursorId))");
            ReadModelDb.AddParameter(command, "@cursorAt", at);
            ReadModelDb.AddParameter(command, "@cursorId", startingAfter);
        }
        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit");
        ReadModelDb.AddParameter(command, "@limit", limit + 1);
        command.CommandText = sql.ToString();
        var list = new List<WebhookDeliveryDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var status = reader.GetString(4);
            list.Add(new WebhookDeliveryDto(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), status, reader.GetInt32(5),
                ReadModelDb.At(reader.GetInt64(6)), status == Pending ? ReadModelDb.At(reader.GetInt64(7)) : null, Time(reader, 8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetInt64(11), Time(reader, 12)));
        }
        var hasMore = list.Count > limit;
        return new WebhookDeliveryPage(hasMore ? list[..limit] : list, hasMore);
    }

    private static DateTimeOffset? Time(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : ReadModelDb.At(reader.GetInt64(i));

    private static string DeliveryId(string endpointId, string eventId) =>
        "whd_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpointId + "/" + eventId)))[..24];
}
