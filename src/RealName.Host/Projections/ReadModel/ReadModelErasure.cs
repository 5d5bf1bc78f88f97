using System.Data.Common;
using System.Text.Json.Nodes;

namespace RealName.Host.Projections.ReadModel;

/// <summary>
/// PIPL erasure in the read model: the read model holds masked values only, and after an account's
/// erasure not even those. The erasure records the account in <c>rn_erased_accounts</c> and strips its
/// rows (sessions, appeals, undelivered webhook bodies); the projection reads that table before each
/// batch, forgets the account's cached states and strips again in its own transaction, so a batch
/// that raced the erasure cannot bring a masked name back.
/// </summary>
public static class ReadModelErasure
{
    public const string Schema = "CREATE TABLE IF NOT EXISTS rn_erased_accounts (account_id TEXT PRIMARY KEY, erased_at BIGINT NOT NULL)";

    public static async Task EraseAsync(ReadModelDb db, string accountId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ReadModelDb.ExecuteAsync(connection, transaction,
            "INSERT INTO rn_erased_accounts (account_id, erased_at) VALUES (@account, @at) ON CONFLICT (account_id) DO NOTHING", ct,
            ("@account", accountId), ("@at", ReadModelDb.Millis(at)));
        await StripAsync(connection, transaction, [accountId], ct);
        await transaction.CommitAsync(ct);
        if (db.IsSqlite)
            await ReadModelDb.CheckpointAsync(connection, ct);
    }

    /// <summary>Accounts erased at or after <paramref name="sinceMillis"/>, with the newest erasure time.</summary>
    public static async Task<(IReadOnlyList<string> Accounts, long Newest)> ErasedSinceAsync(DbConnection connection, DbTransaction transaction, long sinceMillis, CancellationToken ct)
    {
        await using var command = ReadModelDb.Command(connection, transaction, "SELECT account_id, erased_at FROM rn_erased_accounts WHERE erased_at >= @since", ("@since", sinceMillis));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var accounts = new List<string>();
        var newest = sinceMillis;
        while (await reader.ReadAsync(ct))
        {
            accounts.Add(reader.GetString(0));
            newest = Math.Max(newest, reader.GetInt64(1));
        }
        return (accounts, newest);
    }

    /// <summary>Whether the account was erased: what a projection writes for it then carries no personal value.</summary>
    public static async Task<bool> IsErasedAsync(DbConnection connection, DbTransaction transaction, string accountId, CancellationToken ct)
    {
        await using var command = ReadModelDb.Command(connection, transaction, "SELECT 1 FROM rn_erased_accounts WHERE account_id = @account", ("@account", accountId));
        return await command.ExecuteScalarAsync(ct) is not (null or DBNull);
    }

    public static async Task StripAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> accounts, CancellationToken ct)
    {
        foreach (var account in accounts)
        {
            await RewriteAsync(connection, transaction, "rn_sessions", "id", account, StripObject, ct);
            await RewriteAsync(connection, transaction, "rn_appeals", "id", account, StripObject, ct);
            await RewriteAsync(connection, transaction, "rn_webhook_deliveries", "id", account, StripPayload, ct);
        }
    }

    /// <summary>The object without personal values: no identity, no legal person, flagged <c>personalDataErased</c>.</summary>
    public static string StripObject(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Strip(node);
        return HostJson.Text(node);
    }

    private static string StripPayload(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        if (node["data"]?["object"] is JsonObject o)
            Strip(o);
        return HostJson.Text(node);
    }

    private static void Strip(JsonObject o)
    {
        o["identity"] = null;
        if (o["enterprise"] is JsonObject enterprise)
            enterprise["legalPerson"] = null;
        o["personalDataErased"] = true;
    }

    private static async Task RewriteAsync(DbConnection connection, DbTransaction transaction, string table, string key, string account, Func<string, string> strip, CancellationToken ct)
    {
        var rows = new List<(string Id, string Body)>();
        await using (var select = ReadModelDb.Command(connection, transaction, $"SELECT {key}, body FROM {table} WHERE account_id = @account", ("@account", account)))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (id, body) in rows)
            await ReadModelDb.ExecuteAsync(connection, transaction, $"UPDATE {table} SET body = @body WHERE {key} = @id", ct, ("@body", strip(body)), ("@id", id));
    }
}
