using System.Data.Common;
using LinqToDB;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;

namespace RealName.Persistence.Sqlite;

/// <summary>
/// Creates <see cref="TunedSqliteConnection"/>s for one SQLite database file and builds the linq2db
/// <see cref="DataOptions"/> that hand them to Akka.Persistence.Sql.
/// </summary>
/// <remarks>
/// One instance per database file (connection string). It ensures WAL mode once, on the first
/// connection it opens, so the setup is correct even if <see cref="SqliteJournalConnections.Prepare"/>
/// was not called; and it counts the transactions begun on its connections, which lets tests see how
/// many writes the journal put into one transaction.
/// </remarks>
internal sealed class SqliteConnectionFactory
{
    /// <summary>
    /// How long SQLite itself waits for a lock before reporting <c>SQLITE_BUSY</c>. Well under
    /// Microsoft.Data.Sqlite's default command timeout (30 s), after which it gives up.
    /// </summary>
    internal const int BusyTimeoutMilliseconds = 5000;

    private readonly Lock _walGate = new();
    private volatile bool _walEnsured;
    private long _transactionsBegun;

    public SqliteConnectionFactory(string connectionString, string synchronous = SqliteSynchronous.Full)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        Synchronous = SqliteSynchronous.Normalize(synchronous);
    }

    /// <summary>The Microsoft.Data.Sqlite connection string of every connection made here.</summary>
    public string ConnectionString { get; }

    /// <summary>The <c>PRAGMA synchronous</c> of every connection made here (see <see cref="SqliteSynchronous"/>).</summary>
    public string Synchronous { get; }

    /// <summary>How many transactions have begun on connections made by this factory.</summary>
    public long TransactionsBegun => Interlocked.Read(ref _transactionsBegun);

    /// <summary>
    /// linq2db options for the plugin: the Microsoft.Data.Sqlite data provider with this factory's
    /// connections. The provider name is set too because Akka.Persistence.Sql reads
    /// <c>DataOptions.ConnectionOptions.ProviderName</c> (it lower-cases it to choose row mappings, so
    /// it must not be null); linq2db itself uses the data provider given with the connection factory.
    /// </summary>
    public DataOptions CreateDataOptions()
    {
        var provider = SQLiteTools.GetDataProvider(SQLiteProvider.Microsoft);
        return new DataOptions()
            .UseProvider(ProviderName.SQLiteMS)
            .UseConnectionFactory(provider, CreateConnection);
    }

    /// <summary>A new, closed connection; linq2db opens and disposes it.</summary>
    public DbConnection CreateConnection(DataOptions options)
    {
        return new TunedSqliteConnection(this);
    }

    /// <summary>
    /// Runs on every open. <c>busy_timeout</c> and <c>synchronous</c> belong to the connection, not to
    /// the file, so a pooled handle may already have them; setting them again costs next to nothing.
    /// The default <c>synchronous = FULL</c> makes a commit durable before the plugin acknowledges
    /// the event; <see cref="SqliteSynchronous"/> says what the other modes give up.
    /// </summary>
    internal void OnOpened(SqliteConnection connection)
    {
        PooledSqlite.EndLeftoverTransaction(connection);
        using (var command = connection.CreateCommand())
        {
            command.CommandText =
                $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = {Synchronous};";
            command.ExecuteNonQuery();
        }

        if (!_walEnsured)
        {
            EnsureWal(connection);
        }
    }

    internal void OnTransactionBegun()
    {
        Interlocked.Increment(ref _transactionsBegun);
    }

    /// <summary>
    /// WAL lets readers and the single writer work at the same time and makes a commit one append.
    /// The journal mode is stored in the database file, so it is set once per factory; the lock keeps
    /// this process's other first connections from racing the switch. An in-memory database answers
    /// <c>memory</c> and stays so; <see cref="SqliteJournalConnections.Prepare"/> is where a file that
    /// cannot use WAL is reported.
    /// </summary>
    private void EnsureWal(SqliteConnection connection)
    {
        lock (_walGate)
        {
            if (_walEnsured)
            {
                return;
            }

            _ = SqliteJournalConnections.SetWalMode(connection);
            _walEnsured = true;
        }
    }
}
