using System.Threading.Channels;
using Akka.Persistence.Sql.Config;
using Microsoft.Data.Sqlite;

namespace RealName.Persistence.Sqlite;

/// <summary>One journal row as Akka.Persistence.Sql stores it (tag-table mode), serialized already.</summary>
internal sealed record JournalRowData(
    string PersistenceId,
    long SequenceNr,
    long Created,
    byte[] Message,
    string Manifest,
    int Identifier,
    string WriterUuid,
    IReadOnlyCollection<string> Tags);

/// <summary>
/// The SQLite journal's write path: every write waiting when the previous transaction commits goes
/// into the next one, through prepared statements on one connection kept open, into the plugin's own
/// tables and columns (<c>journal</c>, and <c>tags</c> for tagged events, as its tag-table mode writes them).
/// </summary>
/// <remarks>
/// The plugin's per-batch work is serial on SQLite's one writer (see docs/adr/0001-sqlite-journal-write-path.md).
/// A write completes only after its transaction's <c>COMMIT</c>; a failed transaction is retried write by
/// write, so one bad write fails only its own actor's persist.
/// </remarks>
internal sealed class SqliteJournalWriter : IDisposable
{
    /// <summary>Rows per transaction at most; more writes wait for the next one.</summary>
    private const int MaxRows = 2000;

    private readonly Func<SqliteConnection> _connect;
    private readonly string _insertRow;
    private readonly string _insertTag;
    private readonly string _orderingColumn;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private SqliteCommand? _rowCommand;
    private SqliteCommand? _rowReturningCommand;
    private SqliteCommand? _tagCommand;

    public SqliteJournalWriter(Func<SqliteConnection> connect, JournalTableConfig tables)
    {
        _connect = connect;
        var journal = Qualified(tables.SchemaName, tables.EventJournalTable.Name);
        var c = tables.EventJournalTable.ColumnNames;
        _orderingColumn = c.Ordering;
        _insertRow = $"INSERT INTO {journal} ({c.Created}, {c.Deleted}, {c.PersistenceId}, {c.SequenceNumber}, {c.Message}, {c.Manifest}, {c.Identifier}, {c.WriterUuid}) "
            + "VALUES ($created, 0, $pid, $seq, $message, $manifest, $identifier, $writer)";
        var t = tables.TagTable.ColumnNames;
        _insertTag = $"INSERT INTO {Qualified(tables.SchemaName, tables.TagTable.Name)} ({t.OrderingId}, {t.Tag}, {t.SequenceNumber}, {t.PersistenceId}) "
            + "VALUES ($ordering, $tag, $seq, $pid)";
        _thread = new Thread(Run) { IsBackground = true, Name = "realname-journal-writer" };
        _thread.Start();
    }

    /// <summary>Whether this writer can write rows for <paramref name="config"/>: the plugin's tag-table mode with writer uuids, no event-manifest column.</summary>
    public static bool Supports(JournalConfig config) =>
        config.PluginConfig.TagMode == TagMode.TagTable
        && config.TableConfig.EventJournalTable.UseWriterUuidColumn
        && !config.TableConfig.UseEventManifestColumn
        && !config.DaoConfig.SqlCommonCompatibilityMode;

