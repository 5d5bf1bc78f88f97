using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Persistence.Keys;

/// <summary>One subject data key as stored: wrapped under the master key; <see cref="Wrapped"/> is null once destroyed.</summary>
public sealed record StoredSubjectKey(string KeyId, string Subject, byte[]? Wrapped, DateTimeOffset CreatedAt, DateTimeOffset? DestroyedAt);

/// <summary>
/// Where the per-subject data keys live: a table beside the journal (its own SQLite file in the
/// data folder, or a table in the cluster's PostgreSQL database), because the journal is
/// append-only and a key must be destroyable. A destroyed key keeps its row as a tombstone
/// (no key bytes) so that reading a value under it says "erased", not "corrupt".
/// </summary>
/// <remarks>
/// Reads are synchronous: the serializer that needs a key is synchronous, and it asks only on a
/// cache miss (<see cref="SubjectKeys"/>), i.e. once per subject per node. New keys are written by
/// <see cref="InsertAsync"/>'s group commit.
/// </remarks>
public sealed class SubjectKeyStore
{
    public const string Table = "realname_subject_keys";
    public const string SqliteFile = "subject-keys.db";

    private readonly Func<DbConnection> _connect;
    private readonly bool _sqlite;
    private readonly Lazy<bool> _initialized;
    private readonly object _pendingGate = new();
    private InsertBatch _pending = new();
    private bool _writing;
    private DbConnection? _writer;
    private DbCommand? _insert;

