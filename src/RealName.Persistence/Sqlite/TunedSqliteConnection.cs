using System.Data;
using Microsoft.Data.Sqlite;

namespace RealName.Persistence.Sqlite;

/// <summary>
/// A <see cref="SqliteConnection"/> that behaves well under Akka.Persistence.Sql (linq2db): an open
/// that is really asynchronous, deferred transactions, and the per-connection pragmas on every open.
/// </summary>
/// <remarks>
/// A subclass rather than a wrapper, so linq2db's <c>SQLite.MS</c> provider still takes it as its own
/// (see docs/adr/0001-sqlite-journal-write-path.md for what each change fixed).
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