    /// <summary>Writes the rows of one call (one or more atomic writes) in the next transaction; completes after its commit.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRowData> rows)
    {
        var pending = new PendingWrite(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            pending.Done.SetException(new InvalidOperationException("The journal writer has stopped."));
        return pending.Done.Task;
    }

    /// <summary>
    /// After the writes queued before it: <c>PRAGMA wal_checkpoint(TRUNCATE)</c> on the writer's own
    /// connection, so the WAL's copies of pages (rows later overwritten or deleted, in clear) are folded
    /// into the database file and the <c>-wal</c> file is cut to zero bytes. Runs on the writer thread,
    /// between transactions. Completes false when SQLite reported readers still on the WAL (busy).
    /// </summary>
    public Task<bool> CheckpointAsync()
    {
        var pending = new PendingWrite([], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            pending.Checkpointed!.SetException(new InvalidOperationException("The journal writer has stopped."));
        return pending.Checkpointed!.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            var rows = 0;
            PendingWrite? checkpoint = null;
            while (rows < MaxRows && _queue.Reader.TryRead(out var write))
            {
                if (write.Checkpointed is not null)
                {
                    checkpoint = write; // after the writes queued before it; the ones after wait for the next transaction
                    break;
                }
                batch.Add(write);
                rows += write.Rows.Count;
            }
            if (batch.Count > 0)
                CommitBatch(batch);
            if (checkpoint is not null)
                Checkpoint(checkpoint.Checkpointed!);
        }
        CloseConnection();
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
        try
        {
            Commit(batch);
            batch.ForEach(w => w.Done.SetResult());
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad write must not fail the others that shared its transaction: each again, alone.
            foreach (var write in batch)
                CommitAlone(write);
        }
        catch (Exception e)
        {
            batch[0].Done.SetException(e);
        }
    }

    private void Checkpoint(TaskCompletionSource<bool> done)
    {
        try
        {
            using var command = Connection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            done.SetResult(reader.Read() && reader.GetInt64(0) == 0); // columns: busy, WAL frames, frames checkpointed
        }
        catch (Exception e)
        {
            CloseConnection();
            done.SetException(e);
        }
    }

    private void CommitAlone(PendingWrite write)
    {
        try
        {
            Commit([write]);
            write.Done.SetResult();
        }
        catch (Exception e)
        {
            write.Done.SetException(e);
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        try
        {
            var connection = Connection();
            using var transaction = connection.BeginTransaction(deferred: false);
            _rowCommand!.Transaction = _rowReturningCommand!.Transaction = _tagCommand!.Transaction = transaction;
            foreach (var write in batch)
            {
                foreach (var row in write.Rows)
                    Insert(row);
            }
            transaction.Commit();
        }
        catch
        {
            CloseConnection(); // a failed connection is not reused; the next batch opens a new one
            throw;
        }
    }

    private void Insert(JournalRowData row)
    {
        var command = row.Tags.Count == 0 ? _rowCommand! : _rowReturningCommand!;
        var p = command.Parameters;
        p[0].Value = row.Created;
        p[1].Value = row.PersistenceId;
        p[2].Value = row.SequenceNr;
        p[3].Value = row.Message;
        p[4].Value = row.Manifest;
        p[5].Value = row.Identifier;
        p[6].Value = row.WriterUuid;
        if (row.Tags.Count == 0)
        {
            command.ExecuteNonQuery();
            return;
        }
        var ordering = (long)command.ExecuteScalar()!;
        var tags = _tagCommand!.Parameters;
        tags[0].Value = ordering;
        tags[2].Value = row.SequenceNr;
        tags[3].Value = row.PersistenceId;
        foreach (var tag in row.Tags)
        {
            tags[1].Value = tag;
            _tagCommand.ExecuteNonQuery();
        }
    }

    private SqliteConnection Connection()
    {
        if (_connection is not null)
            return _connection;
        var connection = _connect();
        connection.Open();
        _rowCommand = RowCommand(connection, _insertRow);
        _rowReturningCommand = RowCommand(connection, _insertRow + " RETURNING " + _orderingColumn);
        _tagCommand = connection.CreateCommand();
        _tagCommand.CommandText = _insertTag;
        foreach (var name in (string[])["$ordering", "$tag", "$seq", "$pid"])
            _tagCommand.Parameters.Add(new SqliteParameter { ParameterName = name });
        _connection = connection;
        return connection;
    }

    private static SqliteCommand RowCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in (string[])["$created", "$pid", "$seq", "$message", "$manifest", "$identifier", "$writer"])
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private void CloseConnection()
    {
        _rowCommand?.Dispose();
        _rowReturningCommand?.Dispose();
        _tagCommand?.Dispose();
        _connection?.Dispose();
        _rowCommand = _rowReturningCommand = _tagCommand = null;
        _connection = null;
    }

    private static string Qualified(string? schema, string table) => string.IsNullOrEmpty(schema) ? table : $"{schema}.{table}";

    /// <summary>One write, or (with <paramref name="Checkpointed"/>) a checkpoint request.</summary>
    private sealed record PendingWrite(IReadOnlyList<JournalRowData> Rows, TaskCompletionSource Done, TaskCompletionSource<bool>? Checkpointed = null);
}