    private SubjectKeyStore(Func<DbConnection> connect, bool sqlite)
    {
        _connect = connect;
        _sqlite = sqlite;
        // On first use, not at start: a database still starting is retried on the next call instead of failing the node.
        _initialized = new Lazy<bool>(Initialize, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The store beside the configured journal: a SQLite file in <paramref name="dataPath"/>, or a table in the PostgreSQL database.</summary>
    public static SubjectKeyStore For(PersistenceSettings settings, string dataPath) =>
        settings.IsPostgres ? Postgres(settings.PostgresConnectionString) : Sqlite(dataPath);

    /// <summary>
    /// A SQLite file in <paramref name="dataPath"/>, with <c>secure_delete</c> on so a destroyed
    /// key's bytes are overwritten in the file, and a WAL checkpoint after each destruction so the
    /// old page does not linger in the write-ahead log.
    /// </summary>
    public static SubjectKeyStore Sqlite(string dataPath)
    {
        var path = Path.Combine(dataPath, SqliteFile);
        SqliteJournalConnections.Prepare(path);
        var connectionString = SqliteJournalConnections.ConnectionString(path);
        return new SubjectKeyStore(() => new SqliteConnection(connectionString), sqlite: true);
    }

    /// <summary>A table in the cluster's PostgreSQL database, shared by every node.</summary>
    public static SubjectKeyStore Postgres(string connectionString) =>
        new(() => new NpgsqlConnection(connectionString), sqlite: false);

    /// <summary>The newest live key of <paramref name="subject"/>, if any.</summary>
    public StoredSubjectKey? FindLive(string subject) =>
        Query($"SELECT key_id, subject, wrapped_key, created_at, destroyed_at FROM {Table} WHERE subject = @p0 AND wrapped_key IS NOT NULL ORDER BY created_at DESC LIMIT 1", subject);

    public StoredSubjectKey? Find(string keyId) =>
        Query($"SELECT key_id, subject, wrapped_key, created_at, destroyed_at FROM {Table} WHERE key_id = @p0", keyId);

    /// <summary>
    /// Stores a new key; the task completes once it is durable. Group commit: keys inserted while a
    /// batch is being written wait — without holding a thread — and the writer then writes all of them
    /// in the next transaction, so a burst of new accounts costs one commit per batch, not one per
    /// account, and one pool thread at a time waits for the disk.
    /// </summary>
    public Task InsertAsync(StoredSubjectKey key)
    {
        _ = _initialized.Value;
        InsertBatch batch;
        bool lead;
        lock (_pendingGate)
        {
            _pending.Rows.Add(key);
            batch = _pending;
            lead = !_writing;
            _writing = true;
        }
        if (lead)
            _ = Task.Run(WriteWhilePending);
        return batch.Done.Task;
    }

    /// <summary>Writes the pending batches one after the other until none is left.</summary>
    private void WriteWhilePending()
    {
        while (true)
        {
            InsertBatch batch;
            lock (_pendingGate)
            {
                if (_pending.Rows.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _pending;
                _pending = new InsertBatch();
            }
            try
            {
                Write(batch.Rows);
                batch.Done.SetResult();
            }
            catch (Exception ex)
            {
                batch.Done.SetException(new InvalidOperationException("Storing a data key failed.", ex));
            }
        }
    }

    /// <summary>
    /// One transaction for the batch, on the writer's own connection and prepared insert, both kept
    /// between batches (only one batch is written at a time: the caller holds the write gate). A
    /// connection that failed is closed and the next batch opens a new one.
    /// </summary>
    private void Write(List<StoredSubjectKey> rows)
    {
        try
        {
            _writer ??= Open(write: true);
            _insert ??= Command(_writer, $"INSERT INTO {Table} (key_id, subject, wrapped_key, created_at) VALUES (@p0, @p1, @p2, @p3)", new object?[4]);
            using var transaction = _writer.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var key in rows)
            {
                _insert.Parameters[0].Value = key.KeyId;
                _insert.Parameters[1].Value = key.Subject;
                _insert.Parameters[2].Value = (object?)key.Wrapped ?? DBNull.Value;
                _insert.Parameters[3].Value = key.CreatedAt.ToUnixTimeMilliseconds();
                _insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        catch
        {
            _insert?.Dispose();
            _writer?.Dispose();
            (_insert, _writer) = (null, null);
            throw;
        }
    }

    /// <summary>
    /// Closes the writer's held connection and prepared insert, when the node stops, so the store's file is not
    /// held open after it. A key inserted later opens a new one; while a batch is being written, nothing is closed.
    /// </summary>
    public void CloseWriter()
    {
        lock (_pendingGate)
        {
            if (_writing)
                return;
            _insert?.Dispose();
            _writer?.Dispose();
            (_insert, _writer) = (null, null);
        }
    }

    /// <summary>Keys waiting for the same commit; <see cref="Done"/> once it happened (or failed).</summary>
    private sealed class InsertBatch
    {
        public List<StoredSubjectKey> Rows { get; } = [];
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Destroys every live key of <paramref name="subject"/>; returns how many there were.</summary>
    public int Destroy(string subject, DateTimeOffset at)
    {
        var destroyed = Execute($"UPDATE {Table} SET wrapped_key = NULL, destroyed_at = @p1 WHERE subject = @p0 AND wrapped_key IS NOT NULL",
            subject, at.ToUnixTimeMilliseconds());
        if (_sqlite && destroyed > 0)
            Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return destroyed;
    }

    private bool Initialize()
    {
        var blob = _sqlite ? "BLOB" : "BYTEA";
        CreateIfMissing($"CREATE TABLE IF NOT EXISTS {Table} (key_id TEXT PRIMARY KEY, subject TEXT NOT NULL, wrapped_key {blob} NULL, created_at BIGINT NOT NULL, destroyed_at BIGINT NULL)");
        CreateIfMissing($"CREATE INDEX IF NOT EXISTS ix_{Table}_subject ON {Table} (subject)");
        return true;
    }

    /// <summary>
    /// PostgreSQL's <c>IF NOT EXISTS</c> is not safe against a concurrent creator: two nodes starting
    /// together can get a unique violation on the catalog; the other one created it, which is what we wanted.
    /// </summary>
    private void CreateIfMissing(string ddl)
    {
        try
        {
            Run(ddl);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
        }
    }

    private StoredSubjectKey? Query(string sql, params object?[] parameters)
    {
        _ = _initialized.Value;
        using var connection = Open(write: false);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        return new StoredSubjectKey(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
    }

    private int Execute(string sql, params object?[] parameters)
    {
        _ = _initialized.Value;
        return Run(sql, parameters);
    }

    private int Run(string sql, params object?[] parameters)
    {
        using var connection = Open(write: true);
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>A connection; for writes on SQLite with <c>secure_delete</c>, FULL sync and a busy timeout (readers of a WAL database need none).</summary>
    private DbConnection Open(bool write)
    {
        var connection = _connect();
        connection.Open();
        PooledSqlite.EndLeftoverTransaction(connection);
        if (_sqlite && write)
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA secure_delete = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {SqliteConnectionFactory.BusyTimeoutMilliseconds};";
            pragma.ExecuteNonQuery();
        }
        return connection;
    }

    private static DbCommand Command(DbConnection connection, string sql, object?[] parameters) => DbCommands.Create(connection, null, sql, parameters);
}
