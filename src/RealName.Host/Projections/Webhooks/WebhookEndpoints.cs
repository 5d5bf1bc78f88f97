using System.Security.Cryptography;
using RealName.Actors.Security;
using RealName.Contracts.Webhooks;
using RealName.Host.Projections.ReadModel;

namespace RealName.Host.Projections.Webhooks;

/// <summary>An endpoint with its secret in clear, for signing; lives only in memory while delivering.</summary>
public sealed record SigningEndpoint(string Id, string Url, string Secret);

/// <summary>
/// The webhook endpoints (<c>rn_webhook_endpoints</c>): the secret is stored sealed with the master
/// key (<see cref="PiiCipher"/>, AES-256-GCM), shown once when created or rotated, and never logged.
/// </summary>
public sealed class WebhookEndpoints(ReadModelDb db, PiiCipher cipher)
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";

    public async Task<(WebhookEndpointDto Endpoint, string Secret)> AddAsync(string url, IReadOnlyList<string> events, DateTimeOffset now, CancellationToken ct)
    {
        var id = "we_" + Random(12);
        var secret = NewSecret();
        await using var connection = await db.OpenAsync(ct);
        await ReadModelDb.ExecuteAsync(connection, null,
            "INSERT INTO rn_webhook_endpoints (id, url, events, secret, status, created_at) VALUES (@id, @url, @events, @secret, @status, @at)", ct,
            ("@id", id), ("@url", url), ("@events", string.Join(',', events)), ("@secret", cipher.Encrypt(secret)), ("@status", Enabled), ("@at", ReadModelDb.Millis(now)));
        return (new WebhookEndpointDto(id, url, events, Enabled, now, null), secret);
    }

    public async Task<IReadOnlyList<WebhookEndpointDto>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = ReadModelDb.Command(connection, null, "SELECT id, url, events, status, created_at, disabled_at FROM rn_webhook_endpoints ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<WebhookEndpointDto>();
        while (await reader.ReadAsync(ct))
            list.Add(new WebhookEndpointDto(reader.GetString(0), reader.GetString(1), reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
                reader.GetString(3), ReadModelDb.At(reader.GetInt64(4)), reader.IsDBNull(5) ? null : ReadModelDb.At(reader.GetInt64(5))));
        return list;
    }

    /// <summary>Removes the endpoint and its pending deliveries; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var removed = await ReadModelDb.ExecuteAsync(connection, null, "DELETE FROM rn_webhook_endpoints WHERE id = @id", ct, ("@id", id));
        await ReadModelDb.ExecuteAsync(connection, null, "DELETE FROM rn_webhook_deliveries WHERE endpoint_id = @id AND status = 'pending'", ct, ("@id", id));
        return removed > 0;
    }

    /// <summary>A new secret for the endpoint (the old one stops signing at once); null when there is no such endpoint.</summary>
    public async Task<string?> RotateSecretAsync(string id, CancellationToken ct)
    {
        var secret = NewSecret();
        await using var connection = await db.OpenAsync(ct);
        var changed = await ReadModelDb.ExecuteAsync(connection, null, "UPDATE rn_webhook_endpoints SET secret = @secret WHERE id = @id", ct,
            ("@secret", cipher.Encrypt(secret)), ("@id", id));
        return changed > 0 ? secret : null;
    }

    /// <summary>Enabled endpoints with the types they subscribe to (the projection enqueues for these).</summary>
    public static async Task<IReadOnlyList<(string Id, IReadOnlySet<string> Events)>> SubscribersAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken ct)
    {
        await using var command = ReadModelDb.Command(connection, transaction, "SELECT id, events FROM rn_webhook_endpoints WHERE status = 'enabled'");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<(string, IReadOnlySet<string>)>();
        while (await reader.ReadAsync(ct))
            list.Add((reader.GetString(0), reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)));
        return list;
    }

    /// <summary>The secret in clear, opened with the master key.</summary>
    public string Open(string sealedSecret) => cipher.Decrypt(sealedSecret);

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Random(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
