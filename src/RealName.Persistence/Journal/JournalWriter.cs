using System.Threading.Channels;
using Akka.Persistence.Sql.Config;

namespace RealName.Persistence.Journal;

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
/// The journal's own write path (group commit): one thread and one connection kept open; every write
/// waiting when the previous transaction commits goes into the next one, written into the plugin's own
/// tables and columns (<c>journal</c>, and <c>tags</c> for tagged events, as its tag-table mode writes them).
/// The database's part — open, one transaction of rows, close — is the subclass's.
/// </summary>
/// <remarks>
/// A write completes only after its transaction's <c>COMMIT</c>. A failed transaction closes the
/// connection (the next one opens a new one, so a restarted server or a killed backend costs only the
/// writes in flight) and is retried write by write, so one bad write fails only its own actor's persist.
/// See docs/adr/0001-sqlite-journal-write-path.md and docs/adr/0008-postgres-journal-write-path.md.
/// </remarks>
internal abstract class JournalWriter : IDisposable
{
    /// <summary>Rows per transaction at most; more writes wait for the next one.</summary>
    private const int MaxRows = 2000;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;

    /// <remarks>The thread only waits for the queue, which is written to once the subclass is constructed.</remarks>
    protected JournalWriter(string threadName)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Whether our writers can write rows for <paramref name="config"/>: the plugin's tag-table mode with writer uuids, no event-manifest column.</summary>
    public static bool Supports(JournalConfig config) =>
        config.PluginConfig.TagMode == TagMode.TagTable
        && config.TableConfig.EventJournalTable.UseWriterUuidColumn
        && !config.TableConfig.UseEventManifestColumn
        && !config.DaoConfig.SqlCommonCompatibilityMode;

    /// <summary>Writes the rows of one call (one or more atomic writes) in the next transaction; completes after its commit.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRowData> rows)
    {
        var pending = new PendingWrite(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
        if (!_queue.Writer.TryWrite(pending))
            pending.Done.SetException(Stopped());
        return pending.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    /// <summary>Writes <paramref name="rows"/> in one transaction and commits it; throws if anything failed.</summary>
    protected abstract void Commit(IReadOnlyList<JournalRowData> rows);

    /// <summary>Closes the connection (after a failure, and when the writer stops); the next <see cref="Commit"/> opens a new one.</summary>
    protected abstract void CloseConnection();

    /// <summary>Runs <paramref name="job"/> on the writer's thread after the writes queued before it, between transactions.</summary>
    protected Task<T> BetweenTransactionsAsync<T>(Func<T> job)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = new PendingWrite([], new TaskCompletionSource(), () =>
        {
            try
            {
                done.SetResult(job());
            }
            catch (Exception e)
            {
                CloseConnection();
                done.SetException(e);
            }
        });
        if (!_queue.Writer.TryWrite(pending))
            done.SetException(Stopped());
        return done.Task;
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            var rows = 0;
            Action? job = null;
            while (rows < MaxRows && _queue.Reader.TryRead(out var write))
            {
                if (write.Job is not null)
                {
                    job = write.Job; // after the writes queued before it; the ones after wait for the next transaction
                    break;
                }
                batch.Add(write);
                rows += write.Rows.Count;
            }
            if (batch.Count > 0)
                CommitBatch(batch);
            job?.Invoke();
        }
        CloseConnection();
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
        try
        {
            CommitOrClose(batch.Count == 1 ? batch[0].Rows : batch.SelectMany(w => w.Rows).ToList());
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

    private void CommitAlone(PendingWrite write)
    {
        try
        {
            CommitOrClose(write.Rows);
            write.Done.SetResult();
        }
        catch (Exception e)
        {
            write.Done.SetException(e);
        }
    }

    private void CommitOrClose(IReadOnlyList<JournalRowData> rows)
    {
        try
        {
            Commit(rows);
        }
        catch
        {
            CloseConnection(); // a failed connection is not reused; the next transaction opens a new one
            throw;
        }
    }

    protected static string Qualified(string? schema, string table) => string.IsNullOrEmpty(schema) ? table : $"{schema}.{table}";

    /// <summary>
    /// The index that keeps the plugin's <c>EventsByTag</c> query (the projections' feed) a range read: it
    /// asks for one tag's rows after an ordering, and with only the plugin's index on the tag the database
    /// read every row of the tag on each poll (20 ms at 23,000 events, growing with the journal). Created
    /// by the writer on its first connection (the plugin has made the tables by the first write); see
    /// docs/adr/0001-sqlite-journal-write-path.md.
    /// </summary>
    protected static string TagOrderingIndex(JournalTableConfig tables)
    {
        var t = tables.TagTable;
        return $"CREATE INDEX IF NOT EXISTS {t.Name}_tag_ordering_idx ON {Qualified(tables.SchemaName, t.Name)} ({t.ColumnNames.Tag}, {t.ColumnNames.OrderingId})";
    }

    private static InvalidOperationException Stopped() => new("The journal writer has stopped.");

    /// <summary>One write, or (with <paramref name="Job"/>) work between transactions.</summary>
    private sealed record PendingWrite(IReadOnlyList<JournalRowData> Rows, TaskCompletionSource Done, Action? Job);
}
