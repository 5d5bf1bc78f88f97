using System.Data;
using Microsoft.Data.Sqlite;

namespace RealName.Persistence.Sqlite;

/// <summary>
/// A <see cref="SqliteConnection"/> that behaves well under Akka.Persistence.Sql (linq2db).
/// </summary>
/// <remarks>
/// <para>
/// It is a subclass rather than a <see cref="System.Data.Common.DbConnection"/> wrapper on purpose:
/// linq2db's <c>SQLite.MS</c> provider accepts a connection whose type is, or derives from,
/// <see cref="SqliteConnection"/> (<c>DynamicDataProviderBase.TryGetProviderConnection</c> checks
/// <c>IsSameOrParentOf</c>), so bulk copy and type mapping keep working without an unwrap interceptor.
/// </para>
/// <para>What it changes, and why:</para>
/// <list type="bullet">
/// <item><description>
/// <see cref="OpenAsync(CancellationToken)"/> really is asynchronous. Microsoft.Data.Sqlite inherits
/// <see cref="System.Data.Common.DbConnection.OpenAsync(CancellationToken)"/>, which opens synchronously
/// and returns a completed task, so every plugin write ran to completion inside the journal's
/// <c>SelectAsync</c> stage and its <c>BatchWeighted</c> stage never had a second batch waiting
/// (about one event per transaction). Completing the open on the thread pool frees the stage while
/// the transaction is in flight, so writes arriving meanwhile are batched into the next transaction.
/// (The journal's writes now go through <see cref="SqliteJournalWriter"/>, which batches on its own
/// thread; the plugin's reads and the snapshot store still open connections this way.)
/// </description></item>
/// <item><description>
/// <see cref="BeginTransaction(IsolationLevel)"/> (what <c>DbConnection.BeginTransaction(IsolationLevel)</c>
/// and linq2db's <c>BeginTransactionAsync</c> end up calling) starts a <c>DEFERRED</c> transaction.
/// Microsoft.Data.Sqlite would issue <c>BEGIN IMMEDIATE</c> for every isolation level except
/// <see cref="IsolationLevel.ReadUncommitted"/>, and the plugin wraps every operation, reads included,
/// in a transaction, so each read took the database write lock. Deferred transactions take the write
/// lock at their first write statement; every write transaction of the plugin starts with a write
/// statement, and WAL readers do not block the writer.
/// </description></item>
/// <item><description>
/// Each open sets <c>PRAGMA busy_timeout</c> and <c>PRAGMA synchronous = FULL</c> (both are per
/// connection, not stored in the file) through <see cref="SqliteConnectionFactory.OnOpened"/>.
/// Without a busy timeout, SQLite fails a locked statement at once and Microsoft.Data.Sqlite retries
/// it after a fixed 150 ms <c>Thread.Sleep</c>; with it, SQLite waits for the lock itself.
/// </description></item>
/// </list>
/// </remarks>
internal sealed class TunedSqliteConnection : SqliteConnection
{
    private readonly SqliteConnectionFactory _factory;

    public TunedSqliteConnection(SqliteConnectionFactory factory)
        : base(factory.ConnectionString)
    {
        _factory = factory;
    }

    /// <summary>Opens the connection and applies the per-connection pragmas.</summary>
    public override void Open()
    {
        if (State == ConnectionState.Open)
        {
            return;
        }

        base.Open();
        try
        {
            _factory.OnOpened(this);
        }
        catch
        {
            base.Close();
            throw;
        }
    }

    /// <summary>
    /// Opens on a thread-pool thread so that the returned task is not already complete,
    /// which is what lets the journal's write stage batch the writes that arrive meanwhile.
    /// </summary>
    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled(cancellationToken)
            : Task.Run(Open, cancellationToken);
    }

    /// <summary>
    /// Begins a <c>DEFERRED</c> transaction whatever the isolation level, so that a transaction
    /// which only reads never takes the write lock.
    /// </summary>
    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel)
    {
        return BeginTransaction(isolationLevel, deferred: true);
    }

    /// <summary>Begins a transaction as asked and counts it (see <see cref="SqliteConnectionFactory.TransactionsBegun"/>).</summary>
    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        var transaction = base.BeginTransaction(isolationLevel, deferred);
        _factory.OnTransactionBegun();
        return transaction;
    }
}
