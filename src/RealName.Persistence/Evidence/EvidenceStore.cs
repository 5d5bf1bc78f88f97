using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RealName.Persistence.Sqlite;

namespace RealName.Persistence.Evidence;

/// <summary>
/// One file an appellant sent with an appeal, as stored: <see cref="Sealed"/> is the file encrypted
/// under the appellant account's data key <see cref="KeyId"/> (destroying that key erases it);
/// null when only the metadata was read.
/// </summary>
public sealed record StoredEvidence(string Id, string AppealId, int Slot, string Subject, string KeyId, string ContentType, long Size, DateTimeOffset At, byte[]? Sealed);

/// <summary>
/// The appeals' evidence files, beside the journal (their own SQLite file, or a table in the
/// cluster's PostgreSQL database) because they are megabytes, not events. Each appeal has
/// <c>maxPerAppeal</c> numbered slots, unique per appeal, so concurrent uploads cannot exceed them.
/// </summary>
public sealed class EvidenceStore
{
    public const string Table = "realname_appeal_evidence";
    public const string SqliteFile = "appeal-evidence.db";

    private readonly Func<DbConnection> _connect;
    private readonly bool _sqlite;
    private readonly Lazy<Task> _initialized;

    private EvidenceStore(Func<DbConnection> connect, bool sqlite)
    {
        _connect = connect;
        _sqlite = sqlite;
        _initialized = new Lazy<Task>(InitializeAsync, LazyThreadSafetyMode.PublicationOnly);
    }

    public static EvidenceStore For(PersistenceSettings settings, string dataPath)
    {
        if (settings.IsPostgres)
        {
            var postgres = settings.PostgresConnectionString; // built once, not for every connection
            return new EvidenceStore(() => new NpgsqlConnection(postgres), sqlite: false);
        }
        var path = Path.Combine(dataPath, SqliteFile);
        SqliteJournalConnections.Prepare(path);
        var connectionString = SqliteJournalConnections.ConnectionString(path);
        return new EvidenceStore(() => new SqliteConnection(connectionString), sqlite: true);
    }

    /// <summary>
    /// Stores <paramref name="files"/> (slots assigned here) in one transaction, or none of them:
    /// false when the appeal's slots would run out. A concurrent upload that took the same slots
    /// first makes this one count again, so only really used slots refuse it.
    /// </summary>
    public async Task<bool> TryAddAsync(string appealId, IReadOnlyList<StoredEvidence> files, int maxPerAppeal, CancellationToken ct)
    {
        await _initialized.Value;
        bool? stored;
        while ((stored = await TryAddOnceAsync(appealId, files, maxPerAppeal, ct)) is null)
        {
            // Each lost race means another upload took slots: the count only grows, so this ends.
        }
        return stored.Value;
    }

    /// <summary>True stored, false full, null lost a race for the slots (count again).</summary>
    private async Task<bool?> TryAddOnceAsync(string appealId, IReadOnlyList<StoredEvidence> files, int maxPerAppeal, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var used = Convert.ToInt32(await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM {Table} WHERE appeal_id = @p0", ct, appealId), System.Globalization.CultureInfo.InvariantCulture);
        if (used + files.Count > maxPerAppeal)
            return false;
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var f = files[i];
                await using var insert = Command(connection, transaction,
                    $"INSERT INTO {Table} (evidence_id, appeal_id, slot, subject, key_id, content_type, size, created_at, sealed) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
                    f.Id, appealId, used + i + 1, f.Subject, f.KeyId, f.ContentType, f.Size, f.At.ToUnixTimeMilliseconds(), f.Sealed);
                await insert.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbException ex) when (IsUniqueViolation(ex))
        {
            return null;
        }
    }

    /// <summary>The appeal's files in slot order, with their sealed bytes only when <paramref name="withContent"/>.</summary>
    public async Task<IReadOnlyList<StoredEvidence>> ListAsync(string appealId, bool withContent, CancellationToken ct)
    {
        await _initialized.Value;
        await using var connection = await OpenAsync(ct);
        await using var query = Command(connection, null,
            $"SELECT evidence_id, appeal_id, slot, subject, key_id, content_type, size, created_at, {(withContent ? "sealed" : "NULL")} FROM {Table} WHERE appeal_id = @p0 ORDER BY slot", appealId);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var found = new List<StoredEvidence>();
        while (await reader.ReadAsync(ct))
            found.Add(new StoredEvidence(reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8)));
        return found;
    }

    private async Task InitializeAsync()
    {
        var blob = _sqlite ? "BLOB" : "BYTEA";
        await using var connection = await OpenAsync(CancellationToken.None);
        foreach (var ddl in new[]
        {
            $"CREATE TABLE IF NOT EXISTS {Table} (evidence_id TEXT PRIMARY KEY, appeal_id TEXT NOT NULL, slot INTEGER NOT NULL, subject TEXT NOT NULL, key_id TEXT NOT NULL, content_type TEXT NOT NULL, size BIGINT NOT NULL, created_at BIGINT NOT NULL, sealed {blob} NOT NULL)",
            $"CREATE UNIQUE INDEX IF NOT EXISTS ux_{Table}_slot ON {Table} (appeal_id, slot)",
        })
        {
            try
            {
                await using var command = Command(connection, null, ddl);
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
                // Another node created it concurrently: what we wanted.
            }
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = _connect();
        await connection.OpenAsync(ct);
        PooledSqlite.EndLeftoverTransaction(connection);
        if (_sqlite)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {SqliteConnectionFactory.BusyTimeoutMilliseconds};";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return connection;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static bool IsUniqueViolation(DbException ex) =>
        ex is SqliteException { SqliteErrorCode: 19 } || ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params object?[] parameters) =>
        DbCommands.Create(connection, transaction, sql, parameters);
}
