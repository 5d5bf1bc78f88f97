using System.Runtime.CompilerServices;
using Akka.Actor.Setup;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;
using RealName.Persistence.Query;

[assembly: InternalsVisibleTo("RealName.Actors.Tests")]
[assembly: InternalsVisibleTo("RealName.Cluster.Tests")]

namespace RealName.Persistence.Sqlite;

/// <summary>
/// Makes Akka.Persistence.Sql (linq2db, provider <c>SQLite.MS</c>) use SQLite connections tuned for it
/// (<see cref="TunedSqliteConnection"/>), through the <see cref="MultiDataOptionsSetup"/> its journal,
/// snapshot store and read journal look up under their plugin ids.
/// </summary>
/// <remarks>
/// Plain connections gave about one event per transaction and took the write lock for every read
/// (see docs/adr/0001-sqlite-journal-write-path.md). Keep HOCON <c>provider-name = "SQLite.MS"</c>, and
/// <c>akka.persistence.journal.sql.parallelism = 1</c> for the plugin's own write path: SQLite has one writer.
/// </remarks>
public static class SqliteJournalConnections
{
    /// <summary>The linq2db provider name for Microsoft.Data.Sqlite; also what HOCON <c>provider-name</c> must say.</summary>
    public const string ProviderName = LinqToDB.ProviderName.SQLiteMS;

    /// <summary>
    /// The actor-system setup that makes the journal and the read journal use tuned connections to
    /// <paramref name="journalConnectionString"/>, and the snapshot store to
    /// <paramref name="snapshotConnectionString"/>. Separate files keep snapshot writes from taking the
    /// journal's write lock.
    /// </summary>
    public static Setup CreateSetup(string journalConnectionString, string snapshotConnectionString, string synchronous = SqliteSynchronous.Full)
    {
        return CreateSetup(
            new SqliteConnectionFactory(journalConnectionString, synchronous),
            new SqliteConnectionFactory(snapshotConnectionString, synchronous));
    }

    /// <summary>As the public overload, with the factories given so that tests can read their counters.</summary>
    internal static MultiDataOptionsSetup CreateSetup(
        SqliteConnectionFactory journal,
        SqliteConnectionFactory snapshots)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshots);

        var journalOptions = journal.CreateDataOptions();
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions(PersistencePlugins.JournalId, journalOptions);
        // SqlReadJournal reads MultiDataOptionsSetup under its own plugin id; without this entry it
        // would fall back to HOCON and plain connections to the same file. Its tag lookups made indexed reads.
        setup.AddDataOptions(PersistencePlugins.QueryId, journalOptions.UseInterceptor(TagAggregateRewrite.Instance));
        setup.AddDataOptions(PersistencePlugins.SnapshotStoreId, snapshots.CreateDataOptions());
        return setup;
    }

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string for the database file at <paramref name="filePath"/>:
    /// created if missing, private cache (a shared cache would serialise the connections on table locks
    /// and change what <c>read_uncommitted</c> means), pooling on (the plugin opens a connection for
    /// every operation; pooling keeps the SQLite handle, and its page cache, between them).
    /// </summary>
    public static string ConnectionString(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(filePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    /// <summary>
    /// Creates the folder of <paramref name="filePath"/> and the database file, and switches it to WAL.
    /// The journal mode is stored in the file, so this is needed once per file; it is called before
    /// the actor system starts so that a file which cannot use WAL fails here, loudly.
    /// </summary>
    /// <exception cref="InvalidOperationException">SQLite kept another journal mode.</exception>
    public static void Prepare(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var fullPath = Path.GetFullPath(filePath);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = new SqliteConnection(ConnectionString(fullPath));
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA busy_timeout = {SqliteConnectionFactory.BusyTimeoutMilliseconds};";
            command.ExecuteNonQuery();
        }

        var mode = SetWalMode(connection);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite kept journal mode '{mode}' for '{fullPath}' instead of switching to WAL.");
        }
    }

    /// <summary>Runs <c>PRAGMA journal_mode = WAL</c> and returns the mode SQLite reports afterwards.</summary>
    internal static string SetWalMode(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
